// seam report: sorting, filtering, search and expanding. The page is complete without this.
(function () {
  "use strict";
  var root = document.documentElement;
  var errors = [];
  window.addEventListener("error", function (event) {
    errors.push(String(event.message));
    root.setAttribute("data-js-errors", errors.join(" | "));
  });
  root.classList.add("js");

  function cellValue(row, index) {
    var cell = row.cells[index];
    var text = cell ? cell.textContent.trim() : "";
    // a number only when the whole cell is one (`1,234`, `0.35`, `12.5%`), not `2020-report.pl`
    return /^-?[\d,]*\.?\d+%?$/.test(text) ? parseFloat(text.replace(/,/g, "")) : text.toLowerCase();
  }

  // sortable tables: click a header; again to reverse
  document.querySelectorAll("table.sortable").forEach(function (table) {
    table.querySelectorAll("thead th").forEach(function (header, index) {
      header.addEventListener("click", function () {
        var ascending = !header.classList.contains("asc");
        table.querySelectorAll("thead th").forEach(function (h) { h.classList.remove("asc", "desc"); });
        header.classList.add(ascending ? "asc" : "desc");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, index), y = cellValue(b, index);
          var order = typeof x === typeof y ? (x < y ? -1 : x > y ? 1 : 0) : (typeof x === "number" ? -1 : 1);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });

  // per-table filters
  document.querySelectorAll("input.filter").forEach(function (input) {
    var table = document.getElementById(input.getAttribute("data-table"));
    if (!table) { return; }
    input.addEventListener("input", function () {
      var needle = input.value.toLowerCase();
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        row.style.display = row.textContent.toLowerCase().indexOf(needle) >= 0 ? "" : "none";
      });
    });
  });

  // the matrix: a module row opens its package rows
  document.querySelectorAll("button.expand").forEach(function (button) {
    button.addEventListener("click", function () {
      var index = button.getAttribute("data-module");
      document.querySelectorAll("tr.package[data-parent=\"" + index + "\"]").forEach(function (row) {
        row.classList.toggle("open");
      });
    });
  });

  // global search: table rows, list items and module details that do not match are hidden
  var search = document.getElementById("search");
  if (search) {
    search.addEventListener("input", function () {
      var needle = search.value.toLowerCase();
      document.querySelectorAll("table.sortable tbody tr, ul.moves > li, ol.cycles > li, details.module").forEach(function (item) {
        var hit = !needle || item.textContent.toLowerCase().indexOf(needle) >= 0;
        item.classList.toggle("hidden-by-search", !hit);
        if (hit && needle && item.tagName === "DETAILS") { item.open = true; }
      });
    });
  }

  root.setAttribute("data-ready", "true");
})();
