// Site-wide behaviour declared in the markup, so that no page needs an inline script or an on…= handler:
// the Content-Security-Policy (thidua/web/csp.py) runs scripts from our own static files only.
//   <form data-confirm="Câu hỏi?">           asks before submitting; "Cancel" leaves the page as it is
//   <select data-autosubmit>                 submits its form as soon as the choice changes
//   <button data-print>                      opens the print dialog
//   <button data-toggle-body-class="x">      toggles class x on <body>
//   <a href="#" data-history-back>           goes back one page
(function () {
  "use strict";
  document.addEventListener("submit", function (e) {
    const form = e.target;
    if (form instanceof HTMLFormElement && form.hasAttribute("data-confirm") && !window.confirm(form.dataset.confirm)) {
      e.preventDefault();
      e.stopImmediatePropagation();
    }
  }, true);
  document.addEventListener("change", function (e) {
    const el = e.target;
    if (el instanceof Element && el.hasAttribute("data-autosubmit") && el.form) el.form.submit();
  });
  document.addEventListener("click", function (e) {
    const el = e.target instanceof Element && e.target.closest("[data-print], [data-toggle-body-class], [data-history-back]");
    if (!el) return;
    if (el.hasAttribute("data-print")) {
      window.print();
    } else if (el.hasAttribute("data-toggle-body-class")) {
      document.body.classList.toggle(el.dataset.toggleBodyClass);
    } else {
      e.preventDefault();
      history.back();
    }
  });
})();
