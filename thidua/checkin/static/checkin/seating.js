// The seating chart (#20): drag a delegate (from the list of people without a seat, or from a seat) onto a
// seat; a seat that is taken asks first (a Bootstrap modal, never confirm()) and then swaps. The same by
// keyboard: Enter on a person selects them, Tab into the hall, arrow keys to a seat, Enter moves them
// there; Esc drops the selection. Each move is one POST (CSRF) answered in JSON; a move drawn on a stale
// page is refused by the server with a message. No inline script (CSP): the data comes from json_script.
(function () {
  "use strict";
  const dataEl = document.getElementById("seating-data");
  const hallEl = document.getElementById("hall");
  if (!dataEl || !hallEl) {
    return;
  }
  const data = JSON.parse(dataEl.textContent);
  const manage = hallEl.hasAttribute("data-manage");
  const people = new Map();
  data.people.forEach(function (r) {
    people.set(r[0], {id: r[0], name: r[1], short: r[2], k: r[3], info: r[4], seat: r[5], present: r[6], f: null});
  });
  const seatEls = new Map();
  hallEl.querySelectorAll(".s").forEach(function (el) { seatEls.set(el.dataset.l, el); });

  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d").toLowerCase().replace(/\s+/g, " ").trim();
  }
  function who(el) {
    return el && el.dataset.d ? people.get(Number(el.dataset.d)) : null;
  }
  function describe(el) {
    const d = who(el);
    return "Ghế " + el.dataset.l + (d ? ": " + d.name + (d.info ? ", " + d.info : "") : ", trống");
  }
  function label(el) {
    el.tabIndex = -1;  // one seat in the tab order (the roving one); arrows move between seats
    el.setAttribute("aria-label", describe(el));
    el.title = describe(el);
    el.draggable = manage && !!el.dataset.d;
  }
  seatEls.forEach(label);
  if (seatEls.size) {
    seatEls.values().next().value.tabIndex = 0;
  }
  if (!manage) {
    return;
  }

  const listEl = document.getElementById("people");
  const moreEl = document.getElementById("people-more");
  const qEl = document.getElementById("people-q");
  const allEl = document.getElementById("people-all");
  const selEl = document.getElementById("selected");
  const statusEl = document.getElementById("seat-status");
  const unseatEl = document.getElementById("unseat");
  const countEl = document.getElementById("unseated-count");
  const modalEl = document.getElementById("swap-modal");
  const csrf = document.querySelector("#seat-csrf input[name=csrfmiddlewaretoken]").value;
  const SHOWN = 150;
  let selected = null;
  let pending = null;
  let statusTimer = null;

  // --- the list of people -------------------------------------------------------------------------
  function renderList() {
    const words = fold(qEl.value).split(" ").filter(Boolean);
    const all = allEl.checked || false;
    const found = [];
    people.forEach(function (d) {
      if (!all && d.seat) {
        return;
      }
      if (words.length) {
        if (d.f === null) {
          d.f = fold(d.name + " " + d.info + " " + d.seat);
        }
        for (let i = 0; i < words.length; i++) {
          if (d.f.indexOf(words[i]) < 0) {
            return;
          }
        }
      }
      found.push(d);
    });
    const frag = document.createDocumentFragment();
    found.slice(0, SHOWN).forEach(function (d) {
      const li = document.createElement("li");
      const b = document.createElement("button");
      b.type = "button";
      b.draggable = true;
      b.dataset.d = d.id;
      const sw = document.createElement("span");
      sw.className = "sw k" + d.k;
      sw.setAttribute("aria-hidden", "true");
      b.appendChild(sw);
      b.appendChild(document.createTextNode(d.name));
      const small = document.createElement("small");
      small.textContent = (d.info ? " – " + d.info : "") + (d.seat ? " (ghế " + d.seat + ")" : "");
      b.appendChild(small);
      if (selected === d.id) {
        b.classList.add("sel");
      }
      b.setAttribute("aria-pressed", selected === d.id ? "true" : "false");
      li.appendChild(b);
      frag.appendChild(li);
    });
    listEl.replaceChildren(frag);
    moreEl.textContent = found.length === 0 ? (words.length ? "Không tìm thấy đại biểu nào." : "Mọi đại biểu đều đã có chỗ.")
      : found.length > SHOWN ? "Còn " + (found.length - SHOWN) + " người nữa: gõ để tìm." : "";
  }
  function unseatedCount() {
    let n = 0;
    people.forEach(function (d) { n += d.seat ? 0 : 1; });
    countEl.textContent = n.toLocaleString("vi-VN");
  }

  // --- selection (keyboard and click) ------------------------------------------------------------
  function select(id) {
    selected = id;
    hallEl.querySelectorAll(".s.sel").forEach(function (el) { el.classList.remove("sel"); });
    listEl.querySelectorAll("button").forEach(function (b) {
      const on = Number(b.dataset.d) === id;
      b.classList.toggle("sel", on);
      b.setAttribute("aria-pressed", on ? "true" : "false");
    });
    if (id === null) {
      selEl.classList.add("d-none");
      selEl.textContent = "";
      return;
    }
    const d = people.get(id);
    if (d.seat && seatEls.get(d.seat)) {
      seatEls.get(d.seat).classList.add("sel");
    }
    selEl.textContent = "Đã chọn: " + d.name + (d.seat ? " (ghế " + d.seat + ")" : "") +
      ". Chọn ghế rồi nhấn Enter; Esc để bỏ chọn.";
    selEl.classList.remove("d-none");
  }

  // --- moves --------------------------------------------------------------------------------------
  function say(text, kind) {
    statusEl.className = "alert mb-0 alert-" + kind;
    statusEl.replaceChildren(document.createTextNode(text));
    if (kind === "warning") {
      const a = document.createElement("a");
      a.href = window.location.pathname + window.location.search;
      a.className = "ms-2 alert-link";
      a.textContent = "Tải lại trang";
      statusEl.appendChild(a);
    }
    window.clearTimeout(statusTimer);
    if (kind === "success") {
      statusTimer = window.setTimeout(function () { statusEl.classList.add("d-none"); }, 6000);
    }
  }
  function drawSeat(el, d) {
    const number = el.querySelector("b").textContent;
    const b = document.createElement("b");
    b.textContent = number;
    if (d) {
      el.dataset.d = d.id;
      el.className = "s t k" + d.k + (d.present ? " p" : "");
      el.replaceChildren(b, document.createTextNode(d.short));
    } else {
      delete el.dataset.d;
      el.className = "s";
      el.replaceChildren(b);
    }
    const roving = el.tabIndex === 0;
    label(el);
    if (roving) {
      el.tabIndex = 0;
    }
  }
  function apply(changes) {
    changes.forEach(function (c) {
      const d = people.get(c[0]);
      const old = d.seat && seatEls.get(d.seat);
      if (old && Number(old.dataset.d) === d.id) {
        drawSeat(old, null);
      }
    });
    changes.forEach(function (c) {
      const d = people.get(c[0]);
      d.seat = c[1];
      d.f = null;
      if (c[1] && seatEls.get(c[1])) {
        drawSeat(seatEls.get(c[1]), d);
      }
    });
    unseatedCount();
    renderList();
  }
  function send(id, seat, occupant, swap, focusEl) {
    const d = people.get(id);
    const body = new FormData();
    body.append("delegate", id);
    body.append("seat", seat);
    body.append("from", d.seat);
    body.append("occupant", occupant || "");
    body.append("swap", swap ? "1" : "0");
    hallEl.setAttribute("aria-busy", "true");
    fetch(data.move, {method: "POST", body: body, credentials: "same-origin",
                      headers: {"X-CSRFToken": csrf, "Accept": "application/json"}})
      .then(function (r) {
        return r.json().catch(function () { return {error: "Máy chủ trả lời lỗi (" + r.status + ")."}; });
      })
      .then(function (answer) {
        hallEl.removeAttribute("aria-busy");
        if (answer.changes) {
          apply(answer.changes);
          select(null);
          say(answer.message, "success");
        } else if (answer.ask && seatEls.get(seat)) {
          ask(id, seat, answer.occupant[0], focusEl);
        } else {
          say(answer.error || "Không chuyển được chỗ.", answer.stale ? "warning" : "danger");
        }
        if (focusEl) {
          focusEl.focus();
        }
      })
      .catch(function () {
        hallEl.removeAttribute("aria-busy");
        say("Không gửi được (mất mạng?). Chưa chuyển chỗ.", "danger");
      });
  }
  function ask(id, seat, occupantId, focusEl) {
    const d = people.get(id);
    const o = people.get(occupantId);
    const oname = o ? o.name : "người đang ngồi";
    document.getElementById("swap-title").textContent = "Đổi chỗ với “" + oname + "”?";
    document.getElementById("swap-text").textContent = "Ghế " + seat + " đang có “" + oname + "”. “" + d.name +
      "” vào ghế " + seat + "; “" + oname + "” " + (d.seat ? "sang ghế " + d.seat : "vào danh sách chưa có chỗ") + ".";
    pending = {id: id, seat: seat, occupant: occupantId, focusEl: focusEl};
    window.bootstrap.Modal.getOrCreateInstance(modalEl).show();
  }
  document.getElementById("swap-yes").addEventListener("click", function () {
    const p = pending;
    pending = null;
    window.bootstrap.Modal.getOrCreateInstance(modalEl).hide();
    if (p) {
      send(p.id, p.seat, p.occupant, true, p.focusEl);
    }
  });
  modalEl.addEventListener("shown.bs.modal", function () {
    document.getElementById("swap-yes").focus();  // Enter swaps, Esc leaves everyone where they are
  });
  modalEl.addEventListener("hidden.bs.modal", function () {
    if (pending && pending.focusEl) {
      pending.focusEl.focus();
    }
    pending = null;
  });
  function attempt(id, seatEl) {
    const d = people.get(id);
    if (!d) {
      return;
    }
    if (!seatEl) {  // out of the hall
      if (d.seat) {
        send(id, "", null, false, unseatEl);
      }
      return;
    }
    const occupant = seatEl.dataset.d ? Number(seatEl.dataset.d) : null;
    if (occupant === id) {
      return;
    }
    if (occupant !== null) {
      ask(id, seatEl.dataset.l, occupant, seatEl);
    } else {
      send(id, seatEl.dataset.l, null, false, seatEl);
    }
  }

  // --- mouse: drag and drop -----------------------------------------------------------------------
  let dragged = null;
  document.addEventListener("dragstart", function (e) {
    const src = e.target.closest ? e.target.closest("[data-d]") : null;
    if (!src || !(hallEl.contains(src) || listEl.contains(src))) {
      return;
    }
    dragged = Number(src.dataset.d);
    e.dataTransfer.effectAllowed = "move";
    e.dataTransfer.setData("text/plain", String(dragged));
  });
  document.addEventListener("dragend", function () {
    dragged = null;
    hallEl.querySelectorAll(".over").forEach(function (el) { el.classList.remove("over"); });
    unseatEl.classList.remove("over");
  });
  hallEl.addEventListener("dragover", function (e) {
    const seat = e.target.closest(".s");
    if (seat && dragged !== null) {
      e.preventDefault();
      e.dataTransfer.dropEffect = "move";
    }
  });
  hallEl.addEventListener("dragenter", function (e) {
    const seat = e.target.closest(".s");
    hallEl.querySelectorAll(".over").forEach(function (el) { el.classList.remove("over"); });
    if (seat && dragged !== null) {
      seat.classList.add("over");
    }
  });
  hallEl.addEventListener("drop", function (e) {
    const seat = e.target.closest(".s");
    if (!seat || dragged === null) {
      return;
    }
    e.preventDefault();
    seat.classList.remove("over");
    const id = dragged;
    dragged = null;
    attempt(id, seat);
  });
  unseatEl.addEventListener("dragover", function (e) {
    if (dragged !== null) {
      e.preventDefault();
      unseatEl.classList.add("over");
    }
  });
  unseatEl.addEventListener("dragleave", function () { unseatEl.classList.remove("over"); });
  unseatEl.addEventListener("drop", function (e) {
    e.preventDefault();
    unseatEl.classList.remove("over");
    const id = dragged;
    dragged = null;
    if (id !== null) {
      attempt(id, null);
    }
  });

  // --- click and keyboard -------------------------------------------------------------------------
  listEl.addEventListener("click", function (e) {
    const b = e.target.closest("button[data-d]");
    if (b) {
      const id = Number(b.dataset.d);
      select(selected === id ? null : id);
    }
  });
  let current = hallEl.querySelector(".s");
  if (current) {
    current.tabIndex = 0;
  }
  function focusSeat(el) {
    if (!el) {
      return;
    }
    if (current) {
      current.tabIndex = -1;
    }
    current = el;
    el.tabIndex = 0;
    el.focus();
  }
  hallEl.addEventListener("click", function (e) {
    const seat = e.target.closest(".s");
    if (!seat) {
      return;
    }
    if (current !== seat) {
      focusSeat(seat);
    }
    if (selected !== null && Number(seat.dataset.d) !== selected) {
      attempt(selected, seat);
    } else if (seat.dataset.d) {
      const id = Number(seat.dataset.d);
      select(selected === id ? null : id);
    }
  });
  function rowSeats(row) {
    return row ? Array.prototype.slice.call(row.querySelectorAll(".s")) : [];
  }
  function neighbour(el, key) {
    const row = el.parentElement;
    const seats = rowSeats(row);
    const i = seats.indexOf(el);
    if (key === "ArrowLeft" || key === "ArrowRight") {
      const j = i + (key === "ArrowLeft" ? -1 : 1);
      if (j >= 0 && j < seats.length) {
        return seats[j];
      }
      // across the aisle: the same row of the next block
      const blocks = Array.prototype.slice.call(hallEl.querySelectorAll(".blk"));
      const b = blocks.indexOf(row.parentElement) + (key === "ArrowLeft" ? -1 : 1);
      if (b < 0 || b >= blocks.length) {
        return null;
      }
      const rows = blocks[b].querySelectorAll(".r");
      const depth = Array.prototype.indexOf.call(row.parentElement.querySelectorAll(".r"), row);
      const other = rowSeats(rows[Math.min(depth, rows.length - 1)]);
      return key === "ArrowLeft" ? other[other.length - 1] : other[0];
    }
    const rows = Array.prototype.slice.call(row.parentElement.querySelectorAll(".r"));
    const r = rows.indexOf(row) + (key === "ArrowUp" ? -1 : 1);
    if (r < 0 || r >= rows.length) {
      return null;
    }
    const other = rowSeats(rows[r]);
    return other[Math.min(i, other.length - 1)];
  }
  hallEl.addEventListener("keydown", function (e) {
    const seat = e.target.closest(".s");
    if (!seat) {
      return;
    }
    if (e.key.indexOf("Arrow") === 0) {
      e.preventDefault();
      focusSeat(neighbour(seat, e.key));
    } else if (e.key === "Home" || e.key === "End") {
      e.preventDefault();
      const seats = rowSeats(seat.parentElement);
      focusSeat(e.key === "Home" ? seats[0] : seats[seats.length - 1]);
    }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && selected !== null && !modalEl.classList.contains("show")) {
      select(null);
    }
  });
  function unseatSelected() {
    if (selected === null) {
      say("Chọn một đại biểu đã có chỗ trước.", "info");
    } else {
      attempt(selected, null);
    }
  }
  unseatEl.addEventListener("click", unseatSelected);
  unseatEl.addEventListener("keydown", function (e) {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      unseatSelected();
    }
  });
  qEl.addEventListener("input", renderList);
  allEl.addEventListener("change", renderList);
  renderList();
}());
