// Pickers for long lists (thidua/orgs/pickers.py): a <select multiple data-picker="multi|ordered"> that
// works as it is without a script, enhanced here with the vendored Tom Select (vendor/tom-select):
//   - search with or without Vietnamese accents: both the query and each choice are folded (accents
//     stripped, đ → d, lower case) by the score function below; every word of the query must occur;
//   - a checkbox before each choice (plugin checkbox_options), the list stays open while choosing;
//   - data-picker="ordered": the chosen items are dragged into order (plugin drag_drop, and the list under
//     the box), or moved with the "Lên"/"Xuống" buttons from the keyboard. Tom Select keeps the selected
//     <option>s in the order of its items, and a browser submits selected options in document order, so
//     the order shown is the order saved.
// No inline script (CSP): the widget's template names this file and the vendor files in data-* attributes.
(function () {
  "use strict";
  if (window.thiduaPicker) {
    return;
  }

  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d").toLowerCase().replace(/\s+/g, " ").trim();
  }

  function score(query) {
    const words = fold(query).split(" ").filter(Boolean);
    return function (item) {
      if (!words.length) {
        return 1;
      }
      if (item.$fold === undefined) {
        item.$fold = " " + fold(item.text);
      }
      let total = 0;
      for (const word of words) {
        const at = item.$fold.indexOf(word);
        if (at < 0) {
          return 0;
        }
        total += item.$fold.charAt(at - 1) === " " ? 2 : 1;  // a word's start counts more
      }
      return total;
    };
  }

  function loadVendor(select, done) {
    if (window.TomSelect) {
      done();
      return;
    }
    if (!document.querySelector("link[data-picker-vendor]")) {
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = select.dataset.pickerCss;
      link.setAttribute("data-picker-vendor", "");
      document.head.prepend(link);  // before app.css / picker.css, which adjust it
    }
    let script = document.querySelector("script[data-picker-vendor]");
    if (!script) {
      script = document.createElement("script");
      script.src = select.dataset.pickerJs;
      script.setAttribute("data-picker-vendor", "");
      document.head.appendChild(script);
    }
    script.addEventListener("load", done);
  }

  function labelOf(select) {
    const label = select.id && document.querySelector('label[for="' + select.id + '"]');
    return label ? label.textContent.replace("*", "").trim() : "";
  }

  function orderList(ts, select) {
    const list = document.createElement("ol");
    list.className = "picker-order list-group list-group-numbered mt-2";
    list.setAttribute("aria-label", "Thứ tự đã chọn: " + labelOf(select));
    list.setAttribute("data-testid", "picker-order");
    ts.wrapper.after(list);
    let dragged = null;

    function move(value, to) {
      const items = ts.items.slice();
      const from = items.indexOf(value);
      if (from < 0 || to < 0 || to >= items.length || to === from) {
        return false;
      }
      items.splice(from, 1);
      items.splice(to, 0, value);
      ts.setValue(items);
      return true;
    }

    function render() {
      list.replaceChildren();
      ts.items.forEach(function (value, index) {
        const text = ts.options[value] ? ts.options[value].text : value;
        const li = document.createElement("li");
        li.className = "list-group-item d-flex align-items-center gap-2 py-1";
        li.draggable = true;
        li.dataset.value = value;
        const name = document.createElement("span");
        name.className = "me-auto picker-grip";
        name.textContent = text;
        li.appendChild(name);
        [["-1", "Lên", "↑"], ["1", "Xuống", "↓"]].forEach(function (b) {
          const button = document.createElement("button");
          button.type = "button";
          button.className = "btn btn-sm btn-outline-secondary";
          button.dataset.move = b[0];
          button.textContent = b[2];
          button.title = b[1];
          button.setAttribute("aria-label", b[1] + ": " + text);
          button.disabled = (b[0] === "-1" && index === 0) || (b[0] === "1" && index === ts.items.length - 1);
          li.appendChild(button);
        });
        list.appendChild(li);
      });
      list.hidden = ts.items.length === 0;
    }

    list.addEventListener("click", function (e) {
      const button = e.target instanceof Element && e.target.closest("button[data-move]");
      if (!button) {
        return;
      }
      const value = button.closest("li").dataset.value;
      const step = Number(button.dataset.move);
      if (move(value, ts.items.indexOf(value) + step)) {
        const again = list.querySelector('li[data-value="' + CSS.escape(value) + '"] button[data-move="' + step + '"]');
        const other = list.querySelector('li[data-value="' + CSS.escape(value) + '"] button[data-move="' + -step + '"]');
        (again && !again.disabled ? again : other || list).focus();
      }
    });
    list.addEventListener("dragstart", function (e) {
      const li = e.target instanceof Element && e.target.closest("li");
      if (!li) {
        return;
      }
      dragged = li.dataset.value;
      e.dataTransfer.effectAllowed = "move";
      e.dataTransfer.setData("text/plain", dragged);
      li.classList.add("picker-dragging");
    });
    list.addEventListener("dragover", function (e) {
      if (dragged !== null) {
        e.preventDefault();
      }
    });
    list.addEventListener("drop", function (e) {
      e.preventDefault();
      const li = e.target instanceof Element && e.target.closest("li");
      if (dragged !== null && li) {
        move(dragged, ts.items.indexOf(li.dataset.value));
      }
      dragged = null;
    });
    list.addEventListener("dragend", function () {
      dragged = null;
      list.querySelectorAll(".picker-dragging").forEach(function (el) { el.classList.remove("picker-dragging"); });
    });
    ts.on("change", render);
    render();
  }

  function enhance(select) {
    if (select.tomselect) {
      return;
    }
    const ordered = select.dataset.picker === "ordered";
    const plugins = {checkbox_options: {}, remove_button: {title: "Bỏ chọn"}};
    if (ordered) {
      plugins.drag_drop = {};
    }
    const ts = new window.TomSelect(select, {
      plugins: plugins,
      score: score,
      maxOptions: null,
      hideSelected: false,
      closeAfterSelect: false,
      highlight: false,  // Tom Select's highlighter does not fold accents: it would mark nothing for "nguyen"
      placeholder: select.dataset.placeholder || "",
      render: {
        no_results: function () {
          const div = document.createElement("div");
          div.className = "no-results";
          div.textContent = "Không tìm thấy.";
          return div;
        },
      },
    });
    // after each search the active option is one that is shown, so Enter ticks what is seen: Tom Select
    // otherwise keeps the option last ticked active although the search has hidden it (Enter unticks it)
    ts.hook("after", "refreshOptions", function () {
      if (!ts.activeOption || !ts.dropdown_content.contains(ts.activeOption)) {
        ts.setActiveOption(ts.dropdown_content.querySelector("[data-selectable]"), false);
      }
    });
    ts.wrapper.setAttribute("data-testid", "picker");
    ts.control_input.setAttribute("aria-label", labelOf(select) || select.dataset.placeholder || "Chọn");
    const hint = ts.wrapper.parentElement.querySelector(".picker-nojs");
    if (hint) {
      hint.hidden = true;
    }
    if (ordered) {
      orderList(ts, select);
    }
  }

  function start() {
    const selects = document.querySelectorAll("select[data-picker]");
    if (!selects.length) {
      return;
    }
    loadVendor(selects[0], function () {
      document.querySelectorAll("select[data-picker]").forEach(enhance);
    });
  }

  window.thiduaPicker = {fold: fold, score: score, start: start};
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
