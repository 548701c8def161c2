/* The office's dashboard charts. Data comes from the page's json_script block
   (id "report-chart-data"); Chart.js is served by the app (static/vendor/chartjs). */
(function () {
  "use strict";
  var source = document.getElementById("report-chart-data");
  if (!source || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var colors = { met: "#198754", not_met: "#dc3545", missing: "#adb5bd", line: "#9b1c1c" };
  Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

  function shorten(label) {
    return label.length > 48 ? label.slice(0, 46) + "…" : label;
  }

  var attainment = document.getElementById("chart-attainment");
  if (attainment && data.indicators.length) {
    new Chart(attainment, {
      type: "bar",
      data: {
        labels: data.indicators.map(function (item) { return shorten(item.label); }),
        datasets: ["met", "not_met", "missing"].map(function (key) {
          return {
            label: data.labels[key],
            data: data.indicators.map(function (item) { return item[key]; }),
            backgroundColor: colors[key],
          };
        }),
      },
      options: {
        indexAxis: "y",
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { stacked: true, beginAtZero: true, max: data.required, ticks: { precision: 0 } },
          y: { stacked: true },
        },
        plugins: { legend: { position: "bottom" } },
      },
    });
  }

  var timeline = document.getElementById("chart-timeline");
  if (timeline) {
    new Chart(timeline, {
      type: "line",
      data: {
        labels: data.timeline.map(function (point) { return point.date; }),
        datasets: [
          {
            label: data.labels.submitted,
            data: data.timeline.map(function (point) { return point.count; }),
            borderColor: colors.line,
            backgroundColor: colors.line,
            stepped: true,
          },
        ],
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        scales: { y: { beginAtZero: true, max: data.required, ticks: { precision: 0 } } },
        plugins: { legend: { position: "bottom" } },
      },
    });
  }
})();
