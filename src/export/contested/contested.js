// contested.html: the tooltip of a bar's segment. Hand-written, no library.
(function () {
  "use strict";
  var tip = document.getElementById("tip");
  var chart = document.getElementById("chart");
  function text(seg) {
    var d = seg.dataset;
    var pct = Math.round(100 * d.n / d.total);
    return d.key + ": " + d.form + ", " + d.n + " of " + d.total + " mentions (" + pct + "%)";
  }
  chart.addEventListener("mouseover", function (event) {
    var seg = event.target.closest(".seg");
    if (!seg) { return; }
    tip.textContent = text(seg);
    tip.hidden = false;
    tip.style.left = (event.pageX + 12) + "px";
    tip.style.top = (event.pageY + 12) + "px";
  });
  chart.addEventListener("mouseout", function (event) {
    if (event.target.closest(".seg")) { tip.hidden = true; }
  });
})();
