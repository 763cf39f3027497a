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
