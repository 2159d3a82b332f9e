/* Reception desk: scan (camera or handheld scanner) or type the invitation number printed under the QR
   code ("Mã điểm danh số 0002"), search by name or number, check in; keeps the event's delegate list and a
   queue of scans in localStorage so the desk works when the hall Wi-Fi fails, and replays the queue (each
   scan with its own nonce, so nothing is counted twice) when it comes back. No browser dialogs: the reason
   of an undo and the name of a substitute are asked in small labelled forms in the page (Esc closes). */
(function () {
  "use strict";
  const cfg = JSON.parse(document.getElementById("desk-config").textContent);
  const base = cfg.api + cfg.event + "/";
  const KEY = "thidua.checkin." + cfg.event + ".";
  const csrf = (document.querySelector("[name=csrfmiddlewaretoken]") || {}).value || "";
  const $ = (sel) => document.querySelector(sel);
  const B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  let delegates = load("delegates", []);
  let queue = load("queue", []);
  let replaying = false;

  function load(name, fallback) {
    try { const v = localStorage.getItem(KEY + name); return v ? JSON.parse(v) : fallback; } catch (e) { return fallback; }
  }
  function save(name, value) { try { localStorage.setItem(KEY + name, JSON.stringify(value)); } catch (e) { /* full */ } }
  function fold(s) {
    return (s || "").normalize("NFC").replace(/đ/g, "d").replace(/Đ/g, "d").toLowerCase()
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/\s+/g, " ").trim();
  }
  function nonce() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const a = new Uint8Array(16); crypto.getRandomValues(a);
    return Array.from(a, (b) => b.toString(16).padStart(2, "0")).join("");
  }
  function unb62(s) { let n = 0; for (const ch of s) { const i = B62.indexOf(ch); if (i < 0) return -1; n = n * 62 + i; } return n; }
  function extractToken(text) {
    text = (text || "").trim();
    if (!text || text.length > 400) return null;
    const m = text.match(/\/hoi-nghi\/qr\/([^/?#\s]+)/);
    let t = m ? decodeURIComponent(m[1]) : text;
    t = t.trim().replace(/\/+$/, "");
    if (!/^[0-9A-Za-z._-]{8,200}$/.test(t) || t.split(".").length !== 4) return null;
    return t;
  }
  // The number printed under the QR code, however it is typed: "0002", "2", "0 0 0 2", "Mã điểm danh số 0002"
  // (the same rule as thidua.checkin.scanner.invitation_number).
  function parseNumber(text) {
    const t = fold(text);
    if (!t || t.length > 60) return null;
    const m = t.match(/^(?:ma\s*diem\s*danh\s*)?(?:(?:so|no|n°|#)\s*[.:]?\s*)?(\d[\d ]*)$/);
    if (!m) return null;
    const digits = m[1].replace(/ /g, "").replace(/^0+/, "");
    if (!digits || digits.length > 7) return null;
    return parseInt(digits, 10);
  }
  function numberText(n) { return n ? String(n).padStart(4, "0") : ""; }
  function byNumber(n) { return delegates.find((d) => d.number === n); }
  function who(d) { return d.attendee ? `${d.attendee} (dự thay ${d.name})` : d.name; }
  function desk() { return ($("#desk-name").value || cfg.desk_default).trim(); }
  function esc(s) { const d = document.createElement("div"); d.textContent = s == null ? "" : String(s); return d.innerHTML; }
  function byId(id) { return delegates.find((d) => d.id === id); }

  // --- status line ---------------------------------------------------------------------------
  function renderStatus() {
    const online = navigator.onLine;
    const badge = $("#net-status");
    badge.textContent = online ? "Có mạng" : "Mất mạng – đang lưu tạm trên máy";
    badge.className = "badge " + (online ? "text-bg-success" : "text-bg-danger");
    $("#queue-count").textContent = queue.length;
    $("#queue-box").classList.toggle("d-none", queue.length === 0);
    const present = delegates.filter((d) => d.checked_in_at).length;
    const invited = delegates.filter((d) => !d.revoked).length;
    $("#present-count").textContent = present;
    $("#invited-count").textContent = invited;
    if ($("#search-input").value) search();  // the hits show who has just arrived, or is waiting to be sent
  }

  // --- the result card -----------------------------------------------------------------------
  const STYLE = { ok: "success", already_checked_in: "warning", queued: "info" };
  function showResult(code, message, d, extra) {
    const box = $("#result");
    const style = STYLE[code] || "danger";
    let html = `<div class="alert alert-${style} mb-0" data-testid="result" data-code="${esc(code)}">`;
    html += `<div class="fw-semibold fs-5" data-testid="result-message">${esc(message)}</div>`;
    if (d) {
      html += `<div class="fs-3 fw-bold mt-1" data-testid="result-name">${esc(d.attendee || d.name)}</div>`;
      if (d.attendee) html += `<div data-testid="result-substitute">Dự thay cho: <strong>${esc(d.name)}</strong></div>`;
      if (d.number) html += `<div class="small">Giấy mời số ${esc(numberText(d.number))}</div>`;
      html += `<div>${esc(d.position)}${d.position && d.unit ? ", " : ""}${esc(d.unit)}</div>`;
      html += `<div class="mt-1"><span class="badge text-bg-secondary">${esc(d.category)}) ${esc(d.category_name)}</span></div>`;
      const seat = d.seat ? `${d.seat} – ${d.seat_text}` : (d.area || "chưa xếp ghế");
      html += `<div class="fs-4 mt-2" data-testid="result-seat">Chỗ ngồi: <strong>${esc(seat)}</strong></div>`;
      if (d.area && d.seat) html += `<div>Khu vực: ${esc(d.area)}</div>`;
      if (d.note) html += `<div class="mt-1 fst-italic" data-testid="result-note">Ghi chú: ${esc(d.note)}</div>`;
      if (code === "ok" && extra && extra.canUndo) {
        html += `<button type="button" class="btn btn-sm btn-outline-danger mt-2" data-undo="${d.id}"`
          + ` aria-expanded="false">Hủy điểm danh (nhầm)</button>`;
      }
    }
    html += "</div>";
    box.innerHTML = html;
    const undoBtn = box.querySelector("[data-undo]");
    if (undoBtn) {
      const id = parseInt(undoBtn.dataset.undo, 10);
      undoBtn.addEventListener("click", () => {
        ask(undoBtn, {
          label: "Lý do hủy điểm danh", submit: "Xác nhận hủy điểm danh", style: "danger", testid: "undo-form",
          done: (reason) => undo(id, reason),
        });
      });
    }
  }

  // A small labelled form opened under `opener` in place of a browser prompt: the field takes the focus,
  // Enter sends, Esc or "Thôi" closes it and gives the focus back to the opener.
  function ask(opener, o) {
    const open = opener.parentNode.querySelector(":scope > form.desk-ask");
    if (open) { open.remove(); opener.setAttribute("aria-expanded", "false"); return; }
    const form = document.createElement("form");
    const fid = "ask-" + nonce().slice(0, 8);
    form.className = "desk-ask w-100 mt-2 d-flex flex-wrap gap-2 align-items-end";
    form.dataset.testid = o.testid;
    form.noValidate = true;
    form.innerHTML = `<div class="flex-grow-1"><label class="form-label small mb-1" for="${fid}">${esc(o.label)}</label>`
      + `<input id="${fid}" class="form-control" maxlength="${o.max || 180}" autocomplete="off" required></div>`
      + `<button type="submit" class="btn btn-${o.style || "primary"}">${esc(o.submit)}</button>`
      + `<button type="button" class="btn btn-outline-secondary" data-cancel>Thôi</button>`
      + `<div class="invalid-feedback w-100" role="alert"></div>`;
    const input = form.querySelector("input");
    const close = () => { form.remove(); opener.setAttribute("aria-expanded", "false"); opener.focus(); };
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const value = input.value.trim();
      if (!value) {
        input.classList.add("is-invalid");
        form.querySelector(".invalid-feedback").textContent = "Cần điền " + o.label.toLowerCase() + ".";
        form.querySelector(".invalid-feedback").classList.add("d-block");
        input.focus();
        return;
      }
      form.remove();
      opener.setAttribute("aria-expanded", "false");
      o.done(value);
    });
    form.querySelector("[data-cancel]").addEventListener("click", close);
    form.addEventListener("keydown", (e) => { if (e.key === "Escape") { e.preventDefault(); close(); } });
    opener.parentNode.append(form);
    opener.setAttribute("aria-expanded", "true");
    input.focus();
  }

  function logLine(text, style) {
    const li = document.createElement("li");
    li.className = "list-group-item py-1 small" + (style ? " list-group-item-" + style : "");
    li.textContent = new Date().toLocaleTimeString("vi-VN") + " · " + text;
    const list = $("#desk-log");
    list.prepend(li);
    while (list.children.length > 30) list.lastChild.remove();
  }

  // --- talking to the server -----------------------------------------------------------------
  async function post(url, body) {
    const r = await fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body),
    });
    const data = await r.json().catch(() => ({ message: "Máy chủ trả lời không đọc được." }));
    return { status: r.status, data };
  }

  function applyDelegate(d) {
    if (!d) return;
    const i = delegates.findIndex((x) => x.id === d.id);
    if (i >= 0) delegates[i] = d; else delegates.push(d);
    save("delegates", delegates);
  }

  async function refreshList() {
    if (!navigator.onLine) return;
    try {
      const r = await fetch(base + "delegates/", { credentials: "same-origin" });
      if (!r.ok) return;
      const data = await r.json();
      const pending = new Set(queue.map((q) => q.delegate_id).filter(Boolean));
      delegates = data.delegates.map((d) => {
        if (pending.has(d.id) && !d.checked_in_at) d.checked_in_at = "pending";
        return d;
      });
      save("delegates", delegates);
      $("#list-time").textContent = new Date(data.generated_at).toLocaleTimeString("vi-VN");
      renderStatus();
      if ($("#search-input").value) search();
    } catch (e) { /* offline: keep the copy we have */ }
  }

  function localGuess(item) {
    if (item.delegate_id) return byId(item.delegate_id);
    const parts = (item.token || "").split(".");
    if (parts.length === 4) return byId(unb62(parts[1]));
    return null;
  }

  function enqueue(item, reason) {
    queue.push(item);
    save("queue", queue);
    const d = localGuess(item);
    if (d) { d.checked_in_at = d.checked_in_at || "pending"; save("delegates", delegates); }
    if (d && item.attendee_name) d.attendee = item.attendee_name;
    showResult("queued", reason || "Mất mạng: đã lưu lượt quét trên máy, sẽ gửi khi có mạng.", d);
    logLine("Lưu tạm: " + (d ? who(d) : "mã chưa rõ"), "info");
    renderStatus();
  }

  async function checkIn(target, attendee) {
    const item = Object.assign({ nonce: nonce(), desk: desk(), attendee_name: attendee || "",
                                 scanned_at: new Date().toISOString() }, target);
    if (item.token) {
      const parts = item.token.split(".");
      if (unb62(parts[0]) !== cfg.event) {
        // another event's invitation: no need to queue it; the server would refuse it too
        if (!navigator.onLine) { showResult("wrong_event", "Mã này là giấy mời của một hội nghị khác.", null); return; }
      }
    }
    if (!navigator.onLine) { enqueue(item); return; }
    let res;
    try {
      res = await post(base + "checkins/", item);
    } catch (e) {
      enqueue(item, "Không gửi được (mạng chập chờn): đã lưu lượt quét, sẽ gửi lại.");
      return;
    }
    handle(res, item, false);
  }

  function handle(res, item, replayed) {
    const data = res.data || {};
    if (res.status !== 200) {
      showResult("error", data.message || "Máy chủ từ chối.", null);
      logLine("Lỗi: " + (data.message || res.status), "danger");
      return;
    }
    applyDelegate(data.delegate);
    const d = data.delegate;
    const message = data.message;  // the server words it, in the hall's time zone
    if (!replayed) showResult(data.code, message, d, { canUndo: cfg.can_undo });
    const name = d ? who(d) : "";
    logLine((replayed ? "Gửi lại: " : "") + message + (name ? " – " + name : ""), data.code === "ok" ? "success" : "warning");
    if (replayed && data.code !== "ok") {
      const li = document.createElement("li");
      li.className = "list-group-item list-group-item-warning";
      li.dataset.testid = "conflict";
      li.textContent = (name || "Mã không hợp lệ") + ": " + message;
      $("#conflicts").append(li);
      $("#conflict-box").classList.remove("d-none");
    }
    renderStatus();
  }

  async function replay() {
    if (replaying || !queue.length || !navigator.onLine) return;
    replaying = true;
    let sent = 0;
    try {
      while (queue.length && navigator.onLine) {
        const item = queue[0];
        let res;
        try {
          res = await post(base + "checkins/", Object.assign({}, item, { offline: true }));
        } catch (e) { break; }
        queue.shift();
        save("queue", queue);
        sent += 1;
        handle(res, item, true);
      }
    } finally {
      replaying = false;
    }
    if (sent) {
      $("#replay-note").textContent = `Đã gửi lại ${sent} lượt quét lưu tạm.`;
      $("#replay-note").classList.remove("d-none");
      await refreshList();
    }
    renderStatus();
  }

  async function undo(id, reason) {
    if (!reason) return;
    try {
      const res = await post(base + "undo/", { delegate_id: id, reason });
      if (res.status === 200) {
        applyDelegate(res.data.delegate);
        showResult("undone", "Đã hủy điểm danh.", res.data.delegate);
        logLine("Hủy điểm danh: " + res.data.delegate.name + " (lý do: " + reason + ")", "secondary");
      } else {
        showResult("error", res.data.message, null);
      }
    } catch (e) { showResult("error", "Cần có mạng để hủy điểm danh.", null); }
    renderStatus();
  }

  // --- scanner field and search --------------------------------------------------------------
  function scanned(text) {
    const token = extractToken(text);
    if (token) { checkIn({ token }); return; }
    const n = parseNumber(text);
    if (n) {  // the number printed under the QR code, typed by hand
      const d = byNumber(n);
      if (d) { checkIn({ delegate_id: d.id }); return; }
      if (navigator.onLine) { checkIn({ token: numberText(n) }); return; }  // a guest added since the list was saved
      showResult("unknown", `Không có giấy mời số ${numberText(n)} trong danh sách lưu trên máy: hãy xem lại số hoặc tìm theo tên.`, null);
      logLine("Không có giấy mời số " + numberText(n), "danger");
      return;
    }
    showResult("forged", "Không đọc được mã: hãy quét lại mã QR trên giấy mời, gõ số giấy mời (ví dụ 0002) hoặc tìm theo tên.", null);
    logLine("Mã không đọc được", "danger");
  }

  function search(typed) {
    const out = $("#search-results");
    if (!typed && out.querySelector("form.desk-ask")) return;  // a substitute's name is being typed: keep the form
    const q = fold($("#search-input").value);
    out.innerHTML = "";
    const n = parseNumber(q);
    if (q.length < 2 && !n) return;
    const words = q.split(" ");
    const hits = n ? delegates.filter((d) => d.number === n)
      : delegates.filter((d) => words.every((w) => d.fold.includes(w))).slice(0, 20);
    if (!hits.length) { out.innerHTML = '<li class="list-group-item text-muted">Không tìm thấy.</li>'; return; }
    for (const d of hits) {
      const li = document.createElement("li");
      li.className = "list-group-item d-flex flex-wrap align-items-center gap-2";
      li.dataset.testid = "search-hit";
      const state = d.revoked ? '<span class="badge text-bg-dark">Đã thu hồi</span>'
        : d.checked_in_at === "pending" ? '<span class="badge text-bg-info">Chờ gửi</span>'
        : d.checked_in_at ? '<span class="badge text-bg-success">Đã đến</span>' : "";
      li.innerHTML = `<div class="me-auto"><strong>${esc(d.name)}</strong> ${state}`
        + (d.attendee ? `<div class="small" data-testid="hit-substitute">Người dự thay: ${esc(d.attendee)}</div>` : "")
        + `<div class="small text-muted">${d.number ? "Số " + esc(numberText(d.number)) + " · " : ""}`
        + `${esc(d.category)}) ${esc(d.position)}${d.position && d.unit ? ", " : ""}${esc(d.unit)}`
        + `${d.seat ? " · Ghế " + esc(d.seat) : ""}</div></div>`;
      const btn = document.createElement("button");
      btn.type = "button"; btn.className = "btn btn-primary"; btn.textContent = "Điểm danh";
      btn.setAttribute("aria-label", "Điểm danh " + d.name);
      btn.addEventListener("click", () => { checkIn({ delegate_id: d.id }); });
      const sub = document.createElement("button");
      sub.type = "button"; sub.className = "btn btn-outline-secondary btn-sm"; sub.textContent = "Người khác dự thay";
      sub.setAttribute("aria-label", "Người khác dự thay " + d.name);
      sub.setAttribute("aria-expanded", "false");
      sub.addEventListener("click", () => {
        ask(sub, {
          label: "Họ và tên người đến dự thay", submit: "Điểm danh người dự thay", testid: "substitute-form",
          done: (name) => checkIn({ delegate_id: d.id }, name),
        });
      });
      li.append(btn, sub);
      out.append(li);
    }
  }

  // --- camera --------------------------------------------------------------------------------
  let stream = null, lastText = "", lastAt = 0;
  async function startCamera() {
    const video = $("#camera");
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
    } catch (e) {
      showResult("error", "Không mở được camera (cần cho phép truy cập, và trang phải chạy qua https).", null);
      return;
    }
    video.srcObject = stream; video.classList.remove("d-none"); await video.play();
    $("#camera-stop").classList.remove("d-none"); $("#camera-start").classList.add("d-none");
    const detector = ("BarcodeDetector" in window) ? new window.BarcodeDetector({ formats: ["qr_code"] }) : null;
    const canvas = document.createElement("canvas");
    const ctx = canvas.getContext("2d", { willReadFrequently: true });
    const tick = async () => {
      if (!stream) return;
      let text = null;
      try {
        if (detector) {
          const codes = await detector.detect(video);
          if (codes.length) text = codes[0].rawValue;
        } else if (window.jsQR && video.videoWidth) {
          canvas.width = video.videoWidth; canvas.height = video.videoHeight;
          ctx.drawImage(video, 0, 0);
          const img = ctx.getImageData(0, 0, canvas.width, canvas.height);
          const code = window.jsQR(img.data, img.width, img.height, { inversionAttempts: "dontInvert" });
          if (code) text = code.data;
        }
      } catch (e) { /* a bad frame */ }
      const now = Date.now();
      if (text && (text !== lastText || now - lastAt > 4000)) { lastText = text; lastAt = now; scanned(text); }
      setTimeout(tick, 200);
    };
    tick();
  }
  function stopCamera() {
    if (stream) stream.getTracks().forEach((t) => t.stop());
    stream = null;
    $("#camera").classList.add("d-none");
    $("#camera-stop").classList.add("d-none"); $("#camera-start").classList.remove("d-none");
  }

  // --- wiring --------------------------------------------------------------------------------
  $("#desk-name").value = localStorage.getItem(KEY + "desk") || cfg.desk_default;
  $("#desk-name").addEventListener("change", () => localStorage.setItem(KEY + "desk", desk()));
  $("#scan-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const field = $("#scan-input");
    const text = field.value; field.value = ""; field.focus();
    scanned(text);
  });
  $("#search-input").addEventListener("input", search);
  const walkIn = $("#walk-in-form");
  if (walkIn) {
    walkIn.addEventListener("submit", () => {
      walkIn.querySelector("[name=desk]").value = desk();
      const n = walkIn.querySelector("[name=nonce]");
      if (!n.value) n.value = nonce().replace(/[^0-9A-Za-z_-]/g, "");
    });
  }
  $("#camera-start").addEventListener("click", startCamera);
  $("#camera-stop").addEventListener("click", stopCamera);
  window.addEventListener("online", () => { renderStatus(); replay(); });
  window.addEventListener("offline", renderStatus);
  setInterval(() => { replay(); }, 5000);
  setInterval(() => { if (!queue.length) refreshList(); }, 30000);
  renderStatus();
  refreshList().then(replay);
  $("#scan-input").focus();
  window.thiduaDesk = { queue: () => queue.length, delegates: () => delegates.length };
})();
