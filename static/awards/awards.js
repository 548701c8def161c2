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
