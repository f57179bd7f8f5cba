// Unit tests for the parts of sitecheck that are written here rather than
// taken from a package: the XML parser, the Atom and sitemap checks and the
// static server. Run: node --test tools/sitecheck/test/
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseXML } from "../lib/xml.mjs";
import { checkAtom, checkSitemap, isRFC3339, isW3CDatetime } from "../lib/feeds.mjs";
import { serve } from "../lib/server.mjs";

const enc = (s) => new TextEncoder().encode(s);

test("parseXML accepts well-formed XML and resolves namespaces", () => {
  const { root } = parseXML(enc(`<?xml version="1.0" encoding="UTF-8"?>
<!-- c --><a xmlns="urn:x" xmlns:p="urn:p" p:k="1 &amp; 2"><b>t&#x263A;<![CDATA[<raw>]]></b><p:c/></a>`));
  assert.equal(root.local, "a");
  assert.equal(root.ns, "urn:x");
  assert.equal(root.attr("k", "urn:p"), "1 & 2");
  assert.equal(root.first("b", "urn:x").text, "t\u263a<raw>");
  assert.equal(root.first("c", "urn:p").ns, "urn:p");
});

test("parseXML rejects what is not well-formed", () => {
  const bad = {
    "mismatched tags": "<a><b></a></b>",
    "unclosed root": "<a>",
    "undefined entity": "<a>&nbsp;</a>",
    "bare ampersand": "<a>fish & chips</a>",
    "duplicate attribute": '<a x="1" x="2"/>',
    "unquoted attribute": "<a x=1/>",
    "lt in attribute": '<a x="<"/>',
    "undeclared prefix": "<p:a/>",
    "two roots": "<a/><b/>",
    "text after root": "<a/>x",
    "illegal character": "<a>\u0001</a>",
    "illegal char reference": "<a>&#0;</a>",
    "double hyphen in comment": "<a><!-- a -- b --></a>",
    "late XML declaration": ' <?xml version="1.0"?><a/>',
    "wrong declared encoding": '<?xml version="1.0" encoding="ISO-8859-1"?><a/>',
    "DOCTYPE": "<!DOCTYPE a><a/>",
    "cdata end in text": "<a>]]></a>",
  };
  for (const [name, xml] of Object.entries(bad)) {
    assert.throws(() => parseXML(enc(xml)), undefined, name);
  }
  assert.throws(() => parseXML(new Uint8Array([0x3c, 0x61, 0x3e, 0xff, 0x3c, 0x2f, 0x61, 0x3e])), /UTF-8/);
});

test("RFC 3339 and W3C datetimes", () => {
  for (const ok of ["2023-01-01T00:00:00Z", "2019-12-09T16:00:00+01:00", "2020-02-29T23:59:60.5-05:30"]) assert.ok(isRFC3339(ok), ok);
  for (const bad of ["2023-01-01", "2023-01-01t00:00:00z", "2023-01-01 00:00:00Z", "2023-02-29T00:00:00Z", "2023-13-01T00:00:00Z", "2023-01-01T24:00:00Z", "2023-01-01T00:00:00", "2023-01-01T00:00:00+1:00"]) assert.ok(!isRFC3339(bad), bad);
  for (const ok of ["2023", "2023-01", "2023-01-31", "2023-01-31T10:00Z", "2023-01-31T10:00:00+02:00"]) assert.ok(isW3CDatetime(ok), ok);
  for (const bad of ["23-01-01", "2023-1-1", "2023-01-32", "2023-01-31T10:00"]) assert.ok(!isW3CDatetime(bad), bad);
});

const feed = ({ feedExtra = "", author = "<author><name>A</name></author>", self = '<link rel="self" href="https://e.example/feed.xml"/>', entries = null } = {}) => `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>https://e.example/</id><title>T</title><updated>2023-01-01T00:00:00Z</updated>${author}${self}${feedExtra}
  ${entries ?? '<entry><id>https://e.example/1</id><title type="html">&lt;b&gt;x&lt;/b&gt;</title><updated>2022-01-01T00:00:00Z</updated><link href="https://e.example/1"/><content type="html">&lt;a href="/x/"&gt;x&lt;/a&gt;</content></entry>'}
</feed>`;

test("checkAtom passes a valid feed", () => {
  const r = checkAtom(enc(feed()), "feed.xml");
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.warnings, []);
});

test("checkAtom finds missing and malformed parts", () => {
  const cases = [
    [feed().replace("<id>https://e.example/</id>", ""), /needs exactly one <id>/],
    [feed().replace("<title>T</title>", "<title>T</title><title>U</title>"), /at most 1/],
    [feed().replace("<updated>2023-01-01T00:00:00Z</updated>", "<updated>2023-01-01</updated>"), /not an RFC 3339/],
    [feed({ author: "" }), /has no <author>/],
    [feed({ author: "<author><uri>https://a/</uri></author>" }), /needs exactly one <name>/],
    [feed({ self: "" }), /rel="self"/],
    [feed({ self: '<link rel="self" href="https://e.example/other.xml"/>' }), /does not point at this file/],
    [feed({ self: '<link rel="self" href="/feed.xml"/>' }), /not an absolute/],
    [feed({ entries: "<entry><id>x:1</id><title>a</title><updated>2022-01-01T00:00:00Z</updated><link href='https://e/1'/></entry>".repeat(2) }), /repeats the id/],
    [feed({ entries: "<entry><id>x:1</id><title>a</title><updated>2022-01-01T00:00:00Z</updated></entry>" }), /rel="alternate" link/],
    [feed({ entries: "<entry><id>relative</id><title>a</title><updated>2022-01-01T00:00:00Z</updated><link href='https://e/1'/></entry>" }), /not an absolute IRI/],
    [feed({ feedExtra: '<subtitle type="xhtml">plain</subtitle>' }), /XHTML <div>/],
    [feed({ feedExtra: "<summary>no</summary>" }), /not an Atom element here/],
    [feed({ feedExtra: '<category label="x"/>' }), /term attribute/],
    [feed().replace("http://www.w3.org/2005/Atom", "http://purl.org/atom/ns#"), /not an Atom <feed>/],
    [feed().replace("</feed>", ""), /not well-formed/],
  ];
  for (const [xml, want] of cases) {
    const r = checkAtom(enc(xml), "feed.xml");
    assert.ok(r.errors.some((e) => want.test(e)), `${want}: got ${JSON.stringify(r.errors)}`);
  }
});

