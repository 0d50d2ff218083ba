// cchc: htmx settings. Error responses (4xx) are shown in #flash instead of being dropped.
document.addEventListener("htmx:beforeSwap", function (e) {
  var status = e.detail.xhr.status;
  if (status >= 400) {
    e.detail.shouldSwap = true;
    e.detail.isError = false;
    // A refused form comes back whole (HX-Retarget names it): it replaces itself, values and messages in place.
    if (e.detail.xhr.getResponseHeader("HX-Retarget")) { return; }
    var target = e.detail.requestConfig.elt.closest("[data-error-target]");
    e.detail.target = target ? document.querySelector(target.dataset.errorTarget) : document.getElementById("flash");
  }
});
document.addEventListener("htmx:configRequest", function (e) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) { e.detail.headers["X-CSRF-Token"] = meta.content; }
});
// Tables: every cell knows its column's name (shown above the value when rows stack on a phone),
// and a region that scrolls sideways can be reached and scrolled with the keyboard.
function cchcTables(root) {
  root.querySelectorAll("table.responsive").forEach(function (table) {
    var names = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) { return th.textContent.trim(); });
    table.querySelectorAll("tbody tr").forEach(function (tr) {
      var i = 0;
      Array.prototype.forEach.call(tr.children, function (td) {
        if (!td.hasAttribute("data-label") && names[i] && !td.hasAttribute("colspan")) { td.setAttribute("data-label", names[i]); }
        i += td.colSpan || 1;
      });
    });
  });
  root.querySelectorAll(".table-wrap, .source").forEach(function (el) {
    if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1) {
      if (!el.hasAttribute("tabindex")) { el.setAttribute("tabindex", "0"); }
      if (!el.hasAttribute("role")) { el.setAttribute("role", "region"); }
      if (!el.hasAttribute("aria-label")) { el.setAttribute("aria-label", cchcRegionName(el)); }
    }
  });
}
// A scrolling region is named by the heading before it (or its section's), and no two regions share a name.
function cchcRegionName(el) {
  var h = null;
  for (var n = el.previousElementSibling; n && !h; n = n.previousElementSibling) {
    if (/^H[1-4]$/.test(n.tagName)) { h = n; }
  }
  if (!h) { h = el.closest("section") && el.closest("section").querySelector("h2"); }
  var base = h ? h.textContent.trim() : document.title, name = base, i = 2;
  var taken = Array.prototype.map.call(document.querySelectorAll("[role=region][aria-label]"), function (r) { return r.getAttribute("aria-label"); });
  while (taken.indexOf(name) >= 0) { name = base + " (" + i + ")"; i += 1; }
  return name;
}
document.addEventListener("DOMContentLoaded", function () { cchcTables(document); });
window.addEventListener("resize", function () { cchcTables(document); });
document.addEventListener("htmx:afterSettle", function (e) { cchcTables(e.target.ownerDocument || document); });

// Uploads: the size limit checked before sending (the server checks again). Each file input carries
// data-max-bytes; a file too large or of a type not in `accept` is refused beside the field.
function cchcFileProblem(input) {
  var max = parseInt(input.dataset.maxBytes || "0", 10);
  var file = input.files && input.files[0];
  if (!file) { return ""; }
  if (max > 0 && file.size > max) {
    return "Tệp «" + file.name + "» quá lớn: giới hạn là " + Math.round(max / 1048576) + " MB.";
  }
  var accept = (input.getAttribute("accept") || "").toLowerCase().split(",").filter(Boolean);
  var dot = file.name.lastIndexOf(".");
  var ext = dot >= 0 ? file.name.slice(dot).toLowerCase() : "";
  if (accept.length && accept.indexOf(ext) < 0) {
    return "Tệp «" + file.name + "» không đúng loại: chỉ nhận " + accept.join(", ") + ".";
  }
  return "";
}
function cchcShowFileProblem(input) {
  var problem = cchcFileProblem(input);
  input.setCustomValidity(problem);
  var note = input.parentNode.querySelector(".file-check");
  if (!note) {
    note = document.createElement("span");
    note.className = "error field-error file-check";
    note.setAttribute("role", "alert");
    input.insertAdjacentElement("afterend", note);
  }
  note.textContent = problem;
  return problem;
}
document.addEventListener("change", function (e) {
  if (e.target.matches && e.target.matches("input[type=file][data-max-bytes]")) { cchcShowFileProblem(e.target); }
});
document.addEventListener("submit", function (e) {
  var inputs = e.target.querySelectorAll ? e.target.querySelectorAll("input[type=file][data-max-bytes]") : [];
  for (var i = 0; i < inputs.length; i++) {
    if (cchcShowFileProblem(inputs[i])) { e.preventDefault(); e.stopPropagation(); inputs[i].focus(); return; }
  }
}, true);
// Irreversible actions without htmx: a form with data-confirm asks first.
document.addEventListener("submit", function (e) {
  var form = e.target;
  if (form.dataset && form.dataset.confirm && !form.hasAttribute("hx-post") && !window.confirm(form.dataset.confirm)) {
    e.preventDefault();
  }
}, true);
