// Drag-and-drop reordering of the agenda (program/agenda.html, for those who manage the programme): the
// new order is posted to the tbody's data-reorder-url, then the page reloads with the recomputed times.
(function () {
  const body = document.getElementById("agenda-body");
  if (!body || !body.dataset.reorderUrl) return;
  let dragged = null, dropped = false;
  const order = () => Array.from(body.querySelectorAll("tr[data-id]"), (tr) => tr.dataset.id).join(",");
  let initial = order();
  body.addEventListener("dragstart", (e) => {
    dragged = e.target.closest("tr[data-id]"); dropped = false; initial = order();
    if (!dragged) return;
    e.dataTransfer.effectAllowed = "move";
    e.dataTransfer.setData("text/plain", dragged.dataset.id);
  });
  body.addEventListener("dragover", (e) => {
    if (!dragged) return;  // a file or text dragged in from elsewhere
    e.preventDefault();
    const row = e.target.closest("tr[data-id]");
    if (!row || row === dragged) return;
    const r = row.getBoundingClientRect();
    body.insertBefore(dragged, (e.clientY - r.top) > r.height / 2 ? row.nextSibling : row);
  });
  // dropped outside the table: put the rows back as the server has them
  body.addEventListener("dragend", () => { if (dragged && !dropped && order() !== initial) location.reload(); dragged = null; });
  body.addEventListener("drop", async (e) => {
    if (!dragged) return;
    e.preventDefault();
    dropped = true;
    if (order() === initial) { dragged = null; return; }
    const data = new URLSearchParams();
    body.querySelectorAll("tr[data-id]").forEach((tr) => data.append("order", tr.dataset.id));
    const res = await fetch(body.dataset.reorderUrl, {method: "POST", body: data,
      headers: {"X-CSRFToken": body.dataset.csrfToken, "Accept": "application/json"}});
    if (!res.ok) { const j = await res.json().catch(() => ({})); alert(j.message || "Không đổi được thứ tự."); }
    location.reload();
  });
})();