test("checkAtom accepts per-entry authors instead of a feed author", () => {
  const r = checkAtom(enc(feed({ author: "", entries: "<entry><id>x:1</id><title>a</title><updated>2022-01-01T00:00:00Z</updated><author><name>B</name></author><link href='https://e/1'/></entry>" })), "feed.xml");
  assert.deepEqual(r.errors, []);
});

const sitemap = (urls) => `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls.map((u) => `<url><loc>${u}</loc></url>`).join("")}</urlset>`;
const files = new Set(["index.html", "a/index.html", "sub/index.html"]);
const opts = { basePath: "/", exists: (f) => files.has(f), pages: ["", "a/"] };

test("checkSitemap passes a valid sitemap", () => {
  const r = checkSitemap(enc(sitemap(["https://e.example/", "https://e.example/a/"])), opts);
  assert.deepEqual(r.errors, []);
  assert.equal(r.count, 2);
  const withExtras = sitemap(["https://e.example/"]).replace("</loc>", "</loc><lastmod>2023-01-02</lastmod><changefreq>weekly</changefreq><priority>0.8</priority>");
  assert.deepEqual(checkSitemap(enc(withExtras), { ...opts, pages: [""] }).errors, []);
});

test("checkSitemap finds problems", () => {
  const cases = [
    [sitemap(["/a/"]), /not an absolute http/],
    [sitemap(["https://e.example/", "https://e.example/"]), /listed twice/],
    [sitemap(["https://e.example/missing/"]), /has no file/],
    [sitemap(["https://e.example/", "https://other.example/a/"]), /the others on/],
    [sitemap(["https://e.example/"]).replace("</loc>", "</loc><lastmod>yesterday</lastmod>"), /W3C datetime/],
    [sitemap(["https://e.example/"]).replace("</loc>", "</loc><priority>2</priority>"), /priority/],
    [sitemap(["https://e.example/"]).replace("</loc>", "</loc><loc>https://e.example/a/</loc>"), /exactly one <loc>/],
    [sitemap([]), /has no <url>/],
    [sitemap(["https://e.example/"]).replace("sitemaps.org/schemas/sitemap/0.9", "example.org/x"), /not a sitemaps.org/],
  ];
  for (const [xml, want] of cases) {
    const r = checkSitemap(enc(xml), opts);
    assert.ok(r.errors.some((e) => want.test(e)), `${want}: got ${JSON.stringify(r.errors)}`);
  }
  const many = checkSitemap(enc(sitemap(Array.from({ length: 50001 }, (_, i) => `https://e.example/?p=${i}`))), { ...opts, exists: () => true, pages: [] });
  assert.ok(many.errors.some((e) => /more than 50000/.test(e)));
  const sub = checkSitemap(enc(sitemap(["https://e.example/b/sub/"])), { ...opts, basePath: "/b/", pages: ["sub/"] });
  assert.deepEqual(sub.errors, []);
  assert.ok(checkSitemap(enc(sitemap(["https://e.example/a/"])), opts).warnings.some((w) => /not in the sitemap/.test(w)));
});

test("the static server serves folders, redirects, types and 404.html", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "sitecheck-test-"));
  mkdirSync(path.join(dir, "x"));
  writeFileSync(path.join(dir, "index.html"), "<!doctype html><title>home</title>");
  writeFileSync(path.join(dir, "x", "index.html"), "<!doctype html><title>x</title>");
  writeFileSync(path.join(dir, "404.html"), "<!doctype html><title>404</title>");
  writeFileSync(path.join(dir, "feed.xml"), '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"/>');
  writeFileSync(path.join(dir, "site.css"), "a{}");
  for (const base of ["/", "/b/"]) {
    const s = await serve(dir, base);
    try {
      assert.match(s.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
      let r = await fetch(s.url(""));
      assert.equal(r.status, 200);
      assert.equal(r.headers.get("content-type"), "text/html; charset=utf-8");
      assert.match(await r.text(), /home/);
      r = await fetch(s.url("x/"));
      assert.match(await r.text(), /<title>x/);
      r = await fetch(s.url("x"), { redirect: "manual" });
      assert.equal(r.status, 301);
      assert.equal(r.headers.get("location"), base + "x/");
      r = await fetch(s.url("nope/"));
      assert.equal(r.status, 404);
      assert.match(await r.text(), /404/);
      r = await fetch(s.url("../../etc/passwd"));
      assert.equal(r.status, 404);
      r = await fetch(s.url("%2e%2e/%2e%2e/etc/passwd"));
      assert.equal(r.status, 404);
      assert.equal((await fetch(s.url("feed.xml"))).headers.get("content-type"), "application/atom+xml; charset=utf-8");
      assert.equal((await fetch(s.url("site.css"))).headers.get("content-type"), "text/css; charset=utf-8");
      if (base !== "/") assert.equal((await fetch(s.origin + "/x/")).status, 404);
    } finally {
      await s.close();
    }
  }
  rmSync(dir, { recursive: true, force: true });
});
