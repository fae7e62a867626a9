// lifeexp report: zoom and pan for the journey map. Without JavaScript the map shows at its
// natural size in a box that scrolls; this starts it at a readable size that fits as much as
// possible, and adds zoom buttons, Ctrl+wheel, drag-to-pan and the keys + - 0.
(function () {
  "use strict";
  // MIN is low enough that "Fit" fits even the widest map into a phone-wide box.
  var STEP = 1.25, MIN = 0.01, MAX = 8, READABLE = 0.8;

  function setup(viewport) {
    var svg = viewport.querySelector("svg");
    if (!svg) { return; }
    var natural = svg.getBoundingClientRect().width;
    if (!natural) { return; }
    var scale = 1;

    var tools = document.createElement("div");
    tools.className = "map-tools";
    var status = document.createElement("span");
    status.setAttribute("aria-live", "polite");
    status.className = "visually-hidden";

    function button(label, text, action) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = text;
      b.setAttribute("aria-label", label);
      b.addEventListener("click", action);
      tools.appendChild(b);
    }

    // Lane headers (Graphviz nodes "lane:N") follow the horizontal scroll, so the reader
    // always sees which agency a lane is while panning along it.
    var heads = [];
    var titles = svg.querySelectorAll("g.node > title");
    for (var t = 0; t < titles.length; t++) {
      if (/^lane:\d+$/.test(titles[t].textContent)) { heads.push(titles[t].parentNode); }
    }
    var viewBoxWidth = svg.viewBox && svg.viewBox.baseVal ? svg.viewBox.baseVal.width : 0;
    function pinHeads() {
      if (!heads.length || !viewBoxWidth) { return; }
      var units = viewport.scrollLeft * viewBoxWidth / svg.getBoundingClientRect().width;
      for (var h = 0; h < heads.length; h++) {
        heads[h].setAttribute("transform", "translate(" + units + " 0)");
        heads[h].classList.add("lane-pinned");
      }
    }
    viewport.addEventListener("scroll", pinHeads, { passive: true });

    function apply(newScale, px, py) {
      var old = scale;
      scale = Math.min(MAX, Math.max(MIN, newScale));
      svg.style.width = (natural * scale) + "px";
      // keep the point under the pointer (or the centre of the box) where it was
      var x = px === undefined ? viewport.clientWidth / 2 : px;
      var y = py === undefined ? viewport.clientHeight / 2 : py;
      var ratio = scale / old;
      viewport.scrollLeft = (viewport.scrollLeft + x) * ratio - x;
      viewport.scrollTop = (viewport.scrollTop + y) * ratio - y;
      status.textContent = "Zoom " + Math.round(scale * 100) + "%";
      pinHeads();
    }
    function fit() {
      apply(Math.min(1, viewport.clientWidth / natural));
      viewport.scrollLeft = 0;
      viewport.scrollTop = 0;
      status.textContent = "Map fitted to the page";
    }

    button("Zoom in", "+ Zoom in", function () { apply(scale * STEP); });
    button("Zoom out", "\u2212 Zoom out", function () { apply(scale / STEP); });
    button("Fit map to the page", "Fit", fit);
    button("Show the map at full size", "100%", function () { apply(1); });
    tools.appendChild(status);
    viewport.parentNode.insertBefore(tools, viewport);

    // Start fitted to the box, but never so small that labels become unreadable (the box
    // scrolls for the rest); never larger than natural size.
    apply(Math.min(1, Math.max(viewport.clientWidth / natural, READABLE)));
    viewport.scrollLeft = 0;
    viewport.scrollTop = 0;
    status.textContent = "";

    viewport.addEventListener("wheel", function (e) {
      if (!e.ctrlKey && !e.metaKey) { return; }  // a plain wheel scrolls as usual
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
