// Cookie consent in the browser. Pages are cached for every visitor, so
// the choice is applied here: the owner's scripts are written inert
// (type="text/plain" data-consent=CATEGORY data-src=URL) and this script
// turns those of the allowed categories into real scripts. Without
// JavaScript they never run at all; the bar's forms still work, posting to
// /consent and coming back.
(function () {
  "use strict";
  var bar = document.getElementById("consent");
  if (!bar) { return; }
  var version = bar.getAttribute("data-version");
  var form = bar.querySelector("form");
  var names = ["preferences", "statistics", "marketing"];

  // read returns the stored choice for this policy version, or null.
  function read() {
    var m = document.cookie.match(/(?:^|;\s*)pc_consent=(\d+)\.([01]{3})\.[A-Za-z0-9_-]+/);
    if (!m || m[1] !== version) { return null; }
    var c = {};
    names.forEach(function (n, i) { c[n] = m[2].charAt(i) === "1"; });
    return c;
  }

  var active = {};
  function apply(choice) {
    document.querySelectorAll('script[type="text/plain"][data-consent]').forEach(function (inert) {
      var cat = inert.getAttribute("data-consent");
      if (!choice[cat] || inert.hasAttribute("data-consent-active")) { return; }
      var s = document.createElement("script");
      s.src = inert.getAttribute("data-src");
      inert.setAttribute("data-consent-active", "");
      inert.parentNode.insertBefore(s, inert.nextSibling);
      active[cat] = true;
    });
    names.forEach(function (n) {
      var box = form.querySelector('input[name="' + n + '"]');
      if (box) { box.checked = !!choice[n]; }
    });
  }

  var choice = read();
  if (choice) {
    apply(choice);
    // The /consent page shows the settings open on purpose.
    var settings = bar.querySelector("details.consent-settings");
    if (!(settings && settings.open)) { bar.hidden = true; }
  } else {
    bar.hidden = false;
    // Global Privacy Control is a refusal of marketing: the box starts off.
    var gpc = navigator.globalPrivacyControl === true;
    var mk = form.querySelector('input[name="marketing"]');
    if (mk && gpc) { mk.checked = false; }
  }

  function open() {
    bar.hidden = false;
    var settings = bar.querySelector("details.consent-settings");
    if (settings) { settings.open = true; }
    bar.querySelector(".consent-heading").focus();
  }
  document.querySelectorAll("[data-consent-open]").forEach(function (a) {
    a.addEventListener("click", function (e) { e.preventDefault(); open(); });
  });

  // Choosing without a reload. If anything fails, the form is sent the
  // plain way.
  form.addEventListener("submit", function (e) {
    if (!window.fetch || !window.FormData) { return; }
    e.preventDefault();
    var data = new FormData(form);
    if (e.submitter && e.submitter.name) { data.set(e.submitter.name, e.submitter.value); }
    fetch(form.action, { method: "POST", body: new URLSearchParams(data), credentials: "same-origin",
      headers: { "Accept": "application/json" } }).then(function (res) {
      if (!res.ok) { throw new Error("consent " + res.status); }
      var c = read();
      if (!c) { throw new Error("no consent cookie"); }
      // A script that already ran cannot be stopped: withdrawing its
      // category reloads the page, which then leaves it inert.
      for (var cat in active) {
        if (active[cat] && !c[cat]) { window.location.reload(); return; }
      }
      apply(c);
      bar.hidden = true;
      var main = document.getElementById("main");
      if (main) { main.setAttribute("tabindex", "-1"); main.focus({ preventScroll: true }); }
    }).catch(function () {
      var h = document.createElement("input");
      h.type = "hidden"; h.name = "choice"; h.value = e.submitter ? e.submitter.value : "save";
      form.appendChild(h);
      form.submit();
    });
  });
})();
