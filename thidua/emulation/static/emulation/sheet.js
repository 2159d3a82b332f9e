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
})();
