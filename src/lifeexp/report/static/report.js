// lifeexp report: zoom and pan for the journey map. Without JavaScript the map still fits
// the page and its box scrolls; this only adds zoom buttons, drag-to-pan and keyboard keys.
(function () {
  "use strict";
  var STEP = 1.25, MIN = 0.25, MAX = 8;

  function setup(viewport) {
    var svg = viewport.querySelector("svg");
    if (!svg) { return; }
    var scale = 1;
    var natural = svg.viewBox && svg.viewBox.baseVal && svg.viewBox.baseVal.width
      ? svg.viewBox.baseVal.width : svg.getBoundingClientRect().width;
    var fitted = true;

    var tools = document.createElement("div");
    tools.className = "map-tools";
    function button(label, text, action) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = text;
      b.setAttribute("aria-label", label);
      b.addEventListener("click", action);
      tools.appendChild(b);
      return b;
    }
    var status = document.createElement("span");
    status.setAttribute("aria-live", "polite");
    status.className = "visually-hidden";

    function apply(newScale, cx, cy) {
      var before = svg.getBoundingClientRect().width || 1;
      scale = Math.min(MAX, Math.max(MIN, newScale));
      fitted = false;
      viewport.classList.add("zoomed");
      svg.style.width = (natural * scale) + "px";
      var ratio = (svg.getBoundingClientRect().width || 1) / before;
      // keep the point under the pointer (or the centre) in place
      var px = cx === undefined ? viewport.clientWidth / 2 : cx;
      var py = cy === undefined ? viewport.clientHeight / 2 : cy;
      viewport.scrollLeft = (viewport.scrollLeft + px) * ratio - px;
      viewport.scrollTop = (viewport.scrollTop + py) * ratio - py;
      status.textContent = "Zoom " + Math.round(scale * 100) + "%";
    }
    function fit() {
      fitted = true;
      viewport.classList.remove("zoomed");
      svg.style.width = "";
      scale = (svg.getBoundingClientRect().width || natural) / natural;
      status.textContent = "Map fitted to the page";
    }
    button("Zoom in", "+ Zoom in", function () { apply(scale * STEP); });
    button("Zoom out", "− Zoom out", function () { apply(scale / STEP); });
    button("Fit map to the page", "Fit", fit);
    button("Show the map at full size", "100%", function () { apply(1); });
    tools.appendChild(status);
    viewport.parentNode.insertBefore(tools, viewport);
    if (!fitted) { fit(); }
    scale = (svg.getBoundingClientRect().width || natural) / natural;

    viewport.addEventListener("wheel", function (e) {
      if (!e.ctrlKey && !e.metaKey) { return; }  // plain wheel scrolls the page as usual
      e.preventDefault();
      var r = viewport.getBoundingClientRect();
      apply(e.deltaY < 0 ? scale * STEP : scale / STEP, e.clientX - r.left, e.clientY - r.top);
    }, { passive: false });

    viewport.addEventListener("keydown", function (e) {
      if (e.key === "+" || e.key === "=") { apply(scale * STEP); e.preventDefault(); }
      else if (e.key === "-") { apply(scale / STEP); e.preventDefault(); }
      else if (e.key === "0") { fit(); e.preventDefault(); }
    });

    var drag = null;
    viewport.addEventListener("pointerdown", function (e) {
      if (e.button !== 0 || e.pointerType === "touch") { return; }  // touch scrolls natively
      drag = { x: e.clientX, y: e.clientY, left: viewport.scrollLeft, top: viewport.scrollTop };
      viewport.classList.add("dragging");
      viewport.setPointerCapture(e.pointerId);
    });
    viewport.addEventListener("pointermove", function (e) {
      if (!drag) { return; }
      viewport.scrollLeft = drag.left - (e.clientX - drag.x);
      viewport.scrollTop = drag.top - (e.clientY - drag.y);
    });
    function end() { drag = null; viewport.classList.remove("dragging"); }
    viewport.addEventListener("pointerup", end);
    viewport.addEventListener("pointercancel", end);
  }

  var maps = document.querySelectorAll("[data-zoomable]");
  for (var i = 0; i < maps.length; i++) { setup(maps[i]); }
}());
