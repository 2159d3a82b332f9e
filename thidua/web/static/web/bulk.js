// Bulk actions on a list (the delegate list, the covenant list): <form data-bulk data-confirm-template="…">
// holding a checkbox per row (name="ids"), one "select all on page" box [data-bulk-all], an action
// <select name="action"> and a [data-bulk-count] text. The confirmation that web/app.js asks before the
// submit (data-confirm) is kept naming the action and the count of rows ticked; nothing ticked: the
// submit is held back with a message. No inline script (CSP).
(function () {
  "use strict";
  function update(form) {
    const boxes = Array.from(form.querySelectorAll('input[type=checkbox][name="ids"]'));
    const n = boxes.filter(function (b) { return b.checked; }).length;
    const all = form.querySelector("[data-bulk-all]");
    if (all) {
      all.checked = n > 0 && n === boxes.length;
      all.indeterminate = n > 0 && n < boxes.length;
    }
    const action = form.querySelector('select[name="action"]');
    const label = action && action.selectedOptions.length ? action.selectedOptions[0].textContent.trim() : "";
    const count = form.querySelector("[data-bulk-count]");
    if (count) {
      count.textContent = n ? "Đã chọn " + n + " dòng." : "Chưa chọn dòng nào.";
      count.classList.remove("text-danger");
    }
    form.dataset.confirm = (form.dataset.confirmTemplate || "{action}: {n} dòng đã chọn?")
      .replace("{action}", label).replace("{n}", String(n));
    form.querySelectorAll("[data-bulk-when]").forEach(function (el) {
      el.hidden = !action || el.dataset.bulkWhen !== action.value;
    });
  }
  function start() {
    document.querySelectorAll("form[data-bulk]").forEach(function (form) {
      form.addEventListener("change", function (e) {
        if (e.target instanceof HTMLInputElement && e.target.hasAttribute("data-bulk-all")) {
          form.querySelectorAll('input[type=checkbox][name="ids"]').forEach(function (b) { b.checked = e.target.checked; });
        }
        update(form);
      });
      update(form);
    });
  }
  // before web/app.js's confirmation (registered on document): nothing ticked, nothing to ask
  window.addEventListener("submit", function (e) {
    const form = e.target;
    if (form instanceof HTMLFormElement && form.hasAttribute("data-bulk") &&
        !form.querySelector('input[type=checkbox][name="ids"]:checked')) {
      e.preventDefault();
      e.stopImmediatePropagation();
      const count = form.querySelector("[data-bulk-count]");
      if (count) {
        count.textContent = "Chưa chọn dòng nào: đánh dấu ở cột đầu.";
        count.classList.add("text-danger");
      }
    }
  }, true);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
