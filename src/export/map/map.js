// map.html: zoom, pan, tooltips and the choice of view. Hand-written, no library.
(function () {
  "use strict";
  var map = document.getElementById("map");
  var view = document.getElementById("view");
  var tip = document.getElementById("tip");
  var width = map.viewBox.baseVal.width;
  var circles = view.querySelectorAll("circle");
  var labels = view.querySelectorAll(".labels text");
  var labelGroup = view.querySelector(".labels");
  var countryNames = view.querySelector(".country-names");

  function box(attr) {
    return view.getAttribute(attr).split(" ").map(Number);
  }
  // Markers and names keep their size on screen whatever the zoom.
  function show(b) {
    view.setAttribute("viewBox", b.join(" "));
    var unit = b[2] / width;
    circles.forEach(function (c) { c.setAttribute("r", c.dataset.r * unit); });
    labels.forEach(function (t) {
      t.setAttribute("x", +t.dataset.x + (+t.dataset.r + 3) * unit);
    });
    labelGroup.setAttribute("font-size", 12 * unit);
    countryNames.setAttribute("font-size", 11 * unit);
  }
  // Zooms by `factor` keeping the drawing point under (px, py), in the picture's pixels, fixed.
  function zoom(factor, px, py) {
    var b = box("viewBox");
    var x = b[0] + px / width * b[2], y = b[1] + py / width * b[2];
    var w = b[2] / factor, h = b[3] / factor;
    show([x - px / width * w, y - py / width * w, w, h]);
  }
  function pixels(event) {
    var rect = map.getBoundingClientRect();
    var scale = width / rect.width;
    return [(event.clientX - rect.left) * scale, (event.clientY - rect.top) * scale];
  }
  map.addEventListener("wheel", function (event) {
    event.preventDefault();
    var p = pixels(event);
    zoom(event.deltaY < 0 ? 1.25 : 0.8, p[0], p[1]);
  }, { passive: false });
  map.addEventListener("dblclick", function (event) {
    var p = pixels(event);
    zoom(event.shiftKey ? 0.5 : 2, p[0], p[1]);
  });
  var drag = null;
  map.addEventListener("pointerdown", function (event) {
    drag = { from: pixels(event), box: box("viewBox") };
    map.setPointerCapture(event.pointerId);
  });
  map.addEventListener("pointermove", function (event) {
    if (!drag) return;
    var p = pixels(event), b = drag.box, unit = b[2] / width;
    show([b[0] - (p[0] - drag.from[0]) * unit, b[1] - (p[1] - drag.from[1]) * unit, b[2], b[3]]);
  });
  map.addEventListener("pointerup", function () { drag = null; });

  function button(id, act) {
    document.getElementById(id).addEventListener("click", act);
  }
  var middle = function () { var h = map.viewBox.baseVal.height; return [width / 2, h / 2]; };
  button("zoom-in", function () { var m = middle(); zoom(2, m[0], m[1]); });
  button("zoom-out", function () { var m = middle(); zoom(0.5, m[0], m[1]); });
  button("fit", function () { show(box("data-fit")); });
  button("fit-all", function () { show(box("data-all")); });
  button("by-country", function () {
    var on = map.classList.toggle("by-country");
    this.textContent = on ? "Show places" : "Shade countries";
  });

  // Tooltips: a place's counts and spellings, a country's mentions.
  function line(text, strong) {
    var div = document.createElement("div");
    if (strong) div.className = "tip-name";
    div.textContent = text;
    tip.appendChild(div);
  }
  function describe(el) {
    var d = el.dataset;
    tip.textContent = "";
    if (el.tagName === "path") {
      line(d.name, true);
      var own = +d.own, places = +d.places;
      line(own + places === 0 ? "never mentioned" :
        own + " mentions of the country, " + places + " of its places");
      return;
    }
    line(d.name + (d.what ? " (" + d.what + ")" : ""), true);
    if (+d.m === 0) { line("never mentioned"); return; }
    line(d.m + " mentions in " + d.d + " documents");
    line("spellings: " + d.s);
  }
  map.addEventListener("mouseover", function (event) {
    var el = event.target;
    if (!el.dataset || !el.dataset.name) { tip.hidden = true; return; }
    if (el.tagName === "path" && !map.classList.contains("by-country")) { tip.hidden = true; return; }
    describe(el);
    tip.hidden = false;
  });
  map.addEventListener("mousemove", function (event) {
    tip.style.left = event.pageX + 14 + "px";
    tip.style.top = event.pageY + 14 + "px";
  });
  map.addEventListener("mouseleave", function () { tip.hidden = true; });
  show(box("data-fit"));
})();
