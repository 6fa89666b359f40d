// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // The signup form asks the server whether a site name is free while the
  // person types; the same check runs again on submit.
  var input = document.querySelector("[data-name-check]");
  if (input) {
    var out = document.getElementById("name-live");
    var timer = null;
    var seq = 0;
    var check = function () {
      var mine = ++seq;
      var value = input.value.trim();
      if (value === "") { out.textContent = ""; out.className = "name-check"; return; }
      fetch(input.getAttribute("data-name-check") + "?name=" + encodeURIComponent(value), {headers: {"Accept": "application/json"}})
        .then(function (r) { return r.json(); })
        .then(function (j) {
          if (mine !== seq) { return; }
          out.textContent = j.available ? ("✓ " + j.url + " is free") : ("✗ " + j.message);
          out.className = "name-check " + (j.available ? "ok" : "bad");
        })
        .catch(function () {});
    };
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(check, 250);
    });
  }

  // Destructive forms carry data-confirm; without JavaScript they lead to a
  // confirmation page instead.
  document.querySelectorAll("form[data-confirm]").forEach(function (f) {
    f.addEventListener("submit", function (e) {
      if (!window.confirm(f.getAttribute("data-confirm"))) { e.preventDefault(); return; }
      // Confirmed here already: skip the confirmation page.
      if (!f.querySelector("input[name=confirmed]")) {
        var i = document.createElement("input");
        i.type = "hidden"; i.name = "confirmed"; i.value = "1";
        f.appendChild(i);
      }
    });
  });
})();
