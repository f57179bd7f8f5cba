#!/usr/bin/env node
// Times the search engine (static/js/search-core.js) over a built site's
// index, as the search page runs it, and says what each query transfers.
//
//   node tools/sitecheck/bench-search.mjs <site-dir> [--lang nl] [--rounds 20]
//
// For each query of a fixed set (a facet, two facets, a word, two words, a
// word and a facet, a word that matches nothing) it prints: the bytes the
// page fetches for it on a fresh visit (search/index.json, the word shards,
// the chunks of the first 20 results), raw and gzipped, and the median and
// the worst of the time one keystroke takes (the engine's run over every
// facet's counts, and picking the first 20 results), over the rounds.
// Typing a query is one keystroke per character: each prefix is timed.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import path from "node:path";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";

const require = createRequire(import.meta.url);
const here = path.dirname(new URL(import.meta.url).pathname);
const S = require(path.join(here, "..", "..", "static", "js", "search-core.js"));

const args = process.argv.slice(2);
const site = args[0];
if (!site) { console.error("usage: bench-search.mjs <site-dir> [--lang nl] [--rounds N]"); process.exit(2); }
const opt = (name, def) => { const i = args.indexOf("--" + name); return i > 0 ? args[i + 1] : def; };
const lang = opt("lang", "");
const rounds = Number(opt("rounds", "20"));
const dir = path.join(site, lang, "search");
const read = (p) => readFileSync(path.join(dir, p));
const metaRaw = read("index.json");
const meta = JSON.parse(metaRaw);
const facets = ["airline", "programme", "vector", "data", "language", "year", "status"];
const some = (f) => Object.keys(meta.facets[f] || {}).sort()[0];

const queries = [
  { name: "one airline", f: { airline: some("airline") } },
  { name: "airline and data field", f: { airline: some("airline"), data: some("data") } },
  { name: "a word", f: { q: "incident" } },
  { name: "two words", f: { q: "members accounts" } },
  { name: "word and year", f: { q: "breach", year: some("year") } },
  { name: "no match", f: { q: "zzzqqqxx" } },
];

function median(xs) { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; }

console.log(`${meta.count} incidents; search/index.json ${metaRaw.length} bytes (${gzipSync(metaRaw).length} gzipped)`);
for (const q of queries) {
  const engine = new S.Engine(meta);
  let bytes = metaRaw.length, gz = gzipSync(metaRaw).length;
  for (const sh of engine.shardsFor(q.f.q || "")) {
    const b = read(`words/${sh}.json`);
    bytes += b.length; gz += gzipSync(b).length;
    engine.addShard(sh, JSON.parse(b));
  }
  const r = engine.run(q.f, facets);
  const chunks = new Set(S.first(r.hits, 20).map((p) => Math.floor(p / meta.chunk)));
  for (const c of chunks) { const b = read(`docs/${c}.json`); bytes += b.length; gz += gzipSync(b).length; }
  // Every keystroke of typing the query: each prefix of its words.
  const steps = [];
  const text = q.f.q || "";
  for (let i = 1; i <= Math.max(1, text.length); i++) steps.push({ ...q.f, q: text.slice(0, i) });
  const times = [];
  for (let round = 0; round < rounds; round++) {
    for (const st of steps) {
      const e = new S.Engine(meta); // a fresh engine: nothing decoded yet, as on a first visit
      for (const sh of Object.keys(engine.shards)) e.shards[sh] = engine.shards[sh];
      const t0 = performance.now();
      const res = e.run(st, facets);
      S.first(res.hits, 20);
      times.push(performance.now() - t0);
    }
  }
  console.log(`${q.name.padEnd(24)} ${String(r.total).padStart(6)} hits  transfer ${String(bytes).padStart(8)} B raw, ${String(gz).padStart(7)} B gzipped  keystroke median ${median(times).toFixed(1)} ms, worst ${Math.max(...times).toFixed(1)} ms`);
}
