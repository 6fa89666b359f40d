// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // The signup form asks the server whether a site address is free while
  // the person types, and suggests one from the business name until the
  // person edits the address; the same checks run again on submit.
  var input = document.querySelector("[data-name-check]");
  if (input) {
    var out = document.getElementById("name-live");
    var title = document.querySelector("[data-title-for]");
    var edited = input.value.trim() !== "";
    var timer = null;
    var seq = 0;
    var check = function (query) {
      var mine = ++seq;
      fetch(input.getAttribute("data-name-check") + "?" + query, {headers: {"Accept": "application/json"}})
        .then(function (r) { return r.json(); })
        .then(function (j) {
          if (mine !== seq) { return; }
          if (!edited && j.name !== undefined) { input.value = j.name; }
          if (j.name === "") { out.textContent = ""; out.className = "name-check"; return; }
          out.textContent = j.available ? ("✓ " + j.url + " is free") : ("✗ " + j.message);
          out.className = "name-check " + (j.available ? "ok" : "bad");
        })
        .catch(function () {});
    };
    var later = function (query) {
      clearTimeout(timer);
      timer = setTimeout(function () { check(query); }, 250);
    };
    input.addEventListener("input", function () {
      edited = input.value.trim() !== "";
      var value = input.value.trim();
      if (value === "") {
        out.textContent = ""; out.className = "name-check";
        if (title && title.value.trim() !== "") { later("title=" + encodeURIComponent(title.value.trim())); }
        return;
      }
      later("name=" + encodeURIComponent(value));
    });
    if (title) {
      title.addEventListener("input", function () {
        if (edited) { return; }
        var value = title.value.trim();
        if (value === "") { input.value = ""; out.textContent = ""; out.className = "name-check"; return; }
        later("title=" + encodeURIComponent(value));
      });
    }
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
