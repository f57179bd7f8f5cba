// Filters the incidents by the form's fields, over search/index.json.
// No innerHTML: every text goes in through textContent, so nothing from an
// entry can become markup. Without JavaScript the page's browse links remain.
// Its words come from the page, in the page's language: #result-count's
// data-count-one and data-count-other ("{n} incidents"), data-more, data-failed and
// data-note.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var list = document.getElementById("results");
  var count = document.getElementById("result-count");
  if (!form || !list || !count || !window.fetch) return;
  var fields = ["airline", "programme", "vector", "data", "language", "year", "status"];
  var entries = [];
  var lang = document.documentElement.lang || "en";
  var shown = 500;

  function words(name) { return count.getAttribute("data-" + name) || ""; }

  // A number as the page's language writes it: 4,100 in English, 4.100 in
  // Dutch and German (as the pages themselves do).
  function number(n) {
    var s = String(n), sep = lang === "nl" || lang === "de" ? "." : ",", out = "";
    while (s.length > 3) {
      out = sep + s.slice(-3) + out;
      s = s.slice(0, -3);
    }
    return s + out;
  }

  function fill(text, n) { return text.split("{n}").join(number(n)); }

  function matches(e, f) {
    if (f.airline && e.airlines.indexOf(f.airline) < 0) return false;
    if (f.programme && e.programme !== f.programme) return false;
    if (f.vector && e.vector !== f.vector) return false;
    if (f.data && e.data.indexOf(f.data) < 0) return false;
    if (f.language && e.languages.indexOf(f.language) < 0) return false;
    if (f.year && String(e.year) !== f.year) return false;
    if (f.status && e.status !== f.status) return false;
    if (f.q) {
      var words = f.q.toLowerCase().split(/\s+/).filter(Boolean);
      var title = e.title.toLowerCase();
      for (var i = 0; i < words.length; i++) if (title.indexOf(words[i]) < 0) return false;
    }
    return true;
  }

  function current() {
    var f = {};
    fields.concat(["q"]).forEach(function (name) { f[name] = form.elements[name].value; });
    return f;
  }

  function show() {
    var f = current();
    var hits = entries.filter(function (e) { return matches(e, f); });
    while (list.firstChild) list.removeChild(list.firstChild);
    hits.slice(0, shown).forEach(function (e) {
      var li = document.createElement("li");
      li.className = "incident-item";
      var when = document.createElement("p");
      when.className = "when";
      when.textContent = e.human;
      // h2: the results follow the page's h1 directly.
      var h = document.createElement("h2");
      h.className = "title";
      var a = document.createElement("a");
      a.href = e.url;
      a.textContent = e.title;
      h.appendChild(a);
      li.appendChild(when);
      li.appendChild(h);
      list.appendChild(li);
    });
    count.textContent = hits.length === 1 ? fill(words("count-one"), 1) : fill(words("count-other"), hits.length) + (hits.length > shown ? " " + fill(words("more"), shown) : "");
    var params = new URLSearchParams();
    Object.keys(f).forEach(function (k) { if (f[k]) params.set(k, f[k]); });
    var qs = params.toString();
    history.replaceState(null, "", qs ? "?" + qs : location.pathname);
  }

  var params = new URLSearchParams(location.search);
  fields.concat(["q"]).forEach(function (name) {
    if (params.has(name)) form.elements[name].value = params.get(name);
  });
  form.addEventListener("change", show);
  form.addEventListener("input", show);
  form.addEventListener("submit", function (ev) { ev.preventDefault(); show(); });

  fetch(count.getAttribute("data-index"))
    .then(function (r) { return r.json(); })
    .then(function (data) {
      entries = data;
      show();
      var note = document.getElementById("no-script-note");
      if (note) note.textContent = words("note");
    })
    .catch(function () { count.textContent = words("failed"); });
})();
