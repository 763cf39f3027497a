// The only script of our own: say when a background request failed, and what to do; and let a
// scanner's exported file fill a list of register numbers (without scripts the list is pasted).
(function () {
  var banner = document.getElementById('net-error');
  if (!banner) return;
  function show(text) { banner.textContent = text; banner.hidden = false; }
  document.body.addEventListener('htmx:sendError', function () { show(banner.dataset.offline); });
  document.body.addEventListener('htmx:responseError', function () { show(banner.dataset.failed); });
  document.body.addEventListener('htmx:afterRequest', function (e) { if (e.detail.successful) banner.hidden = true; });
  function fileFill() {
    document.querySelectorAll('input[type="file"][data-fill]:not([data-ready])').forEach(function (input) {
      input.dataset.ready = '1';
      var wrap = input.closest('.file-fill');
      if (wrap) wrap.hidden = false;
      input.addEventListener('change', function () {
        var list = document.getElementById(input.dataset.fill);
        var file = input.files && input.files[0];
        if (!list || !file) return;
        file.text().then(function (text) { list.value = (list.value.trim() ? list.value.trim() + '\n' : '') + text.trim(); });
      });
    });
  }
  fileFill();
  document.body.addEventListener('htmx:afterSettle', fileFill);
})();
// A choice that decides which fields apply (the kind of a date of birth): the groups marked
// data-shown-by="<radio name>" data-shown-for="<value>" other than the chosen one are hidden.
// Without scripts every group shows under its own legend, and the server reads the chosen one.
(function () {
  function choiceGroups() {
    document.querySelectorAll('[data-shown-by]:not([data-ready])').forEach(function (group) {
      group.dataset.ready = '1';
      var form = group.closest('form');
      var name = group.dataset.shownBy;
      if (!form) return;
      function update() {
        var chosen = Array.prototype.find.call(form.elements, function (el) { return el.name === name && el.checked; });
        group.hidden = !!chosen && chosen.value !== group.dataset.shownFor;
      }
      form.addEventListener('change', function (e) { if (e.target.name === name) update(); });
      update();
    });
  }
  choiceGroups();
  document.body.addEventListener('htmx:afterSettle', choiceGroups);
})();
// A control that offers a page's list of choices (data-choices: the id of a datalist) becomes a
// searchable list: what is typed is looked for anywhere in each choice (Arabic letter forms
// folded), the first matches listed under the control, chosen with the arrows and Enter or by a
// click. Without scripts the browser offers the same datalist itself.
(function () {
  function fold(s) {
    return s.normalize('NFKD').replace(/[\u064b-\u065f\u0670\u0640\u0300-\u036f]/g, '').toLowerCase()
      .replace(/[أإآٱ]/g, 'ا').replace(/[ىی]/g, 'ي').replace(/ة/g, 'ه').replace(/ك/g, 'ک');
  }
  var made = 0;
  function enhance() {
    document.querySelectorAll('input[data-choices]:not([data-ready])').forEach(function (input) {
      var list = document.getElementById(input.dataset.choices);
      if (!list) return;
      input.dataset.ready = '1';
      input.removeAttribute('list');
      var choices = Array.prototype.map.call(list.options, function (o) { return { value: o.value, code: o.textContent, key: fold(o.value + ' ' + o.textContent) }; });
      var box = document.createElement('ul');
      box.id = 'choices-' + (++made);
      box.className = 'choices';
      box.setAttribute('role', 'listbox');
      box.hidden = true;
      input.insertAdjacentElement('afterend', box);
      input.setAttribute('role', 'combobox');
      input.setAttribute('aria-autocomplete', 'list');
      input.setAttribute('aria-controls', box.id);
      input.setAttribute('aria-expanded', 'false');
      var shown = [];
      var active = -1;
      function close() { box.hidden = true; input.setAttribute('aria-expanded', 'false'); input.removeAttribute('aria-activedescendant'); active = -1; }
      function mark(i) {
        active = i;
        Array.prototype.forEach.call(box.children, function (li, j) { li.setAttribute('aria-selected', j === i ? 'true' : 'false'); });
        if (i >= 0) input.setAttribute('aria-activedescendant', box.children[i].id);
      }
      function choose(i) { input.value = shown[i].value; close(); input.dispatchEvent(new Event('change', { bubbles: true })); }
      input.addEventListener('input', function () {
        var typed = fold(input.value.trim());
        shown = typed ? choices.filter(function (c) { return c.key.indexOf(typed) >= 0; }).slice(0, 8) : [];
        box.textContent = '';
        shown.forEach(function (c, i) {
          var li = document.createElement('li');
          li.id = box.id + '-' + i;
          li.setAttribute('role', 'option');
          li.textContent = c.value;
          if (c.code) { var code = document.createElement('bdi'); code.className = 'muted'; code.textContent = ' ' + c.code; li.appendChild(code); }
          li.addEventListener('mousedown', function (e) { e.preventDefault(); choose(i); });
          box.appendChild(li);
        });
        box.hidden = !shown.length;
        input.setAttribute('aria-expanded', shown.length ? 'true' : 'false');
        mark(-1);
      });
      input.addEventListener('keydown', function (e) {
        if (box.hidden) return;
        if (e.key === 'ArrowDown') { e.preventDefault(); mark((active + 1) % shown.length); }
        else if (e.key === 'ArrowUp') { e.preventDefault(); mark(active <= 0 ? shown.length - 1 : active - 1); }
        else if (e.key === 'Enter' && active >= 0) { e.preventDefault(); choose(active); }
        else if (e.key === 'Escape') close();
      });
      input.addEventListener('blur', close);
    });
  }
  enhance();
  document.body.addEventListener('htmx:afterSettle', enhance);
})();
// A form sent back with mistakes: the summary of them takes the focus, so it is read first.
(function () {
  var summary = document.getElementById('error-summary');
  if (summary && summary.closest('form')) summary.focus();
})();
// A part of a form that matters for one choice only (data-shown-when="name=value", e.g. the
// outside authority's fields) is hidden until that choice is made; without scripts it stays,
// labelled as such, and the server ignores it.
(function () {
  document.querySelectorAll('[data-shown-when]').forEach(function (part) {
    var rule = part.getAttribute('data-shown-when').split('=');
    var form = part.closest('form');
    if (!form) return;
    function update() {
      var chosen = form.querySelector('input[name="' + rule[0] + '"]:checked');
      part.hidden = !chosen || chosen.value !== rule[1];
    }
    form.addEventListener('change', update);
    update();
  });
})();
