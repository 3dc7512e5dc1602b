/* The dashboard's charts, drawn with the vendored Chart.js from the figures the page passes with
   json_script. The table beside each chart holds the same figures, so the page is complete without
   JavaScript and for screen readers. */
(function () {
  "use strict";
  var BLUE = "#0b5e8a";
  var AMBER = "#b45309";

  function bars(canvas, data, options) {
    return new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [{ label: data.label, data: data.values, backgroundColor: data.colors || BLUE }]
      },
      options: Object.assign({ animation: false, maintainAspectRatio: false, plugins: { legend: { display: false } } }, options)
    });
  }

  var kinds = {
    distribution: function (canvas, data) { return bars(canvas, data, { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }); },
    progress: function (canvas, data) { return bars(canvas, data, { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }); },
    ranking: function (canvas, data) { return bars(canvas, data, { indexAxis: "y", scales: { x: { min: 0, max: data.max } } }); },
    ikm: function (canvas, data) {
      data.colors = data.values.map(function (v) { return v !== null && v < 76.61 ? AMBER : BLUE; });
      return bars(canvas, data, { scales: { y: { min: 25, max: 100 } } });
    }
  };

  function draw() {
    if (typeof Chart === "undefined") { return; }
    var canvases = document.querySelectorAll("canvas[data-chart]");
    for (var i = 0; i < canvases.length; i++) {
      var canvas = canvases[i];
      var source = document.getElementById(canvas.getAttribute("data-source"));
      var kind = canvas.getAttribute("data-chart");
      if (!source || !kinds[kind]) { continue; }
      var figures = JSON.parse(source.textContent);
      if (!figures[kind]) { continue; }
      kinds[kind](canvas, figures[kind]);
      canvas.setAttribute("data-drawn", "true");
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
