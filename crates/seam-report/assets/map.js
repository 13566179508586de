// seam report: the module map's and the matrix's behaviour. The page is complete without this.
(function () {
  "use strict";

  // pan and zoom: the SVG's viewBox follows drags, the wheel, the buttons and the keyboard
  function zoomable(view) {
    var canvas = view.querySelector(".canvas");
    var svg = canvas && canvas.querySelector("svg");
    if (!svg) { return; }
    var W = parseFloat(svg.getAttribute("width")), H = parseFloat(svg.getAttribute("height"));
    var box = null;
    function size() { return canvas.getBoundingClientRect(); }
    function show() {
      svg.setAttribute("viewBox", box.x + " " + box.y + " " + box.w + " " + box.h);
    }
    function fit() {
      var r = size();
      if (!r.width) { return false; }
      // the canvas no taller than the map needs
      canvas.style.height = Math.min(H + 8, window.innerHeight * 0.7) + "px";
      r = size();
      // the whole map, unless labels would shrink below about 11 px: then its top left
      var scale = Math.max(Math.min(r.width / W, r.height / H, 1), 0.9);
      box = { x: 0, y: 0, w: r.width / scale, h: r.height / scale };
      if (box.w > W) { box.x = (W - box.w) / 2; }
      if (box.h > H) { box.y = (H - box.h) / 2; }
      show();
      return true;
    }
    function ready() { return box || fit(); }
    function zoom(factor, px, py) {
      if (!ready()) { return; }
      var r = size();
      var fx = px === undefined ? 0.5 : px / r.width, fy = py === undefined ? 0.5 : py / r.height;
      var w = Math.min(Math.max(box.w / factor, 80), Math.max(W, H) * 4);
      var h = w * box.h / box.w;
      box.x += (box.w - w) * fx; box.y += (box.h - h) * fy; box.w = w; box.h = h;
      show();
    }
    function pan(dx, dy) {
      if (!ready()) { return; }
      var r = size();
      box.x -= dx * box.w / r.width; box.y -= dy * box.h / r.height;
      show();
    }
    fit();
    var details = view.closest("details");
    if (details) { details.addEventListener("toggle", function () { if (details.open && !box) { fit(); } }); }
    window.addEventListener("resize", function () { box = null; fit(); });
    view.querySelectorAll("button[data-zoom]").forEach(function (button) {
      button.addEventListener("click", function () {
        var how = button.getAttribute("data-zoom");
        if (how === "in") { zoom(1.4); } else if (how === "out") { zoom(1 / 1.4); } else { box = null; fit(); }
      });
    });
    canvas.addEventListener("wheel", function (event) {
      event.preventDefault();
      var r = size();
      zoom(event.deltaY < 0 ? 1.2 : 1 / 1.2, event.clientX - r.left, event.clientY - r.top);
    }, { passive: false });
    var drag = null, moved = false;
    canvas.addEventListener("pointerdown", function (event) {
      if (event.button !== 0) { return; }
      drag = { x: event.clientX, y: event.clientY }; moved = false;
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drag) { return; }
      var dx = event.clientX - drag.x, dy = event.clientY - drag.y;
      if (!moved && Math.abs(dx) + Math.abs(dy) < 4) { return; }
      if (!moved) { moved = true; canvas.classList.add("dragging"); canvas.setPointerCapture(event.pointerId); }
      pan(dx, dy); drag = { x: event.clientX, y: event.clientY };
    });
    function stop() { drag = null; canvas.classList.remove("dragging"); }
    canvas.addEventListener("pointerup", stop);
    canvas.addEventListener("pointercancel", stop);
    // a drag is not a click on the node it ended on
    canvas.addEventListener("click", function (event) {
      if (moved) { event.preventDefault(); event.stopPropagation(); moved = false; }
    }, true);
    canvas.addEventListener("keydown", function (event) {
      if (event.target !== canvas) { return; }
      var step = 60, keys = {
        ArrowLeft: function () { pan(step, 0); }, ArrowRight: function () { pan(-step, 0); },
        ArrowUp: function () { pan(0, step); }, ArrowDown: function () { pan(0, -step); },
        "+": function () { zoom(1.4); }, "=": function () { zoom(1.4); },
        "-": function () { zoom(1 / 1.4); }, "0": function () { box = null; fit(); }
      };
      if (keys[event.key]) { event.preventDefault(); keys[event.key](); }
    });
    // a module's arrows stand out while it is hovered or focused
    function light(node, on) {
      var i = node.getAttribute("data-node");
      svg.classList.toggle("focused", on);
      node.classList.toggle("on", on);
      svg.querySelectorAll("path.e[data-from=\"" + i + "\"], path.e[data-to=\"" + i + "\"]").forEach(function (edge) {
        edge.classList.toggle("on", on);
      });
    }
    svg.querySelectorAll("a.n").forEach(function (node) {
      node.addEventListener("mouseenter", function () { light(node, true); });
      node.addEventListener("mouseleave", function () { light(node, false); });
      node.addEventListener("focus", function () { light(node, true); });
      node.addEventListener("blur", function () { light(node, false); });
    });
  }
  document.querySelectorAll(".mapview").forEach(zoomable);

})();
