// A list whose order is saved on the server, changed by dragging its rows (the council's standing list):
//   a <form method="post" id="…" action="…">{% csrf_token %}</form>, and the list's container (a <tbody>)
//   [data-reorder-list="that form's id"] with one [data-id] row each.
// A row dragged onto another takes its place; the form then gets every row's id (name="ids") in the new
// order beside what it already holds (the order the page showed, for the server to refuse a list that
// changed meanwhile) and is submitted (POST with CSRF). While a row
// is dragged the place it would go is marked. Without a mouse the rows' own "Lên"/"Xuống" buttons do
// the same one step at a time. No inline script (CSP).
(function () {
  "use strict";

  function start(list) {
    const form = document.getElementById(list.dataset.reorderList);
    if (!form) {
      return;
    }
    let dragged = null;
    list.querySelectorAll("[data-id]").forEach(function (row) {
      row.draggable = true;
      row.classList.add("reorder-row");
    });

    function clearMarks() {
      list.querySelectorAll(".reorder-over").forEach(function (el) { el.classList.remove("reorder-over"); });
    }

    list.addEventListener("dragstart", function (e) {
      const row = e.target instanceof Element && e.target.closest("[data-id]");
      if (!row) {
        return;
      }
      dragged = row;
      e.dataTransfer.effectAllowed = "move";
      e.dataTransfer.setData("text/plain", row.dataset.id);
      row.classList.add("reorder-dragging");
    });
    list.addEventListener("dragover", function (e) {
      const row = e.target instanceof Element && e.target.closest("[data-id]");
      if (dragged && row) {
        e.preventDefault();
        clearMarks();
        if (row !== dragged) {
          row.classList.add("reorder-over");
        }
      }
    });
    list.addEventListener("dragleave", function (e) {
      if (e.target instanceof Element && !list.contains(e.relatedTarget)) {
        clearMarks();
      }
    });
    list.addEventListener("drop", function (e) {
      const row = e.target instanceof Element && e.target.closest("[data-id]");
      e.preventDefault();
      clearMarks();
      if (!dragged || !row || row === dragged) {
        return;
      }
      const rows = Array.from(list.querySelectorAll("[data-id]"));
      const down = rows.indexOf(dragged) < rows.indexOf(row);
      row[down ? "after" : "before"](dragged);
      form.querySelectorAll('input[name="ids"]').forEach(function (el) { el.remove(); });
      list.querySelectorAll("[data-id]").forEach(function (r, i) {
        const input = document.createElement("input");
        input.type = "hidden";
        input.name = "ids";
        input.value = r.dataset.id;
        form.appendChild(input);
        const number = r.querySelector("[data-reorder-number]");
        if (number) {
          number.textContent = String(i + 1);
        }
      });
      list.setAttribute("aria-busy", "true");
      form.submit();
    });
    list.addEventListener("dragend", function () {
      if (dragged) {
        dragged.classList.remove("reorder-dragging");
      }
      dragged = null;
      clearMarks();
    });
  }

  function init() {
    document.querySelectorAll("[data-reorder-list]").forEach(start);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
