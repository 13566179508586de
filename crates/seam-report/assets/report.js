// seam report: sorting, filtering, search, tabs and expanding. The page is complete without this.
(function () {
  "use strict";
  var root = document.documentElement;
  var errors = [];
  window.addEventListener("error", function (event) {
    errors.push(String(event.message));
    root.setAttribute("data-js-errors", errors.join(" | "));
  });
  root.classList.add("js");

  function each(selector, f, scope) {
    Array.prototype.forEach.call((scope || document).querySelectorAll(selector), f);
  }

  function cellValue(row, index) {
    var cell = row.cells[index];
    var text = cell ? cell.textContent.trim() : "";
    // a number only when the whole cell is one (`1,234`, `0.35`, `12.5%`), not `2020-report.pl`
    return /^-?[\d,]*\.?\d+%?$/.test(text) ? parseFloat(text.replace(/,/g, "")) : text.toLowerCase();
  }

  // sortable tables: the header buttons (keyboard-reachable); again to reverse
  each("table.sortable", function (table) {
    each("thead th", function (header, index) {
      header.setAttribute("aria-sort", "none");
      var button = header.querySelector("button.sort") || header;
      button.addEventListener("click", function () {
        var ascending = !header.classList.contains("asc");
        each("thead th", function (h) {
          h.classList.remove("asc", "desc");
          h.setAttribute("aria-sort", "none");
        }, table);
        header.classList.add(ascending ? "asc" : "desc");
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, index), y = cellValue(b, index);
          var order = typeof x === typeof y ? (x < y ? -1 : x > y ? 1 : 0) : (typeof x === "number" ? -1 : 1);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    }, table);
  });

  // per-table filters, with the number of rows shown
  each("input.filter", function (input) {
    var id = input.getAttribute("data-table");
    var table = document.getElementById(id);
    if (!table) { return; }
    var count = document.querySelector("[data-count-of=\"" + id + "\"]");
    input.addEventListener("input", function () {
      var needle = input.value.toLowerCase();
      var shown = 0, total = table.tBodies[0].rows.length;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var hit = row.textContent.toLowerCase().indexOf(needle) >= 0;
        row.style.display = hit ? "" : "none";
        if (hit) { shown += 1; }
      });
      if (count) { count.textContent = needle ? shown + " of " + total + " rows" : total + " rows"; }
    });
  });

  // tabs (hotspot rankings): one panel at a time; arrow keys move between tabs
  each("[role=tablist]", function (list) {
    var tabs = Array.prototype.slice.call(list.querySelectorAll("[role=tab]"));
    function select(tab) {
      tabs.forEach(function (t) {
        var on = t === tab;
        t.setAttribute("aria-selected", on ? "true" : "false");
        t.tabIndex = on ? 0 : -1;
        var panel = document.getElementById(t.getAttribute("aria-controls"));
        if (panel) { panel.hidden = !on; }
      });
    }
    tabs.forEach(function (tab, i) {
      tab.addEventListener("click", function () { select(tab); });
      tab.addEventListener("keydown", function (event) {
        var step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
        if (step) {
          var next = tabs[(i + step + tabs.length) % tabs.length];
          select(next);
          next.focus();
          event.preventDefault();
        }
      });
    });
    if (tabs.length) { select(tabs[0]); }
  });

  // the matrix: a module row opens its package rows
  each("button.expand", function (button) {
    button.setAttribute("aria-expanded", "false");
    button.addEventListener("click", function () {
      var index = button.getAttribute("data-module");
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      each("tr.package[data-parent=\"" + index + "\"]", function (row) {
        row.classList.toggle("open", open);
      });
    });
  });

  // a scrolling box with nothing focusable inside can still be scrolled from the keyboard
  each(".scroll", function (box) {
    if (box.querySelector("a[href], button, input, [tabindex]") || box.hasAttribute("tabindex")) { return; }
    var section = box.closest("section");
    var title = section && section.querySelector("h2");
    box.tabIndex = 0;
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", (title ? title.textContent + ": " : "") + "scrollable table");
  });

  // a link to a module card or a glossary entry opens it (and the details around it)
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) { return; }
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") { node.open = true; }
    }
    each("details.targeted", function (d) { d.classList.remove("targeted"); });
    if (target.tagName === "DETAILS") { target.classList.add("targeted"); }
    target.scrollIntoView();
  }
  window.addEventListener("hashchange", reveal);
  reveal();

  // global search: rows, list items and module cards that do not match are hidden; a card that
  // matches opens only once the search is specific (3 characters); clearing the search restores
  // what was open before it began
  var search = document.getElementById("search");
  var searchCount = document.getElementById("search-count");
  var before = null;
  if (search) {
    search.addEventListener("input", function () {
      var needle = search.value.trim().toLowerCase();
      var cards = document.querySelectorAll("details.module");
      if (needle && before === null) {
        before = Array.prototype.map.call(cards, function (d) { return d.open; });
      }
      var hits = 0;
      each("table.sortable tbody tr, ul.moves > li, ol.cycles > li, details.module", function (item) {
        var hit = !needle || item.textContent.toLowerCase().indexOf(needle) >= 0;
        item.classList.toggle("hidden-by-search", !hit);
        if (hit && needle) { hits += 1; }
      });
      if (needle) {
        Array.prototype.forEach.call(cards, function (d, i) {
          d.open = needle.length >= 3 && !d.classList.contains("hidden-by-search") ? true : before[i];
        });
        if (searchCount) { searchCount.textContent = hits + (hits === 1 ? " match" : " matches"); }
      } else {
        if (before !== null) {
          Array.prototype.forEach.call(cards, function (d, i) { d.open = before[i]; });
        }
        before = null;
        if (searchCount) { searchCount.textContent = ""; }
      }
    });
  }

  // print: every card and glossary open, every tab panel shown; restored afterwards
  var printed = null;
  window.addEventListener("beforeprint", function () {
    printed = Array.prototype.map.call(document.querySelectorAll("details"), function (d) {
      var was = d.open;
      d.open = true;
      return was;
    });
  });
  window.addEventListener("afterprint", function () {
    if (printed === null) { return; }
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (d, i) { d.open = printed[i]; });
    printed = null;
  });

  root.setAttribute("data-ready", "true");
})();
