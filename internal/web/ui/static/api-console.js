// The API console of the admin's API documentation: runs the query with the
// pasted token against this site's API and shows the status and the reply.
// The token is never stored.
(function () {
  "use strict";
  var form = document.getElementById("api-console");
  if (!form) return;
  var statusLine = document.getElementById("console-status");
  var out = document.getElementById("console-result");
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var token = document.getElementById("console-token").value.trim();
    var query = document.getElementById("console-query").value;
    statusLine.textContent = "Running…";
    fetch(form.getAttribute("data-endpoint"), {
      method: "POST",
      credentials: "omit",
      headers: {
        "Content-Type": "application/json",
        "Accept": "application/graphql-response+json, application/json",
        "Authorization": "Bearer " + token
      },
      body: JSON.stringify({ query: query })
    }).then(function (res) {
      return res.text().then(function (text) {
        var shown = text;
        try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch (err) { /* not JSON: show as it is */ }
        var limit = res.headers.get("RateLimit");
        statusLine.textContent = "Status " + res.status + (limit ? " · RateLimit: " + limit : "");
        out.textContent = shown;
        out.hidden = false;
      });
    }).catch(function (err) {
      statusLine.textContent = "The request failed: " + err;
    });
  });
})();
