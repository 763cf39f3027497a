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
