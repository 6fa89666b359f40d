// The media library's upload form: drop files on it (or anywhere on the
// page), or choose them, and each is sent on its own with a progress bar
// and its own outcome; the library below then shows the new pictures
// without leaving the page. Progressive enhancement only: without this
// file (or without XMLHttpRequest and FormData) the form's button sends
// the chosen files and the page that comes back says what happened.
(function () {
  "use strict";
  var form = document.querySelector("form[data-dropzone]");
  if (!form) { return; }
  var input = form.querySelector("input[type=file]");
  var status = form.querySelector(".media-upload-status");
  var list = form.querySelector(".media-progress");
  var button = form.querySelector("button[type=submit]");
  if (!input || !list || typeof FormData === "undefined" || typeof XMLHttpRequest === "undefined") { return; }
  form.classList.add("can-drop");
  var depth = 0;
  var queue = [];
  var running = 0;
  var added = 0;
  var failed = 0;
  // Two at a time: a phone's upload link is the limit, not the server.
  var parallel = 2;

  var sizeText = function (n) {
    if (n < 1024 * 1024) { return Math.max(1, Math.round(n / 1024)) + " KB"; }
    return (n / 1024 / 1024).toFixed(1) + " MB";
  };

  // row adds a file's line to the list: its name, a progress bar and what
  // happened to it.
  var row = function (file) {
    var li = document.createElement("li");
    li.className = "media-progress-item";
    var name = document.createElement("span");
    name.className = "media-progress-name";
    name.textContent = file.name + " (" + sizeText(file.size) + ")";
    var bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    bar.setAttribute("aria-label", "Upload of " + file.name);
    var note = document.createElement("span");
    note.className = "media-progress-note";
    note.textContent = "Waiting…";
    li.appendChild(name);
    li.appendChild(bar);
    li.appendChild(note);
    list.appendChild(li);
    list.hidden = false;
    return { li: li, bar: bar, note: note };
  };

  var summary = function () {
    var pending = queue.length + running;
    if (pending > 0) {
      status.textContent = "Uploading " + pending + (pending === 1 ? " file…" : " files…");
      return;
    }
    var parts = [];
    if (added) { parts.push(added + (added === 1 ? " file added." : " files added.")); }
    if (failed) { parts.push(failed + (failed === 1 ? " file was not added: see why below." : " files were not added: see why below.")); }
    status.textContent = parts.join(" ");
  };

  // refresh puts the library as it is now (new pictures, storage used)
  // in place of the one on the page.
  var refresh = function () {
    var xhr = new XMLHttpRequest();
    xhr.open("GET", window.location.href);
    xhr.responseType = "document";
    xhr.onload = function () {
      var doc = xhr.response;
      if (xhr.status !== 200 || !doc) { return; }
      ["media-storage", "media-results"].forEach(function (id) {
        var fresh = doc.getElementById(id);
        var old = document.getElementById(id);
        if (fresh && old) { old.replaceWith(document.importNode(fresh, true)); }
      });
    };
    xhr.send();
  };

  var finished = function () {
    running--;
    summary();
    next();
    if (queue.length + running === 0) {
      form.classList.remove("busy");
      if (button) { button.disabled = false; }
      input.value = "";
      if (added) { refresh(); }
    }
  };

  var upload = function (item) {
    running++;
    var data = new FormData();
    data.append("file", item.file, item.file.name);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("Accept", "application/json");
    item.ui.note.textContent = "Uploading…";
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) { item.ui.bar.value = Math.round(e.loaded / e.total * 100); }
    };
    xhr.onload = function () {
      var res = null;
      try { res = JSON.parse(xhr.responseText); } catch (e) { res = null; }
      if (xhr.status === 200 && res && (!res.problems || !res.problems.length)) {
        added++;
        item.ui.bar.value = 100;
        item.ui.li.classList.add("done");
        item.ui.note.textContent = (res.added && res.added[0]) || "Added.";
      } else {
        failed++;
        item.ui.li.classList.add("failed");
        item.ui.note.textContent = (res && res.problems && res.problems.join(" ")) ||
          (xhr.status === 413 ? "This file is larger than we accept." : "This file could not be uploaded (error " + xhr.status + "). Try again.");
      }
      finished();
    };
    xhr.onerror = function () {
      failed++;
      item.ui.li.classList.add("failed");
      item.ui.note.textContent = "The connection broke before the file arrived. Try again.";
      finished();
    };
    xhr.send(data);
  };

  var next = function () {
    while (running < parallel && queue.length) { upload(queue.shift()); }
  };

  var send = function (files) {
    if (!files || !files.length) { return; }
    if (queue.length + running === 0) {
      added = 0;
      failed = 0;
      list.textContent = "";
    }
    for (var i = 0; i < files.length; i++) {
      queue.push({ file: files[i], ui: row(files[i]) });
    }
    form.classList.add("busy");
    if (button) { button.disabled = true; }
    summary();
    next();
  };

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    if (queue.length + running === 0) { send(input.files); }
  });
  input.addEventListener("change", function () { send(input.files); });

  // Files may be dropped anywhere on the page; the form lights up while
  // they are carried over it.
  window.addEventListener("dragenter", function (e) {
    e.preventDefault();
    depth++;
    form.classList.add("dragover");
  });
  window.addEventListener("dragover", function (e) {
    e.preventDefault();
    if (e.dataTransfer) { e.dataTransfer.dropEffect = "copy"; }
  });
  window.addEventListener("dragleave", function () {
    depth = Math.max(0, depth - 1);
    if (depth === 0) { form.classList.remove("dragover"); }
  });
  window.addEventListener("drop", function (e) {
    // A file dropped on the page would otherwise open in place of the admin.
    e.preventDefault();
    depth = 0;
    form.classList.remove("dragover");
    if (e.dataTransfer) { send(e.dataTransfer.files); }
  });
})();
