// cchc: htmx settings. Error responses (4xx) are shown in #flash instead of being dropped.
document.addEventListener("htmx:beforeSwap", function (e) {
  var status = e.detail.xhr.status;
  if (status >= 400) {
    e.detail.shouldSwap = true;
    e.detail.isError = false;
    var target = e.detail.requestConfig.elt.closest("[data-error-target]");
    e.detail.target = target ? document.querySelector(target.dataset.errorTarget) : document.getElementById("flash");
  }
});
document.addEventListener("htmx:configRequest", function (e) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) { e.detail.headers["X-CSRF-Token"] = meta.content; }
});
