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

  var narrow = window.matchMedia("(max-width: 575.98px)").matches;

  /* A long indicator name as lines of at most `width` characters (Chart.js draws an array
     label as several lines), at most 4 lines: on a phone nothing is clipped. */
  function wrap(label, width) {
    var lines = [];
    var line = "";
    label.split(/\s+/).forEach(function (word) {
      if (line && (line + " " + word).length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    if (line) {
      lines.push(line);
    }
    if (lines.length > 4) {
      lines = lines.slice(0, 4);
      lines[3] = lines[3] + " …";
    }
    return lines;
  }

  var attainment = document.getElementById("chart-attainment");
  if (attainment && data.indicators.length) {
    var width = narrow ? 22 : 40;
    // Each bar gets room for its wrapped label: the box grows with the indicators.
    attainment.parentNode.style.height = Math.max(288, data.indicators.length * (narrow ? 84 : 56) + 80) + "px";
    new Chart(attainment, {
      type: "bar",
      data: {
        labels: data.indicators.map(function (item) { return wrap(item.label, width); }),
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
          y: { stacked: true, ticks: { autoSkip: false, font: { size: narrow ? 11 : 12 } } },
        },
        plugins: {
          legend: { position: "bottom" },
          tooltip: {
            callbacks: {
              title: function (items) { return data.indicators[items[0].dataIndex].label; },
            },
          },
        },
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
        scales: {
          x: { ticks: { maxRotation: 60, minRotation: narrow ? 45 : 0, autoSkip: true } },
          y: { beginAtZero: true, max: data.required, ticks: { precision: 0 } },
        },
        plugins: { legend: { position: "bottom" } },
      },
    });
  }
})();
