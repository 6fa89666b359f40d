// The admin's rich text editor: every textarea[data-richtext] becomes a
// small WYSIWYG editor (bold, italic, link, headings, lists, quote, undo and
// redo) with the textarea hidden behind it and kept in sync, so the form
// posts what the editor shows. Without JavaScript the textarea stays as it
// is. The server sanitises whatever arrives; the cleaning here only keeps
// pasted text to plain structure.
(function () {
  "use strict";

  var areas = document.querySelectorAll("textarea[data-richtext]");
  if (!areas.length || !document.execCommand) { return; }

  // What pasted HTML keeps: structure, emphasis and links. Other blocks
  // become paragraphs; anything else keeps only its text.
  var blocks = {P: "p", DIV: "p", H1: "h2", H2: "h2", H3: "h3", H4: "h3", H5: "h3", H6: "h3",
    UL: "ul", OL: "ol", LI: "li", BLOCKQUOTE: "blockquote", PRE: "p", TABLE: "p", TR: "p", SECTION: "p", ARTICLE: "p"};
  var inlines = {B: "strong", STRONG: "strong", I: "em", EM: "em", A: "a", BR: "br"};
  var dropped = {SCRIPT: 1, STYLE: 1, IFRAME: 1, OBJECT: 1, EMBED: 1, TEMPLATE: 1, NOSCRIPT: 1, META: 1, LINK: 1, TITLE: 1, HEAD: 1, SVG: 1, MATH: 1};

  function safeHref(h) {
    h = (h || "").trim();
    return /^(https?:|mailto:|tel:|\/|#)/i.test(h) ? h : "";
  }

  // plain copies the children of src into dst keeping only the structure
  // above.
  function plain(src, dst) {
    src.childNodes.forEach(function (n) {
      if (n.nodeType === 3) { dst.appendChild(document.createTextNode(n.nodeValue)); return; }
      if (n.nodeType !== 1 || dropped[n.nodeName.toUpperCase()]) { return; }
      var name = n.nodeName.toUpperCase();
      var tag = blocks[name] || inlines[name];
      if (!tag) { plain(n, dst); return; }
      var el = document.createElement(tag);
      if (tag === "a") {
        var href = safeHref(n.getAttribute("href"));
        if (!href) { plain(n, dst); return; }
        el.setAttribute("href", href);
      }
      if (tag !== "br") { plain(n, el); }
      // A paragraph inside a list item or a quote adds nothing.
      if (tag === "p" && (dst.nodeName === "LI" || dst.nodeName === "P")) { plain(n, dst); return; }
      dst.appendChild(el);
    });
  }

  // tidy removes what the browser's editing adds and no design wants:
  // style attributes, <span> and <font> wrappers, event attributes.
  function tidy(root) {
    root.querySelectorAll("script, style, iframe, object, embed").forEach(function (n) { n.remove(); });
    root.querySelectorAll("*").forEach(function (n) {
      Array.prototype.slice.call(n.attributes).forEach(function (a) {
        var name = a.name.toLowerCase();
        if (name === "style" || name.indexOf("on") === 0 || ((name === "href" || name === "src") && /^\s*javascript:/i.test(a.value))) {
          n.removeAttribute(a.name);
        }
      });
    });
    root.querySelectorAll("span, font").forEach(function (n) {
      while (n.firstChild) { n.parentNode.insertBefore(n.firstChild, n); }
      n.remove();
    });
    return root;
  }

  // parse reads HTML into an inert document: nothing in it runs or loads.
  function parse(html) {
    return new DOMParser().parseFromString("<body>" + html + "</body>", "text/html").body;
  }

  var tools = [
    {cmd: "bold", label: "Bold", text: "B", key: "b"},
    {cmd: "italic", label: "Italic", text: "I", key: "i"},
    {cmd: "link", label: "Link", text: "Link", key: "k"},
    {cmd: "h2", label: "Heading", text: "H2"},
    {cmd: "h3", label: "Subheading", text: "H3"},
    {cmd: "insertUnorderedList", label: "Bulleted list", text: "• List"},
    {cmd: "insertOrderedList", label: "Numbered list", text: "1. List"},
    {cmd: "blockquote", label: "Quote", text: "“ Quote"},
    {cmd: "undo", label: "Undo", text: "↶"},
    {cmd: "redo", label: "Redo", text: "↷"},
    {cmd: "source", label: "Edit HTML", text: "HTML"}
  ];

  // One link dialog serves every editor on the page.
  var dialog = null, dialogInput = null, onLink = null;
  function linkDialog() {
    if (dialog) { return dialog; }
    dialog = document.createElement("dialog");
    dialog.className = "rt-dialog";
    dialog.setAttribute("aria-labelledby", "rt-dialog-title");
    dialog.innerHTML = '<form method="dialog"><h2 id="rt-dialog-title">Link</h2>' +
      '<label for="rt-link-url">Address of the page to link to</label>' +
      '<input type="text" id="rt-link-url" inputmode="url" placeholder="https://example.com or /about" autocomplete="off">' +
      '<p class="hint">A web address, a page of your site such as /about, or mailto:name@example.com.</p>' +
      '<p class="field-error" hidden role="alert">Write an address that starts with https://, / or mailto:.</p>' +
      '<div class="actions"><button type="submit" value="ok">Add link</button>' +
      '<button type="submit" value="remove" class="secondary">Remove link</button>' +
      '<button type="submit" value="cancel" class="linklike">Cancel</button></div></form>';
    document.body.appendChild(dialog);
    dialogInput = dialog.querySelector("input");
    var problem = dialog.querySelector(".field-error");
    var href = "";
    dialog.querySelector("form").addEventListener("submit", function (e) {
      var v = e.submitter ? e.submitter.value : "ok";
      href = "";
      if (v === "ok") {
        href = safeHref(dialogInput.value);
        if (!href && /^[\w.-]+\.[a-z]{2,}(\/|$)/i.test(dialogInput.value.trim())) { href = "https://" + dialogInput.value.trim(); }
        if (!href) { e.preventDefault(); problem.hidden = false; dialogInput.focus(); return; }
      }
      problem.hidden = true;
    });
    // The page behind a modal dialog is inert: the editor is changed once
    // the dialog has closed. Escape closes it with no return value.
    dialog.addEventListener("close", function () {
      var what = dialog.returnValue || "cancel";
      dialog.returnValue = "";
      if (onLink) { onLink(what, href); }
    });
    return dialog;
  }

  areas.forEach(function (ta, n) {
    var wrap = document.createElement("div");
    wrap.className = "rt";
    var bar = document.createElement("div");
    bar.className = "rt-toolbar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", "Formatting");
    var ed = document.createElement("div");
    ed.className = "rt-editor prose";
    ed.contentEditable = "true";
    ed.setAttribute("role", "textbox");
    ed.setAttribute("aria-multiline", "true");
    if (!ta.id) { ta.id = "richtext-" + n; }
    var label = document.querySelector('label[for="' + ta.id + '"]');
    if (label) {
      if (!label.id) { label.id = ta.id + "-label"; }
      ed.setAttribute("aria-labelledby", label.id);
      // The label now names the editor; clicking it goes there.
      label.addEventListener("click", function (e) { if (!ta.hidden) { return; } e.preventDefault(); ed.focus(); });
    }
    if (ta.getAttribute("aria-describedby")) { ed.setAttribute("aria-describedby", ta.getAttribute("aria-describedby")); }
    if (ta.getAttribute("aria-invalid")) { ed.setAttribute("aria-invalid", ta.getAttribute("aria-invalid")); }

    var load = function () {
      var v = ta.value.trim();
      // Text without any tag is one or more plain paragraphs.
      if (v && !/<[a-z][\s\S]*>/i.test(v)) {
        var body = document.createElement("div");
        v.split(/\n\s*\n/).forEach(function (para) {
          var p = document.createElement("p");
          p.textContent = para.trim();
          body.appendChild(p);
        });
        v = body.innerHTML;
      }
      ed.innerHTML = "";
      var src = tidy(parse(v));
      while (src.firstChild) { ed.appendChild(document.importNode(src.firstChild, true)); src.removeChild(src.firstChild); }
      if (!ed.innerHTML.trim()) { ed.innerHTML = "<p><br></p>"; }
    };
    var sync = function () {
      var copy = tidy(ed.cloneNode(true));
      // Browsers type a no-break space at the end of a line so that it
      // shows; between words it should be an ordinary one.
      var html = copy.innerHTML.replace(/<p><br><\/p>/g, "").replace(/(^|[^ ;])&nbsp;(?!&nbsp;| )/g, "$1 ").trim();
      ta.value = html;
    };
    load();

    var buttons = {};
    tools.forEach(function (t) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "rt-button rt-" + t.cmd;
      b.textContent = t.text;
      b.setAttribute("aria-label", t.label);
      b.title = t.label + (t.key ? " (Ctrl+" + t.key.toUpperCase() + ")" : "");
      if (t.cmd !== "undo" && t.cmd !== "redo" && t.cmd !== "link") { b.setAttribute("aria-pressed", "false"); }
      // Keep the selection in the editor when a button is pressed.
      b.addEventListener("mousedown", function (e) { if (t.cmd !== "source") { e.preventDefault(); } });
      b.addEventListener("click", function () { run(t.cmd); });
      buttons[t.cmd] = b;
      bar.appendChild(b);
    });

    var current = function () {
      var s = window.getSelection();
      if (!s.rangeCount) { return null; }
      var node = s.anchorNode;
      return ed.contains(node) ? node : null;
    };
    var inside = function (tag) {
      var node = current();
      while (node && node !== ed) {
        if (node.nodeName === tag) { return node; }
        node = node.parentNode;
      }
      return null;
    };
    var block = function (tag) {
      document.execCommand("formatBlock", false, inside(tag.toUpperCase()) ? "<p>" : "<" + tag + ">");
    };
    var state = function () {
      if (ta.hidden === false) { return; }
      buttons.bold.setAttribute("aria-pressed", String(document.queryCommandState("bold")));
      buttons.italic.setAttribute("aria-pressed", String(document.queryCommandState("italic")));
      buttons.h2.setAttribute("aria-pressed", String(!!inside("H2")));
      buttons.h3.setAttribute("aria-pressed", String(!!inside("H3")));
      buttons.insertUnorderedList.setAttribute("aria-pressed", String(!!inside("UL")));
      buttons.insertOrderedList.setAttribute("aria-pressed", String(!!inside("OL")));
      buttons.blockquote.setAttribute("aria-pressed", String(!!inside("BLOCKQUOTE")));
    };

    var saved = null;
    var link = function () {
      var s = window.getSelection();
      saved = s.rangeCount && current() ? s.getRangeAt(0).cloneRange() : null;
      var d = linkDialog();
      var a = inside("A");
      dialogInput.value = a ? a.getAttribute("href") : "";
      onLink = function (what, href) {
        ed.focus();
        if (saved) { s.removeAllRanges(); s.addRange(saved); }
        if (what === "ok") {
          if (s.isCollapsed && !a) {
            document.execCommand("insertHTML", false, '<a href="' + href.replace(/"/g, "&quot;") + '">' +
              href.replace(/&/g, "&amp;").replace(/</g, "&lt;") + "</a>");
          } else {
            document.execCommand("createLink", false, href);
          }
        } else if (what === "remove") {
          if (a && s.isCollapsed) { var r = document.createRange(); r.selectNodeContents(a); s.removeAllRanges(); s.addRange(r); }
          document.execCommand("unlink");
        }
        onLink = null;
        sync();
      };
      d.showModal();
      dialogInput.focus();
    };

    var run = function (cmd) {
      if (cmd === "source") {
        if (ta.hidden) {
          sync();
          ta.hidden = false; ed.hidden = true;
          buttons.source.setAttribute("aria-pressed", "true");
          bar.querySelectorAll("button").forEach(function (b) { if (b !== buttons.source) { b.disabled = true; } });
          ta.focus();
        } else {
          load();
          ta.hidden = true; ed.hidden = false;
          buttons.source.setAttribute("aria-pressed", "false");
          bar.querySelectorAll("button").forEach(function (b) { b.disabled = false; });
          ed.focus();
        }
        return;
      }
      ed.focus();
      switch (cmd) {
        case "link": link(); return;
        case "h2": case "h3": block(cmd); break;
        case "blockquote": block("blockquote"); break;
        default: document.execCommand(cmd, false, null);
      }
      sync();
      state();
    };

    ed.addEventListener("input", sync);
    ed.addEventListener("keyup", state);
    ed.addEventListener("mouseup", state);
    document.addEventListener("selectionchange", function () { if (current()) { state(); } });
    ed.addEventListener("keydown", function (e) {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === "k") { e.preventDefault(); link(); }
    });
    ed.addEventListener("paste", function (e) {
      var data = e.clipboardData;
      if (!data) { return; }
      e.preventDefault();
      var out = document.createElement("div");
      var html = data.getData("text/html");
      if (html) {
        plain(parse(html), out);
      } else {
        data.getData("text/plain").split(/\n\s*\n/).forEach(function (para) {
          if (!para.trim()) { return; }
          var p = document.createElement("p");
          p.textContent = para.trim();
          out.appendChild(p);
        });
      }
      // A single line goes inline, into the paragraph being written.
      var inner = out.children.length === 1 && out.firstElementChild.nodeName === "P" ? out.firstElementChild.innerHTML : out.innerHTML;
      document.execCommand("insertHTML", false, inner);
      sync();
    });
    // Dropped files or markup would bypass the cleaning above.
    ed.addEventListener("drop", function (e) { e.preventDefault(); });
    if (ta.form) { ta.form.addEventListener("submit", function () { if (ta.hidden) { sync(); } }); }

    try {
      document.execCommand("defaultParagraphSeparator", false, "p");
      document.execCommand("styleWithCSS", false, false);
    } catch (e) { /* older browsers: their defaults are fine */ }

    ta.hidden = true;
    ta.parentNode.insertBefore(wrap, ta);
    wrap.appendChild(bar);
    wrap.appendChild(ed);
    wrap.appendChild(ta);
  });
})();
