// The projector screen (program/projector.html): polls the operator's state every 2 s and redraws; the
// countdown ticks locally from the server's end time (OpenSlides' shape), corrected by the clock offset.
(function () {
  const url = document.body.dataset.stateUrl;
  let state = null, offset = 0;
  const $ = (id) => document.getElementById(id);
  function fmt(s) { const neg = s < 0; s = Math.abs(s); const m = Math.floor(s / 60), r = s % 60;
    return (neg ? "-" : "") + String(m).padStart(2, "0") + ":" + String(r).padStart(2, "0"); }
  function render() {
    if (!state) return;
    const it = state.item, b = state.batch;
    // The greeting stands only while nothing is shown: an award batch shown on its own takes the title
    // line ("Đợt 2: Bằng khen của Chủ tịch UBND tỉnh"), and its heading then names who hands it over.
    $("kind").textContent = it ? it.kind : (b ? "Trao khen thưởng" : "");
    $("title").textContent = it ? it.title : (b ? b.title : "Kính chào quý vị đại biểu");
    $("speaker").textContent = it ? it.speaker : "";
    $("note").textContent = state.note || "";
    const box = $("batch");
    if (b) {
      box.classList.remove("hidden");
      const heading = it ? b.title + (b.presenter ? " – trao: " + b.presenter : "") : (b.presenter ? "Trao: " + b.presenter : "");
      $("batch-title").textContent = heading;
      $("batch-title").classList.toggle("hidden", !heading);
      const ol = $("batch-names"); ol.replaceChildren(...b.names.map((n) => { const li = document.createElement("li"); li.textContent = n; return li; }));
    } else box.classList.add("hidden");
    tick();
  }
  function tick() {
    if (!state) return;
    const t = state.timer, el = $("timer");
    let secs;
    if (t.state === "running") secs = Math.ceil((t.ends_at - (Date.now() + offset)) / 1000);
    else if (t.state === "paused") secs = t.remaining;
    else secs = t.total;
    el.classList.toggle("hidden", !t.total && t.state === "stopped");
    el.classList.toggle("paused", t.state === "paused");
    el.classList.toggle("warn", t.state === "running" && secs <= 60 && secs > 0);
    el.classList.toggle("over", secs <= 0 && t.state === "running");
    el.textContent = fmt(Math.max(secs, t.state === "running" ? secs : 0));
  }
  async function poll() {
    try {
      const res = await fetch(url, {headers: {"Accept": "application/json"}, cache: "no-store"});
      if (res.ok) { const s = await res.json(); offset = s.now - Date.now(); state = s; render(); }
    } catch (e) { /* keep the last state while the network is down */ }
  }
  poll(); setInterval(poll, 2000); setInterval(tick, 250);
})();
