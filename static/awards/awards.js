// Thi đua — awards pages. Served by the app (no CDN); the pages work without it.
(function () {
  "use strict";

  // Approval board: a header box selects every row of this page.
  document.querySelectorAll("[data-select-all]").forEach(function (form) {
    var toggle = form.querySelector("[data-select-all-toggle]");
    if (!toggle) return;
    var boxes = function () {
      return form.querySelectorAll('input[type=checkbox][name="nomination"]');
    };
    toggle.addEventListener("change", function () {
      boxes().forEach(function (box) { box.checked = toggle.checked; });
    });
    form.addEventListener("change", function (event) {
      if (event.target === toggle) return;
      var all = boxes();
      var checked = Array.prototype.filter.call(all, function (b) { return b.checked; });
      toggle.checked = all.length > 0 && checked.length === all.length;
      toggle.indeterminate = checked.length > 0 && checked.length < all.length;
    });
  });
})();

// Dossier form: add and remove nominee rows without a save; show only the fields of the
// chosen kind. Without this script every field shows and "save" adds an empty row.
(function () {
  "use strict";

  function showKind(row) {
    var select = row.querySelector('select[name$="-nominee_kind"]');
    var kind = select ? select.value : "";
    row.querySelectorAll("[data-kinds]").forEach(function (box) {
      var match = !kind || box.getAttribute("data-kinds").split(" ").indexOf(kind) >= 0;
      box.hidden = !match;
    });
  }

  function wire(row) {
    showKind(row);
    var remove = row.querySelector("[data-remove-row]");
    if (!remove) return;
    var deleteBox = row.querySelector('input[type=checkbox][name$="-DELETE"]');
    if (deleteBox) return; // saved rows: the "remove when saving" box does the job
    remove.hidden = false;
    remove.addEventListener("click", function () { row.remove(); });
  }

  document.querySelectorAll("form[data-formset]").forEach(function (form) {
    var prefix = form.getAttribute("data-formset");
    var total = form.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
    var rows = form.querySelector("[data-rows]");
    var template = form.querySelector("template[data-empty-row]");
    var add = form.querySelector("[data-add-row]");
    if (!total || !rows || !template || !add) return;
    rows.querySelectorAll("[data-row]").forEach(wire);
    form.addEventListener("change", function (event) {
      if (event.target.matches('select[name$="-nominee_kind"]')) {
        showKind(event.target.closest("[data-row]"));
      }
    });
    add.hidden = false;
    add.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      var holder = document.createElement("div");
      holder.innerHTML = html.trim();
      var row = holder.firstElementChild;
      rows.appendChild(row);
      total.value = String(index + 1);
      wire(row);
      var first = row.querySelector("select, input, textarea");
      if (first) first.focus();
    });
  });
})();
