// The search page: filters and words over the incidents, with the count
// each choice would leave, through search-core.js. No innerHTML: every text
// goes in through textContent, so nothing from an entry can become markup.
// The form shows only when this script runs; without it the page's browse
// links remain. Its words come from the page, in the page's language:
// #result-count's data-count-one and data-count-other ("{n} incidents"),
// data-more, data-failed, data-none and data-note.
(function () {
  "use strict";
  var S = window.BreachlineSearch;
  var form = document.getElementById("filters");
  var list = document.getElementById("results");
  var count = document.getElementById("result-count");
  var clear = document.getElementById("search-clear");
  if (!S || !form || !list || !count || !window.fetch || !window.Uint8Array) return;
  var facets = ["airline", "programme", "vector", "data", "language", "year", "status"];
  var lang = document.documentElement.lang || "en";
  var shown = 20;
  var engine = null, meta = null;
  var docs = {}, shards = {}, seq = 0;

  function words(name) { return count.getAttribute("data-" + name) || ""; }
  function number(n) {
    var s = String(n), sep = lang === "nl" || lang === "de" ? "." : ",", out = "";
    while (s.length > 3) { out = sep + s.slice(-3) + out; s = s.slice(0, -3); }
    return s + out;
  }
  function fill(text, n) { return text.split("{n}").join(number(n)); }
  function json(url) { return fetch(url).then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); }); }

  function current() {
    var f = {};
    facets.concat(["q"]).forEach(function (name) { f[name] = form.elements[name].value; });
    return f;
  }

  // need loads what a query needs: its words' shards.
  function need(f) {
    return Promise.all(engine.shardsFor(f.q).map(function (sh) {
      if (!shards[sh]) shards[sh] = json(meta.words + sh + ".json").then(function (o) { engine.addShard(sh, o); });
      return shards[sh];
    }));
  }
  function chunk(n) {
    if (!docs[n]) docs[n] = json(meta.docs + n + ".json");
    return docs[n];
  }

  function label(opt, n) {
    if (!opt.hasAttribute("data-name")) opt.setAttribute("data-name", opt.textContent);
    opt.textContent = opt.getAttribute("data-name") + " (" + number(n) + ")";
    opt.disabled = n === 0 && !opt.selected;
  }

  function show() {
    var f = current(), mine = ++seq;
    need(f).then(function () {
      if (mine !== seq) return;
      var r = engine.run(f, facets);
      facets.forEach(function (name) {
        Array.prototype.forEach.call(form.elements[name].options, function (opt) {
          if (opt.value) label(opt, r.counts[name][opt.value] || 0);
        });
      });
      var places = S.first(r.hits, shown);
      var chunks = {};
      places.forEach(function (p) { chunks[Math.floor(p / meta.chunk)] = true; });
      return Promise.all(Object.keys(chunks).map(function (c) { return chunk(c).then(function (d) { chunks[c] = d; }); })).then(function () {
        if (mine !== seq) return;
        while (list.firstChild) list.removeChild(list.firstChild);
        places.forEach(function (p) {
          var e = chunks[Math.floor(p / meta.chunk)][p % meta.chunk];
          var li = document.createElement("li");
          li.className = "incident-item";
          var when = document.createElement("p");
          when.className = "when";
          when.textContent = e.human;
          var h = document.createElement("h2"); // the results follow the page's h1
          h.className = "title";
          var a = document.createElement("a");
          a.href = e.url;
          a.textContent = e.title;
          h.appendChild(a);
          li.appendChild(when);
          li.appendChild(h);
          list.appendChild(li);
        });
        if (r.total === 0) count.textContent = words("none");
        else count.textContent = r.total === 1 ? fill(words("count-one"), 1) : fill(words("count-other"), r.total) + (r.total > shown ? " " + fill(words("more"), shown) : "");
        if (clear) clear.hidden = !Object.keys(f).some(function (k) { return f[k]; });
      });
    }).catch(function () { count.textContent = words("failed"); });
    var params = new URLSearchParams();
    Object.keys(f).forEach(function (k) { if (f[k]) params.set(k, f[k]); });
    var qs = params.toString();
    history.replaceState(null, "", qs ? "?" + qs : location.pathname);
  }

  var params = new URLSearchParams(location.search);
  facets.concat(["q"]).forEach(function (name) {
    if (params.has(name)) form.elements[name].value = params.get(name);
  });
  form.addEventListener("change", show);
  form.addEventListener("input", show);
  form.addEventListener("submit", function (ev) { ev.preventDefault(); show(); });
  if (clear) clear.addEventListener("click", function (ev) {
    ev.preventDefault();
    form.reset();
    facets.concat(["q"]).forEach(function (name) { form.elements[name].value = ""; });
    show();
  });

  json(count.getAttribute("data-index")).then(function (m) {
    meta = m;
    engine = new S.Engine(m);
    form.hidden = false;
    var note = document.getElementById("no-script-note");
    if (note) note.textContent = words("note");
    show();
  }).catch(function () { count.textContent = words("failed"); });
})();
