// Polls each unfinished certificate job's progress (read from the server's row, so the
// bar is right after a reload) and swaps in the download link when the file is ready.
(function () {
  "use strict";
  function poll(box) {
    var url = box.getAttribute("data-batch-status");
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var bar = box.querySelector("[data-role=bar]");
        var label = box.querySelector("[data-role=label]");
        bar.style.width = data.percent + "%";
        bar.textContent = data.done + "/" + data.total;
        box.querySelector("[role=progressbar]").setAttribute("aria-valuenow", data.percent);
        if (!data.finished) {
          label.textContent = data.label;
          window.setTimeout(function () { poll(box); }, 1000);
          return;
        }
        bar.classList.remove("progress-bar-striped", "progress-bar-animated");
        if (data.download) {
          bar.classList.add("bg-success");
          var link = document.createElement("a");
          link.href = data.download;
          link.setAttribute("data-testid", "batch-download");
          link.textContent = box.closest("[id]").getAttribute("data-download-label") || "Tải tệp";
          label.textContent = "";
          label.appendChild(link);
        } else {
          bar.classList.add("bg-danger");
          label.textContent = data.label;
        }
      })
      .catch(function () { window.setTimeout(function () { poll(box); }, 3000); });
  }
  // Widths come from data-percent: the page has no inline style (Content-Security-Policy).
  document.querySelectorAll("[data-role=bar][data-percent]").forEach(function (bar) {
    bar.style.width = bar.getAttribute("data-percent") + "%";
  });
  document.querySelectorAll("[data-batch-status]").forEach(function (box) {
    if (!box.querySelector("[data-testid=batch-download]") && !box.querySelector(".bg-danger")) {
      poll(box);
    }
  });
})();
