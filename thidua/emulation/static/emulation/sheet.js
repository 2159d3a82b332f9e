// The score sheet's running totals: as a value is typed, the criterion's points and the unit's total
// are recomputed with the rules of thidua/emulation/scoring.py (criterion_points, score_units). The
// server recomputes everything on save; this is only the preview. No inline script (CSP): the rule of
// each criterion travels in data- attributes of its row:
//   <table data-sheet data-amax data-bonus-cap data-penalty-cap>
//   <tr data-criterion data-kind data-max data-each data-target data-best data-above data-fallback data-applies>
//     <input data-score-input>   <td data-points>
//   <strong data-total>  <span data-score100>
(function () {
  "use strict";
  const EPS = 1e-9;
  const table = document.querySelector("[data-sheet]");
  if (!table) return;

  function num(text) {
    // Vietnamese numbers as vn.numbers.parse_number reads them: "8,5" and "7.500" (thousands)
    const t = String(text || "").trim().replace(/\s/g, "");
    if (t === "") return null;
    if (!/^\d{1,3}(\.\d{3})*(,\d+)?$|^\d+(,\d+)?$/.test(t)) return NaN;
    return parseFloat(t.replace(/\./g, "").replace(",", "."));
  }
  function attr(el, name) {
    const v = el.dataset[name];
    return v === undefined || v === "" ? null : parseFloat(v);
  }
  function fmt(x) {
    // format_number(x, 2): dot between thousands, comma before the two decimals
    const fixed = (Math.round(x * 100 + EPS) / 100).toFixed(2);
    const parts = fixed.split(".");
    return parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ".") + "," + parts[1];
  }
  function targetPoints(mx, r, best) {
    const half = mx / 2;
    if (r === null) return 0;
    if (r < 1 - EPS) return half * Math.max(r, 0);
    if (r <= 1 + EPS) return half;
    const b = best !== null && best > r ? best : r;
    return half + half * (r - 1) / (b - 1);
  }

  function recompute() {
    let base = 0, bonus = 0, penalty = 0, any = false;
    table.querySelectorAll("tr[data-criterion]").forEach(function (row) {
      const input = row.querySelector("[data-score-input]");
      let v = attr(row, "fallback");
      if (attr(row, "above") !== null) v = attr(row, "above");  // a later round's value counts instead
      else if (input) {
        const typed = num(input.value);
        if (typed !== null) v = typed;
      }
      const cell = row.querySelector("[data-points]");
      if (v === null || Number.isNaN(v)) {
        if (cell && row.dataset.applies === "1") cell.textContent = Number.isNaN(v) ? "?" : "";
        return;
      }
      any = true;
      const kind = row.dataset.kind, mx = attr(row, "max");
      let p = 0;
      if (kind === "co_dinh") p = v >= 1 ? mx : 0;
      else if (kind === "theo_lan") p = Math.min(mx, v * (attr(row, "each") || 0));
      else if (kind === "chi_tieu") {
        const t = attr(row, "target");
        if (t === null || !(t > 0)) return;  // no target: the criterion does not apply
        p = targetPoints(mx, v / t, attr(row, "best"));
      } else {
        p = Math.min(mx, Math.max(v, 0));
        if (kind === "thuong") bonus += p; else penalty += p;
        if (cell) cell.textContent = (kind === "tru" ? "−" : "") + fmt(p);
        return;
      }
      base += p;
      if (cell) cell.textContent = fmt(p);
    });
    const bonusCap = attr(table, "bonusCap"), penaltyCap = attr(table, "penaltyCap"), amax = attr(table, "amax");
    bonus = Math.min(bonus, Math.max(bonusCap || 0, 0));
    if (penaltyCap !== null) penalty = Math.min(penalty, Math.max(penaltyCap, 0));
    const total = Math.max(0, base + bonus - penalty);
    const totalEl = document.querySelector("[data-total]");
    const scoreEl = document.querySelector("[data-score100]");
    if (totalEl) totalEl.textContent = any ? fmt(total) : "Chưa chấm";
    if (scoreEl) scoreEl.textContent = any && amax > 0 ? fmt(100 * total / amax) : "–";
  }

  table.addEventListener("input", function (e) {
    if (e.target instanceof Element && e.target.hasAttribute("data-score-input")) recompute();
  });

  // Uploading a criterion's evidence reloads the page: what was typed and not yet saved is kept in
  // the tab's sessionStorage across that reload and put back (to be saved with "Lưu").
  const key = "thidua-sheet-unsaved:" + location.pathname;
  const scores = document.getElementById("scores");
  function typedFields() {
    return scores ? scores.querySelectorAll("[data-score-input], textarea[name^='n']") : [];
  }
  document.addEventListener("submit", function (e) {
    const form = e.target;
    if (!(form instanceof HTMLFormElement) || !/^ev\d+$/.test(form.id)) return;
    const unsaved = {};
    typedFields().forEach(function (el) {
      if (el.value !== el.defaultValue) unsaved[el.name] = el.value;
    });
    try {
      if (Object.keys(unsaved).length) sessionStorage.setItem(key, JSON.stringify(unsaved));
    } catch (err) { /* storage unavailable: the upload goes on */ }
  });
  let kept = null;
  try {
    kept = JSON.parse(sessionStorage.getItem(key) || "null");
    sessionStorage.removeItem(key);
  } catch (err) { kept = null; }
  if (kept && scores) {
    typedFields().forEach(function (el) {
      if (Object.prototype.hasOwnProperty.call(kept, el.name)) el.value = kept[el.name];
    });
    const note = document.createElement("div");
    note.className = "alert alert-warning py-2";
    note.setAttribute("role", "status");
    note.dataset.testid = "unsaved";
    note.textContent = "Điểm và ghi chú vừa nhập chưa được lưu: kiểm tra lại rồi bấm “Lưu”.";
    scores.insertBefore(note, scores.firstChild);
  }
  recompute();
})();
