// The homes' charts (web/dashboard_figures.html): every <canvas data-chart="ID"> is drawn with Chart.js
// from the JSON of <script type="application/json" id="ID"> — {type, labels, series, values} — the
// same rows as the printable table under it. No inline script: the CSP runs our static files only.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  if (typeof Chart === "undefined") return;
  const colours = ["#1f5fa8", "#2e8b57", "#d9822b", "#b02a37", "#6f42c1", "#6c757d", "#20a4b8", "#a0522d"];
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    const source = document.getElementById(canvas.dataset.chart);
    if (!source) return;
    const d = JSON.parse(source.textContent);
    const round = d.type === "doughnut" || d.type === "pie";
    const across = d.type === "hbar";  // long labels (units): bars drawn across, labels shortened
    const valueAxis = {beginAtZero: true, ticks: {callback: function (v) { return Number(v).toLocaleString("vi-VN"); }}};
    const labelAxis = {ticks: {callback: function (v) {
      const t = this.getLabelForValue(v);
      return t.length > 34 ? t.slice(0, 33) + "…" : t;
    }}};
    new Chart(canvas, {
      type: across ? "bar" : d.type,
      data: {
        labels: d.labels,
        datasets: [{label: d.series, data: d.values,
                    backgroundColor: round ? colours.slice(0, d.values.length) : colours[0]}],
      },
      options: {
        animation: false, maintainAspectRatio: false, indexAxis: across ? "y" : "x",
        plugins: {legend: {display: round, position: "right"}},
        scales: round ? {} : across ? {x: valueAxis, y: labelAxis} : {y: valueAxis},
      },
    });
  });
});
