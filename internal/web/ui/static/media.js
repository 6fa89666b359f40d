// The media library's upload form: drop files on it, or choose them, and
// they are sent at once. Progressive enhancement only: without this file
// the form's button sends the chosen files.
(function () {
  "use strict";
  var form = document.querySelector("form[data-dropzone]");
  if (!form) { return; }
  var input = form.querySelector("input[type=file]");
  var status = form.querySelector(".media-upload-status");
  if (!input || typeof DataTransfer === "undefined") { return; }
  form.classList.add("can-drop");
  var depth = 0;
  var sending = false;

  var send = function (files) {
    if (sending || !files || !files.length) { return; }
    if (input.files !== files) {
      try { input.files = files; } catch (e) { return; }
    }
    sending = true;
    status.textContent = "Uploading " + files.length + (files.length === 1 ? " file…" : " files…");
    form.classList.add("busy");
    if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
  };
  form.addEventListener("submit", function () {
    var b = form.querySelector("button[type=submit]");
    if (b) { b.disabled = true; }
  });

  form.addEventListener("dragenter", function (e) {
    e.preventDefault();
    depth++;
    form.classList.add("dragover");
  });
  form.addEventListener("dragover", function (e) {
    e.preventDefault();
    e.dataTransfer.dropEffect = "copy";
  });
  form.addEventListener("dragleave", function () {
    depth = Math.max(0, depth - 1);
    if (depth === 0) { form.classList.remove("dragover"); }
  });
  form.addEventListener("drop", function (e) {
    e.preventDefault();
    depth = 0;
    form.classList.remove("dragover");
    send(e.dataTransfer.files);
  });
  input.addEventListener("change", function () { send(input.files); });

  // A file dropped beside the form would otherwise open in place of the admin.
  window.addEventListener("dragover", function (e) { e.preventDefault(); });
  window.addEventListener("drop", function (e) { e.preventDefault(); });
})();
