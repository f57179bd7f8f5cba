// Breachline's preview client, injected by the preview server only.
// It reloads the page after a rebuild (keeping the scroll position), swaps
// changed stylesheets without a reload, and shows build problems over the
// page. Text goes in through textContent only.
(function () {
  "use strict";
  var prefix = "/__breachline/";
  var key = "breachline-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    var y = parseInt(saved, 10);
    window.addEventListener("load", function () { window.scrollTo(0, y); });
    if (document.readyState === "complete") window.scrollTo(0, y);
  }

  function reload() {
    sessionStorage.setItem(key, String(Math.round(window.scrollY)));
    location.reload();
  }

  function stylesheets(doc) {
    return Array.prototype.map.call(doc.querySelectorAll('link[rel="stylesheet"]'), function (l) {
      return l.getAttribute("href");
    }).filter(function (h) { return h.indexOf(prefix) !== 0; }).join("\n");
  }

  // refresh fetches the page again and swaps its body in place: faster than
  // a reload, and the scroll position stays. A page whose stylesheets
  // changed, or that runs scripts of its own, is reloaded instead.
  function refresh() {
    fetch(location.href, { cache: "no-store" })
      .then(function (r) {
        if (!r.ok) throw new Error(String(r.status));
        return r.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var ownScript = doc.querySelector('script:not([src^="' + prefix + '"])') || document.querySelector('script:not([src^="' + prefix + '"])');
        if (ownScript || stylesheets(doc) !== stylesheets(document)) { reload(); return; }
        var y = window.scrollY;
        document.title = doc.title;
        document.body.replaceWith(document.adoptNode(doc.body));
        overlay = null;
        window.scrollTo(0, y);
      })
      .catch(reload);
  }

  function swapCSS(paths) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href, location.href);
      if (paths.indexOf(url.pathname.replace(/^\//, "")) < 0 && paths.indexOf(url.pathname) < 0) return;
      url.searchParams.set("v", String(Date.now()));
      var fresh = link.cloneNode();
      fresh.href = url.toString();
      fresh.addEventListener("load", function () { link.remove(); });
      link.after(fresh);
    });
  }

  var overlay = null;
  function showProblems(problems) {
    if (overlay) { overlay.remove(); overlay = null; }
    if (!problems || problems.length === 0) return;
    if (!document.getElementById("__breachline-css")) {
      var css = document.createElement("link");
      css.id = "__breachline-css";
      css.rel = "stylesheet";
      css.href = prefix + "overlay.css";
      document.head.appendChild(css);
    }
    overlay = document.createElement("div");
    overlay.id = "__breachline-overlay";
    overlay.setAttribute("role", "alert");
    var h = document.createElement("h2");
    h.textContent = problems.length === 1 ? "The build has 1 problem" : "The build has " + problems.length + " problems";
    overlay.appendChild(h);
    var note = document.createElement("p");
    note.textContent = "This page shows the last good build. Fix the problem and save: this goes away by itself.";
    overlay.appendChild(note);
    problems.forEach(function (p) {
      var item = document.createElement("section");
      var where = document.createElement("p");
      where.className = "where";
      where.textContent = p.file + (p.line ? ":" + p.line + (p.col ? ":" + p.col : "") : "");
      var msg = document.createElement("p");
      msg.className = "msg";
      msg.textContent = p.msg;
      item.appendChild(where);
      item.appendChild(msg);
      if (p.lines && p.lines.length) {
        var pre = document.createElement("pre");
        p.lines.forEach(function (text, i) {
          var n = p.first + i;
          var line = document.createElement("span");
          if (n === p.line) line.className = "hit";
          line.textContent = String(n).padStart(5, " ") + "  " + text; // one block a line: none is pushed aside
          pre.appendChild(line);
        });
        item.appendChild(pre);
      }
      overlay.appendChild(item);
    });
    document.body.appendChild(overlay);
  }

  var version = null;
  var source = new EventSource(prefix + "events");
  source.addEventListener("hello", function (e) {
    if (version !== null && version !== e.data) { refresh(); return; }
    version = e.data;
    showProblems([]);
  });
  source.addEventListener("reload", refresh);
  source.addEventListener("css", function (e) { swapCSS(JSON.parse(e.data)); });
  source.addEventListener("problems", function (e) { showProblems(JSON.parse(e.data)); });
})();
