// The page editor's enhancements; every action also works without it.
// - Live preview: while a section form changes, post it to the draft
//   (debounced 150 ms) and reload the preview iframe.
// - Drag and drop of the section list, posting the new order.
(function () {
  "use strict";

  var frame = document.querySelector("iframe[data-preview]");
  var reload = function () {
    if (!frame) { return; }
    try {
      var y = frame.contentWindow.scrollY;
      frame.addEventListener("load", function restore() {
        frame.removeEventListener("load", restore);
        try { frame.contentWindow.scrollTo(0, y); } catch (e) {}
      });
      frame.contentWindow.location.reload();
    } catch (e) {
      frame.src = frame.src;
    }
  };

  var form = document.querySelector("form[data-autosave]");
  if (form) {
    var state = form.querySelector(".autosave-state");
    var timer = null, running = false, again = false;
    var save = function () {
      if (running) { again = true; return; }
      running = true;
      // A rich text editor (richtext.js) may write back to its textarea
      // on this event; ask before reading the form.
      form.dispatchEvent(new CustomEvent("editor:sync"));
      var data = new FormData(form);
      data.set("op", "save");
      fetch(form.action, {method: "POST", body: new URLSearchParams(data), headers: {"X-Editor": "autosave"}, credentials: "same-origin"})
        .then(function (r) {
          if (r.status === 204) {
            if (state) { state.textContent = "Saved to draft"; }
            reload();
          } else if (r.status === 422) {
            return r.text().then(function (t) { if (state) { state.textContent = "Not saved: " + t; } });
          } else if (state) {
            state.textContent = "Not saved (" + r.status + ")";
          }
        })
        .catch(function () { if (state) { state.textContent = "Not saved: offline?"; } })
        .then(function () {
          running = false;
          if (again) { again = false; save(); }
        });
    };
    var later = function () {
      clearTimeout(timer);
      if (state) { state.textContent = "Saving…"; }
      timer = setTimeout(save, 150);
    };
    form.addEventListener("input", later);
    form.addEventListener("change", later);
    form.addEventListener("editor:changed", later);
  }

  var list = document.querySelector(".section-list[data-order]");
  if (list && list.children.length > 1 && "draggable" in document.createElement("li")) {
    document.documentElement.classList.add("js-dnd");
    var dragged = null;
    Array.prototype.forEach.call(list.children, function (li) {
      li.draggable = true;
      li.addEventListener("dragstart", function (e) {
        dragged = li; li.classList.add("dragging");
        e.dataTransfer.effectAllowed = "move";
        e.dataTransfer.setData("text/plain", li.getAttribute("data-id"));
      });
      li.addEventListener("dragend", function () {
        li.classList.remove("dragging"); dragged = null;
        Array.prototype.forEach.call(list.children, function (x) { x.classList.remove("drop-before"); });
      });
      li.addEventListener("dragover", function (e) {
        if (!dragged || dragged === li) { return; }
        e.preventDefault();
        Array.prototype.forEach.call(list.children, function (x) { x.classList.remove("drop-before"); });
        li.classList.add("drop-before");
      });
      li.addEventListener("drop", function (e) {
        if (!dragged || dragged === li) { return; }
        e.preventDefault();
        list.insertBefore(dragged, li);
        send();
      });
    });
    list.addEventListener("dragover", function (e) {
      // Below the last item: move to the end.
      if (dragged && e.target === list) { e.preventDefault(); }
    });
    list.addEventListener("drop", function (e) {
      if (dragged && e.target === list) { e.preventDefault(); list.appendChild(dragged); send(); }
    });
    var send = function () {
      var ids = Array.prototype.map.call(list.children, function (li) { return li.getAttribute("data-id"); });
      fetch(list.getAttribute("data-order"), {method: "POST", credentials: "same-origin",
        headers: {"X-Editor": "order", "Content-Type": "application/x-www-form-urlencoded"},
        body: "order=" + encodeURIComponent(ids.join(","))})
        .then(function (r) {
          // The move buttons' state and the draft badge change with the
          // order: show the page as the server has it.
          if (r.ok) { window.location.reload(); }
        });
    };
  }
})();
