// Printable pages: a Print button, shown only when JavaScript can press it
// (without it, the browser's own Print menu does the same).
(function () {
  "use strict";
  var b = document.querySelector("[data-print]");
  if (b) {
    b.hidden = false;
    b.addEventListener("click", function () { window.print(); });
  }
})();
