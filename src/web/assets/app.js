// The admission form's steps in one page (issue 13). Without scripts each step is a round trip
// that carries the other steps' answers hidden. With them, the other steps — sent with the page
// as inert templates — join the form, the clerk moves between them without sending anything,
// and each step is checked here before moving on, with the server's own list of checks and the
// messages of the page's language (data-admit); the admission is sent once, and the server
// checks all of it again (a refusal comes back at its control, on its step, with every answer).
(function () {
  var form = document.querySelector('form[data-admit]');
  if (!form) return;
  var data = JSON.parse(form.getAttribute('data-admit'));
  var steps = data.steps;
  form.querySelectorAll('template.admit-step').forEach(function (t) { t.replaceWith(t.content.cloneNode(true)); });
  var carried = form.querySelector('.carried');
  if (carried) carried.remove();
  var stepInput = form.querySelector('input[name="_step"]');
  var trail = form.querySelector('.step-trail');
  var primary = form.querySelector('.actions button[name="_go"]:not(.secondary)');
  var back = form.querySelector('.actions button[name="_go"].secondary');
  var current = stepInput.value;
  var plain = new Intl.NumberFormat(data.intl, { useGrouping: false });
  var monthName = new Intl.DateTimeFormat(data.intl + '-u-ca-gregory', { month: 'long', timeZone: 'UTC' });

  function section(step) { return form.querySelector('section.admit-step[data-step="' + step + '"]'); }
  function control(name) { return form.querySelector('[name="' + name + '"]:not([type="hidden"])'); }
  function value(name) { var el = control(name); return el ? el.value.trim() : ''; }

  // Dates as form-dates.ts reads them: day/month/year in Latin, Arabic-Indic or Eastern
  // Arabic-Indic digits (or a four-digit year first), a time as hours:minutes.
  function cleaned(text) {
    return text.replace(/[\u061c\u200e\u200f\u2066-\u2069\u202a-\u202e]/g, '')
      .replace(/[\u0660-\u0669]/g, function (d) { return String(d.charCodeAt(0) - 0x0660); })
      .replace(/[\u06f0-\u06f9]/g, function (d) { return String(d.charCodeAt(0) - 0x06f0); }).trim();
  }
  function dayProblem(text) {
    var m = /^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$/.exec(text);
    var y = /^(\d{4})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})$/.exec(text);
    if (!m && !y) return { kind: 'format' };
    var day = Number(m ? m[1] : y[3]), month = Number(m ? m[2] : y[2]), year = Number(m ? m[3] : y[1]);
    if (year < 1) return { kind: 'format' };
    if (month < 1 || month > 12) return { kind: 'month', month: month };
    var days = new Date(Date.UTC(year, month, 0)).getUTCDate();
    if (day < 1 || day > days) return { kind: 'day', day: day, month: month, year: year, days: days };
    return null;
  }
  function dateProblem(text, withTime) {
    var s = cleaned(text);
    if (!s) return { kind: 'missing' };
    if (!withTime) return dayProblem(s);
    var m = /^(.+?)(?:\s+|\s*T\s*)(\d{1,2})\s*:\s*(\d{2})$/.exec(s);
    if (!m) return { kind: 'format' };
    var day = dayProblem(m[1].trim());
    if (day) return day;
    return Number(m[2]) > 23 || Number(m[3]) > 59 ? { kind: 'time' } : null;
  }
  function dateMessage(pattern, p) {
    return pattern.replace('{month_name}', p.year ? monthName.format(Date.UTC(p.year, p.month - 1, 1)) : '')
      .replace('{month}', p.month ? plain.format(p.month) : '').replace('{year}', p.year ? plain.format(p.year) : '')
      .replace('{days}', p.days ? plain.format(p.days) : '').replace('{day}', p.day ? plain.format(p.day) : '');
  }

  /** The mistakes of the steps given, in the order their controls stand. */
  function mistakes(among) {
    var found = [];
    data.checks.forEach(function (check) {
      var el = control(check.control);
      var part = el && el.closest('section.admit-step');
      if (!part || among.indexOf(part.dataset.step) < 0) return;
      if (check.item) {
        var state = form.querySelector('input[name="/items/' + check.item + '/state"]:checked');
        if ((state && state.value === 'unknown' ? 'unknown' : 'known') !== check.when) return;
      }
      var message = null;
      if (check.kind === 'required') { if (!el.value.trim()) message = check.messages.missing; }
      else {
        var p = dateProblem(el.value, check.kind === 'datetime');
        if (p) message = dateMessage(check.messages[p.kind], p);
      }
      if (message) found.push({ el: el, step: part.dataset.step, message: message });
    });
    return found.sort(function (a, b) { return a.el.compareDocumentPosition(b.el) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1; });
  }

  function describedBy(el, id, add) {
    var ids = (el.getAttribute('aria-describedby') || '').split(' ').filter(function (x) { return x && x !== id; });
    if (add) ids.push(id);
    if (ids.length) el.setAttribute('aria-describedby', ids.join(' ')); else el.removeAttribute('aria-describedby');
  }
  /** Every mark of a mistake taken off (the server's too), and the summary. */
  function clearMistakes() {
    var summary = form.querySelector('#error-summary');
    if (summary) summary.remove();
    form.querySelectorAll('.has-error').forEach(function (part) {
      part.classList.remove('has-error');
      part.querySelectorAll(':scope > p.error').forEach(function (p) { p.remove(); });
    });
    form.querySelectorAll('[aria-invalid]').forEach(function (el) { el.removeAttribute('aria-invalid'); describedBy(el, el.id + '-error', false); });
  }
  /** Mistakes shown as the server shows them: at each control, and a summary at the top linking to each, read first. */
  function showMistakes(found) {
    var summary = document.createElement('div');
    summary.className = 'error-summary';
    summary.id = 'error-summary';
    summary.setAttribute('role', 'alert');
    summary.setAttribute('tabindex', '-1');
    summary.setAttribute('aria-labelledby', 'error-summary-title');
    var title = document.createElement('h2');
    title.id = 'error-summary-title';
    title.textContent = data.problems[Math.min(found.length, data.problems.length) - 1];
    var list = document.createElement('ul');
    found.forEach(function (f) {
      var field = f.el.closest('.field');
      var error = document.createElement('p');
      error.className = 'error';
      error.id = f.el.id + '-error';
      error.textContent = f.message;
      field.classList.add('has-error');
      field.appendChild(error);
      f.el.setAttribute('aria-invalid', 'true');
      describedBy(f.el, error.id, true);
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = '#' + f.el.id;
      a.textContent = f.message;
      li.appendChild(a);
      list.appendChild(li);
    });
    summary.appendChild(title);
    summary.appendChild(list);
    trail.insertAdjacentElement('afterend', summary);
    summary.focus();
  }

  function bdi(text, dir) { var b = document.createElement('bdi'); if (dir) b.dir = dir; b.textContent = text; return b; }
  function fill(cell, parts) {
    cell.textContent = '';
    parts.forEach(function (part, i) {
      if (i) cell.appendChild(document.createTextNode(' · '));
      cell.appendChild(typeof part === 'string' ? document.createTextNode(part) : part);
    });
  }
  function chosen(name) {
    var el = control(name);
    if (!el) return '';
    if (el.tagName === 'SELECT') return el.value ? el.options[el.selectedIndex].textContent.trim() : '';
    var checked = form.querySelector('input[name="' + name + '"]:checked');
    return checked ? checked.closest('label').textContent.trim() : '';
  }
  function unknownBecause(item) { return data.unknown_because.replace('{reason}', value('/items/' + item + '/unknown_reason')); }
  function isUnknown(item) { var s = form.querySelector('input[name="/items/' + item + '/state"]:checked'); return !!s && s.value === 'unknown'; }
  /** The review, as the server writes it, from what the steps hold now. */
  function review() {
    var part = section('review');
    var unknown = [];
    part.querySelectorAll('tr[data-row]').forEach(function (row) {
      var cell = row.querySelector('td.given');
      var name = row.dataset.row;
      if (name === 'placement') fill(cell, [bdi(chosen('/unit_id') || '—'), chosen('/legal_status') || '—', bdi(value('/admitted_at'), 'ltr')]);
      else if (name === 'basis') fill(cell, [chosen('/basis/kind'), bdi(value('/basis/reference')), bdi(value('/basis/issuing_authority')), bdi(value('/basis/issued_on'), 'ltr')]);
      else if (isUnknown(name)) { fill(cell, [unknownBecause(name)]); unknown.push(name); }
      else {
        var given = Array.prototype.map.call(form.querySelectorAll('#item-' + name + ' .known-part input[type="text"], #item-' + name + ' .known-part textarea'), function (el) { return el.value.trim(); }).filter(Boolean);
        fill(cell, [bdi(given.join(' · ') || '—')]);
      }
    });
    var old = part.querySelector('#still-unknown');
    var now;
    if (unknown.length) {
      now = document.createElement('ul');
      unknown.forEach(function (name) {
        var li = document.createElement('li');
        li.textContent = form.querySelector('#item-' + name + ' > legend').textContent + ': ' + unknownBecause(name);
        now.appendChild(li);
      });
    } else {
      now = document.createElement('p');
      now.textContent = data.none_unknown;
    }
    now.id = 'still-unknown';
    old.replaceWith(now);
  }

  function show(step, opening) {
    var at = steps.indexOf(step);
    current = step;
    steps.forEach(function (id) { section(id).hidden = id !== step; });
    stepInput.value = step;
    stepInput.setAttribute('value', step);
    document.title = data.titles[at];
    trail.setAttribute('aria-label', data.step_of[at]);
    trail.querySelector('.step-count').textContent = data.step_of[at];
    trail.querySelectorAll('.steps li').forEach(function (li, i) {
      li.className = i === at ? 'current' : i < at ? 'done' : '';
      if (i === at) li.setAttribute('aria-current', 'step'); else li.removeAttribute('aria-current');
    });
    var last = at === steps.length - 1;
    primary.value = last ? 'admit' : steps[at + 1];
    primary.textContent = last ? data.submit : data['continue'];
    back.hidden = at === 0;
    back.value = steps[Math.max(at - 1, 0)];
    if (step === 'review') review();
    if (!opening) trail.scrollIntoView({ block: 'start' });
  }

  /** Going on checks the steps left behind and stops at the first with a mistake; going back checks nothing. */
  function go(to) {
    var from = steps.indexOf(current);
    var until = to === 'admit' ? steps.length : steps.indexOf(to);
    clearMistakes();
    var found = until > from ? mistakes(steps.slice(to === 'admit' ? 0 : from, until)) : [];
    if (found.length) {
      var first = found[0].step;
      show(first);
      showMistakes(found.filter(function (f) { return f.step === first; }));
      return false;
    }
    if (to !== 'admit') show(to);
    return true;
  }

  form.addEventListener('submit', function (e) {
    var to = e.submitter && e.submitter.name === '_go' ? e.submitter.value : primary.value;
    // Only the admission itself is sent, and only once the form finds nothing wrong with it.
    if (to === 'admit') { if (!go('admit')) e.preventDefault(); return; }
    e.preventDefault();
    go(to);
  });
  // The review's buttons lead back to a step; they send nothing (and are no longer the form's first button, which Enter presses).
  form.querySelectorAll('button.change').forEach(function (button) {
    button.type = 'button';
    button.addEventListener('click', function () { go(button.value); });
  });
  show(current, true);
})();
// Say when a background request failed, and what to do; and let a
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
