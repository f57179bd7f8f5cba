// The search engine, without the page: sets of incidents as bitsets, read
// from the index's encodings, and a query over them. search.js drives it in
// the browser; tools/sitecheck/bench-search.mjs times it in Node.
(function (root) {
  "use strict";
  var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  var B64V = {};
  for (var i = 0; i < 64; i++) B64V[B64.charAt(i)] = i;

  // decode turns "d<gaps in base 36, dot-separated>" or "b<base64 bitset>"
  // into a bitset of n incidents (a Uint8Array, bit i of byte i>>3).
  function decode(s, n) {
    var bits = new Uint8Array((n + 7) >> 3);
    if (!s) return bits;
    if (s.charAt(0) === "d") {
      if (s.length > 1) {
        var parts = s.slice(1).split("."), p = 0;
        for (var j = 0; j < parts.length; j++) {
          p += parseInt(parts[j], 36);
          bits[p >> 3] |= 1 << (p & 7);
        }
      }
      return bits;
    }
    var acc = 0, nb = 0, k = 0;
    for (var c = 1; c < s.length && k < bits.length; c++) {
      acc = (acc << 6) | B64V[s.charAt(c)];
      nb += 6;
      if (nb >= 8) {
        nb -= 8;
        bits[k++] = (acc >> nb) & 255;
      }
    }
    return bits;
  }

  function all(n) {
    var b = new Uint8Array((n + 7) >> 3);
    b.fill(255);
    if (n & 7) b[b.length - 1] = (1 << (n & 7)) - 1;
    return b;
  }
  function and(a, b) { for (var i = 0; i < a.length; i++) a[i] &= b[i]; return a; }
  function or(a, b) { for (var i = 0; i < a.length; i++) a[i] |= b[i]; return a; }
  var POP = new Uint8Array(256);
  for (var v = 0; v < 256; v++) POP[v] = (v & 1) + POP[v >> 1];
  function count(a) { var c = 0; for (var i = 0; i < a.length; i++) c += POP[a[i]]; return c; }
  function countAnd(a, b) { var c = 0; for (var i = 0; i < a.length; i++) c += POP[a[i] & b[i]]; return c; }
  // first is the places of the first max members of a, in order.
  function first(a, max) {
    var out = [];
    for (var i = 0; i < a.length && out.length < max; i++) {
      if (!a[i]) continue;
      for (var j = 0; j < 8; j++) if (a[i] & (1 << j)) { out.push(i * 8 + j); if (out.length >= max) break; }
    }
    return out;
  }

  // words splits text as the index does: lower case, letters and digits,
  // two characters at least.
  function words(text) {
    return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (w) { return Array.from(w).length >= 2; });
  }
  function shardOf(w) { var c = w.charAt(0); return /[a-z0-9]/.test(c) ? c : "_"; }

  // Engine answers queries over one index (search/index.json's object) and
  // its word shards (shard name → object of word → set), which the caller
  // loads (shardsFor says which a query needs).
  function Engine(meta) {
    this.meta = meta;
    this.n = meta.count;
    this.cache = {};
    this.shards = {};
  }
  Engine.prototype.facet = function (name, value) {
    var key = name + "\u0000" + value;
    if (!this.cache[key]) this.cache[key] = decode((this.meta.facets[name] || {})[value], this.n);
    return this.cache[key];
  };
  Engine.prototype.shardsFor = function (q) {
    var need = {};
    words(q).forEach(function (w) { need[shardOf(w)] = true; });
    return Object.keys(need);
  };
  Engine.prototype.addShard = function (name, obj) {
    this.shards[name] = { words: Object.keys(obj).sort(), sets: obj };
  };
  // word is the incidents of every indexed word that starts with w.
  Engine.prototype.word = function (w) {
    var key = "\u0001" + w;
    if (this.cache[key]) return this.cache[key];
    var sh = this.shards[shardOf(w)], out = new Uint8Array((this.n + 7) >> 3);
    if (sh) {
      var lo = 0, hi = sh.words.length;
      while (lo < hi) { var mid = (lo + hi) >> 1; if (sh.words[mid] < w) lo = mid + 1; else hi = mid; }
      for (var i = lo; i < sh.words.length && sh.words[i].lastIndexOf(w, 0) === 0; i++) or(out, decode(sh.sets[sh.words[i]], this.n));
    }
    this.cache[key] = out;
    return out;
  };
  // run is the set of a query (filters: facet name → value, and q, the
  // words), and, for each facet, each value's count among the incidents
  // that every other filter leaves.
  Engine.prototype.run = function (filters, facetNames) {
    var self = this, n = this.n;
    var wordSet = all(n);
    words(filters.q || "").forEach(function (w) { and(wordSet, self.word(w)); });
    var hits = wordSet.slice();
    facetNames.forEach(function (f) { if (filters[f]) and(hits, self.facet(f, filters[f])); });
    var counts = {};
    facetNames.forEach(function (f) {
      var others = wordSet.slice();
      facetNames.forEach(function (g) { if (g !== f && filters[g]) and(others, self.facet(g, filters[g])); });
      counts[f] = {};
      Object.keys(self.meta.facets[f] || {}).forEach(function (v) { counts[f][v] = countAnd(self.facet(f, v), others); });
    });
    return { hits: hits, total: count(hits), counts: counts };
  };

  var api = { decode: decode, words: words, shardOf: shardOf, first: first, Engine: Engine };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.BreachlineSearch = api;
})(this);
