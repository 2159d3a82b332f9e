// The live attendance chart (checkin/attendance.html): drawn from the figures the page carries in
// <script type="application/json" id="figures-data">, then refreshed from the canvas's data-url every 10 s.
document.addEventListener("DOMContentLoaded", function () {
  const canvas = document.getElementById("arrivals");
  const url = canvas.dataset.url;
  const first = JSON.parse(document.getElementById("figures-data").textContent);
  const chart = new Chart(canvas, {
    data: {
      labels: first.arrivals.map(a => a.at),
      datasets: [
        {type: "bar", label: "Đến trong 5 phút", data: first.arrivals.map(a => a.count), backgroundColor: "#8fb3e8"},
        {type: "line", label: "Cộng dồn", data: first.arrivals.map(a => a.cumulative), borderColor: "#b02a37", yAxisID: "y"},
      ],
    },
    options: {animation: false, maintainAspectRatio: false, scales: {y: {beginAtZero: true}}},
  });
  setInterval(async function () {
    try {
      const r = await fetch(url, {credentials: "same-origin"});
      if (!r.ok) return;
      const f = await r.json();
      chart.data.labels = f.arrivals.map(a => a.at);
      chart.data.datasets[0].data = f.arrivals.map(a => a.count);
      chart.data.datasets[1].data = f.arrivals.map(a => a.cumulative);
      chart.update();
    } catch (e) { /* keep the last figures */ }
  }, 10000);
});
