// The only script of our own: say when a background request failed, and what to do.
(function () {
  var banner = document.getElementById('net-error');
  if (!banner) return;
  function show(text) { banner.textContent = text; banner.hidden = false; }
  document.body.addEventListener('htmx:sendError', function () { show(banner.dataset.offline); });
  document.body.addEventListener('htmx:responseError', function () { show(banner.dataset.failed); });
  document.body.addEventListener('htmx:afterRequest', function (e) { if (e.detail.successful) banner.hidden = true; });
})();
