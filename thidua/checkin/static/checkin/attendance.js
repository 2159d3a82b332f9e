// The live attendance page (checkin/attendance.html). Every 5 s (the data-every of #figures) it asks
// #figures' data-url for the figures as HTML, sending the ETag it holds (first the page's data-etag):
// while nothing changed the server answers 304 with no body and nothing is redrawn; otherwise the
// figures are swapped in and the chart is redrawn from the arrivals they carry
// (<script type="application/json" id="arrivals-data">).
document.addEventListener("DOMContentLoaded", function () {
  const box = document.getElementById("figures");
  const url = box.dataset.url;
  const every = Number(box.dataset.every) || 5000;
  let etag = box.dataset.etag || "";
  const arrivals = () => JSON.parse(document.getElementById("arrivals-data").textContent);
  const first = arrivals();
  const chart = new Chart(document.getElementById("arrivals"), {
    data: {
      labels: first.map(a => a.at),
      datasets: [
        {type: "bar", label: "Đến trong 5 phút", data: first.map(a => a.count), backgroundColor: "#8fb3e8"},
        {type: "line", label: "Cộng dồn", data: first.map(a => a.cumulative), borderColor: "#b02a37", yAxisID: "y"},
      ],
    },
    options: {animation: false, maintainAspectRatio: false, scales: {y: {beginAtZero: true}}},
  });
  setInterval(async function () {
    try {
      const headers = {"HX-Request": "true"};
      if (etag) headers["If-None-Match"] = etag;
      const r = await fetch(url, {credentials: "same-origin", headers: headers, cache: "no-store"});
      if (r.status === 304 || !r.ok) return;
      etag = r.headers.get("ETag") || "";
      box.innerHTML = await r.text();
      const f = arrivals();
      chart.data.labels = f.map(a => a.at);
      chart.data.datasets[0].data = f.map(a => a.count);
      chart.data.datasets[1].data = f.map(a => a.cumulative);
      chart.update();
    } catch (e) { /* keep the last figures */ }
  }, every);
});
