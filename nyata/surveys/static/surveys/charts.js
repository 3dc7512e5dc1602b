/* SKM charts: the NRR of each unsur (bars) and the IKM month by month (line), drawn with the vendored
   Chart.js from the figures the page passes with json_script. The table beside each chart holds the same
   figures, so the page is complete without JavaScript and for screen readers. */
(function () {
  "use strict";
  var BLUE = "#0b5e8a";
  var AMBER = "#b45309";
  // Ticks and tooltips write figures as the page's language does (3,25 on a Bahasa Indonesia page), not
  // as the browser's language would.
  var LOCALE = document.documentElement.lang || "id";

  function unsurChart(canvas, data) {
    var weakest = Math.min.apply(null, data.values.filter(function (v) { return v !== null; }));
    return new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [{
          label: data.label,
          data: data.values,
          backgroundColor: data.values.map(function (v) { return v === weakest ? AMBER : BLUE; })
        }]
      },
      options: {
        locale: LOCALE,
        animation: false,
        maintainAspectRatio: false,
        scales: { y: { min: 0, max: 4, ticks: { stepSize: 1 } } },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { title: function (items) { return data.titles[items[0].dataIndex]; } } }
        }
      }
    });
  }

  function trendChart(canvas, data) {
    return new Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: [{ label: data.label, data: data.values, borderColor: BLUE, backgroundColor: BLUE, spanGaps: true }]
      },
      options: {
        locale: LOCALE,
        animation: false,
        maintainAspectRatio: false,
        scales: { y: { min: 25, max: 100 } },
        plugins: { legend: { display: false } }
      }
    });
  }

  function draw() {
    if (typeof Chart === "undefined") { return; }
    var canvases = document.querySelectorAll("canvas[data-chart]");
    for (var i = 0; i < canvases.length; i++) {
      var canvas = canvases[i];
      var source = document.getElementById(canvas.getAttribute("data-source"));
      if (!source) { continue; }
      var figures = JSON.parse(source.textContent);
      var kind = canvas.getAttribute("data-chart");
      if (kind === "unsur") { unsurChart(canvas, figures.unsur); }
      if (kind === "trend") { trendChart(canvas, figures.trend); }
      canvas.setAttribute("data-drawn", "true");
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
