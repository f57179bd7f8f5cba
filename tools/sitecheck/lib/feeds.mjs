// Checks for Atom 1.0 feeds (RFC 4287) and sitemaps (sitemaps.org 0.9),
// written against the specs rather than a schema file, with no network.

import { parseXML } from "./xml.mjs";

export const ATOM = "http://www.w3.org/2005/Atom";
export const XHTML = "http://www.w3.org/1999/xhtml";
export const SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9";
export const MAX_SITEMAP_URLS = 50000;
export const MAX_SITEMAP_BYTES = 50 * 1024 * 1024;

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|([+-])(\d{2}):(\d{2}))$/;

/** RFC 3339 date-time as Atom requires it (upper-case T and Z, RFC 4287 §3.3). */
export function isRFC3339(s) {
  const m = RFC3339.exec(s);
  if (!m) return false;
  const [y, mo, d, h, mi, sec] = m.slice(1, 7).map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) return false;
  if (h > 23 || mi > 59 || sec > 60) return false;
  if (m[9] && (Number(m[10]) > 23 || Number(m[11]) > 59)) return false;
  return true;
}

function daysIn(y, m) {
  return [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

/** W3C Datetime profile used by sitemaps' lastmod. */
export function isW3CDatetime(s) {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  if (m[2] && (Number(m[2]) < 1 || Number(m[2]) > 12)) return false;
  if (m[3] && (Number(m[3]) < 1 || Number(m[3]) > daysIn(y, Number(m[2])))) return false;
  if (m[4] && (Number(m[4]) > 23 || Number(m[5]) > 59 || (m[6] && Number(m[6]) > 60))) return false;
  return true;
}

function isAbsoluteIRI(s) {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(s);
}

function isHTTPURL(s) {
  try {
    const u = new URL(s);
    return (u.protocol === "http:" || u.protocol === "https:") && !/\s/.test(s);
  } catch {
    return false;
  }
}

class Report {
  constructor() { this.errors = []; this.warnings = []; }
  error(m) { this.errors.push(m); }
  warn(m) { this.warnings.push(m); }
}

const NUMBERED = new Set(["entry", "url", "sitemap", "link", "author", "contributor", "category"]);

/** An XPath-like location for messages, e.g. /feed/entry[3]/updated. */
function where(el) {
  const parts = [];
  for (let e = el; e; e = e.parent) {
    parts.unshift(NUMBERED.has(e.local) ? `${e.local}[${e.position}]` : e.local);
  }
  return "/" + parts.join("/");
}

function count(r, parent, local, min, max) {
  const els = parent.all(local, ATOM);
  if (els.length < min) r.error(`${where(parent)}: needs ${min === 1 && max === 1 ? "exactly one" : "at least one"} <${local}>`);
  if (max !== Infinity && els.length > max) r.error(`${where(parent)}: has ${els.length} <${local}> elements, at most ${max} allowed`);
  return els;
}

function checkText(r, el) {
  const type = el.attr("type") || "text";
  if (!["text", "html", "xhtml"].includes(type)) {
    r.error(`${where(el)}: type="${type}" is not text, html or xhtml`);
    return;
  }
  if (type === "xhtml") {
    const kids = el.elements;
    if (kids.length !== 1 || kids[0].local !== "div" || kids[0].ns !== XHTML || el.hasOwnText) {
      r.error(`${where(el)}: type="xhtml" needs exactly one XHTML <div> child`);
    }
  } else if (el.elements.length) {
    r.error(`${where(el)}: type="${type}" must not contain child elements (escape the markup)`);
  }
}

function checkDate(r, el) {
  const v = el.text.trim();
  if (v !== el.text) r.error(`${where(el)}: whitespace around the date "${el.text}"`);
  if (!isRFC3339(v)) r.error(`${where(el)}: "${v}" is not an RFC 3339 date-time`);
  return v;
}

function checkPerson(r, el) {
  const names = el.all("name", ATOM);
  if (names.length !== 1) r.error(`${where(el)}: needs exactly one <name>`);
  else if (!names[0].text.trim()) r.error(`${where(el)}: <name> is empty`);
  count(r, el, "uri", 0, 1).forEach((u) => { if (!isAbsoluteIRI(u.text.trim())) r.error(`${where(u)}: "${u.text}" is not an absolute IRI`); });
  count(r, el, "email", 0, 1).forEach((m) => { if (!/^[^\s@]+@[^\s@]+$/.test(m.text.trim())) r.error(`${where(m)}: "${m.text}" is not an e-mail address`); });
  for (const k of el.elements) {
    if (k.ns === ATOM && !["name", "uri", "email"].includes(k.local)) r.error(`${where(k)}: <${k.local}> is not allowed in a person construct`);
  }
}

function checkLinks(r, parent) {
  const alternates = new Set();
  for (const l of parent.all("link", ATOM)) {
    const href = l.attr("href");
    if (href === null || href === "") r.error(`${where(l)}: needs an href`);
    const rel = l.attr("rel") || "alternate";
    if (rel === "alternate") {
      const key = `${l.attr("type") || ""}|${l.attr("hreflang") || ""}`;
      if (alternates.has(key)) r.error(`${where(l)}: more than one rel="alternate" link with the same type and hreflang`);
      alternates.add(key);
    }
    const len = l.attr("length");
    if (len !== null && !/^[0-9]+$/.test(len)) r.error(`${where(l)}: length="${len}" is not a number`);
  }
}

function checkCategories(r, parent) {
  for (const c of parent.all("category", ATOM)) {
    if (!c.attr("term")) r.error(`${where(c)}: needs a term attribute`);
  }
}

function checkUnknown(r, parent, allowed) {
  for (const k of parent.elements) {
    if (k.ns === ATOM && !allowed.includes(k.local)) r.error(`${where(k)}: <${k.local}> is not an Atom element here`);
  }
}

const FEED_CHILDREN = ["author", "category", "contributor", "generator", "icon", "id", "link", "logo", "rights", "subtitle", "title", "updated", "entry"];
const ENTRY_CHILDREN = ["author", "category", "content", "contributor", "id", "link", "published", "rights", "source", "summary", "title", "updated"];

/** Parses an XML file's root element, or reports why it is not well-formed and returns null. */
function parseRoot(r, bytes) {
  try {
    return parseXML(bytes).root;
  } catch (e) {
    r.error(`not well-formed XML: ${e.message}`);
    return null;
  }
}

/**
 * Checks one Atom feed.
 * @param {Uint8Array} bytes the file
 * @param {string} relPath its path inside the site, e.g. "airlines/klm/feed.xml"
 */
export function checkAtom(bytes, relPath) {
  const r = new Report();
  const root = parseRoot(r, bytes);
  if (!root) return r;
  if (root.local !== "feed" || root.ns !== ATOM) {
    r.error(`the root element is <${root.qname}> in namespace ${root.ns || "(none)"}, not an Atom <feed>`);
    return r;
  }
  checkUnknown(r, root, FEED_CHILDREN);
  count(r, root, "id", 1, 1).forEach((id) => { if (!isAbsoluteIRI(id.text.trim())) r.error(`/feed/id: "${id.text}" is not an absolute IRI`); });
  count(r, root, "title", 1, 1).forEach((t) => checkText(r, t));
  const feedUpdated = count(r, root, "updated", 1, 1).map((u) => checkDate(r, u))[0];
  for (const k of ["subtitle", "rights"]) count(r, root, k, 0, 1).forEach((t) => checkText(r, t));
  for (const k of ["generator", "icon", "logo"]) count(r, root, k, 0, 1);
  const feedAuthors = root.all("author", ATOM);
  feedAuthors.forEach((a) => checkPerson(r, a));
  root.all("contributor", ATOM).forEach((a) => checkPerson(r, a));
  checkLinks(r, root);
  checkCategories(r, root);

  const self = root.all("link", ATOM).filter((l) => l.attr("rel") === "self");
  if (self.length === 0) r.error(`/feed: needs a <link rel="self"> (RFC 4287 §4.2.7.2 recommends it; this site requires it)`);
  for (const l of self) {
    const href = l.attr("href") || "";
    if (!isHTTPURL(href)) {
      r.error(`/feed/link[@rel=self]: href "${href}" is not an absolute http(s) URL`);
    } else if (!new URL(href).pathname.endsWith("/" + relPath)) {
      r.error(`/feed/link[@rel=self]: href "${href}" does not point at this file (${relPath})`);
    }
    const type = l.attr("type");
    if (type && type !== "application/atom+xml") r.warn(`/feed/link[@rel=self]: type="${type}" (expected application/atom+xml)`);
  }

  const ids = new Map();
  let relative = 0, example = "";
  for (const e of root.all("entry", ATOM)) {
    const at = where(e);
    checkUnknown(r, e, ENTRY_CHILDREN);
    count(r, e, "id", 1, 1).forEach((id) => {
      const v = id.text.trim();
      if (!isAbsoluteIRI(v)) r.error(`${at}/id: "${id.text}" is not an absolute IRI`);
      if (ids.has(v)) r.error(`${at}/id: "${v}" repeats the id of ${ids.get(v)}`);
      ids.set(v, at);
    });
    count(r, e, "title", 1, 1).forEach((t) => checkText(r, t));
    const updated = count(r, e, "updated", 1, 1).map((u) => checkDate(r, u))[0];
    count(r, e, "published", 0, 1).forEach((p) => checkDate(r, p));
    count(r, e, "rights", 0, 1).forEach((t) => checkText(r, t));
    const summaries = count(r, e, "summary", 0, 1);
    summaries.forEach((t) => checkText(r, t));
    count(r, e, "source", 0, 1);
    const authors = e.all("author", ATOM);
    authors.forEach((a) => checkPerson(r, a));
    e.all("contributor", ATOM).forEach((a) => checkPerson(r, a));
    const source = e.first("source", ATOM);
    if (feedAuthors.length === 0 && authors.length === 0 && !(source && source.all("author", ATOM).length)) {
      r.error(`${at}: has no <author>, and neither has the feed`);
    }
    checkLinks(r, e);
    checkCategories(r, e);
    const contents = count(r, e, "content", 0, 1);
    const content = contents[0];
    const hasAlternate = e.all("link", ATOM).some((l) => (l.attr("rel") || "alternate") === "alternate");
    if (!content && !hasAlternate) r.error(`${at}: without <content> it needs a rel="alternate" link`);
    if (content) {
      const type = content.attr("type") || "text";
      const src = content.attr("src");
      if (src !== null) {
        if (!summaries.length) r.error(`${at}: <content src> needs a <summary>`);
        if (content.children.length) r.error(`${at}/content: must be empty when it has src`);
      } else if (["text", "html", "xhtml"].includes(type)) {
        checkText(r, content);
      } else if (!/[+/]xml$/i.test(type) && !/^text\//i.test(type) && !summaries.length) {
        r.error(`${at}: base64 <content type="${type}"> needs a <summary>`);
      }
      if (type === "html") {
        for (const m of content.text.matchAll(/\s(?:href|src)\s*=\s*["']([^"']*)["']/gi)) {
          const u = m[1];
          if (u && !u.startsWith("#") && !u.startsWith("/") && !isAbsoluteIRI(u)) {
            relative++;
            example ||= u;
          }
        }
      }
    }
    if (updated && feedUpdated && isRFC3339(updated) && isRFC3339(feedUpdated) && Date.parse(updated) > Date.parse(feedUpdated)) {
      r.warn(`${at}: updated ${updated} is later than the feed's updated ${feedUpdated}`);
    }
  }
  if (relative) r.warn(`${relative} document-relative link(s) in entry content (e.g. "${example}"); readers resolve them against the feed's URL`);
  return r;
}

/**
 * Checks a sitemap (or sitemap index).
 * @param {Uint8Array} bytes
 * @param {object} o
 * @param {string} o.basePath the path the site is published under, e.g. "/" or "/breachline/"
 * @param {(rel: string) => boolean} o.exists does this file exist in the site?
 * @param {string[]} o.pages the site's HTML pages as paths relative to the base ("", "airlines/", …)
 */
export function checkSitemap(bytes, { basePath, exists, pages }) {
  const r = new Report();
  r.count = 0;
  if (bytes.length > MAX_SITEMAP_BYTES) r.error(`${bytes.length} bytes, more than the ${MAX_SITEMAP_BYTES} allowed`);
  const root = parseRoot(r, bytes);
  if (!root) return r;
  if (root.ns !== SITEMAP || (root.local !== "urlset" && root.local !== "sitemapindex")) {
    r.error(`the root element is <${root.qname}> in namespace ${root.ns || "(none)"}, not a sitemaps.org 0.9 <urlset> or <sitemapindex>`);
    return r;
  }
  const itemName = root.local === "urlset" ? "url" : "sitemap";
  const allowed = itemName === "url" ? ["loc", "lastmod", "changefreq", "priority"] : ["loc", "lastmod"];
  for (const k of root.elements) {
    if (k.ns === SITEMAP && k.local !== itemName) r.error(`${where(k)}: <${k.local}> is not allowed in <${root.local}>`);
  }
  if (root.hasOwnText) r.error(`/${root.local}: has stray text`);
  const items = root.all(itemName, SITEMAP);
  r.count = items.length;
  if (items.length === 0) r.error(`/${root.local}: has no <${itemName}>`);
  if (items.length > MAX_SITEMAP_URLS) r.error(`/${root.local}: ${items.length} <${itemName}> entries, more than ${MAX_SITEMAP_URLS}`);
  const seen = new Set();
  let origin = null;
  const listed = new Set();
  for (const it of items) {
    const at = where(it);
    for (const k of it.elements) {
      if (k.ns === SITEMAP && !allowed.includes(k.local)) r.error(`${at}: <${k.local}> is not allowed in <${itemName}>`);
    }
    for (const k of allowed) {
      const n = it.all(k, SITEMAP).length;
      if (k === "loc" ? n !== 1 : n > 1) r.error(`${at}: ${k === "loc" ? "needs exactly one" : "at most one"} <${k}>, has ${n}`);
    }
    const locEl = it.first("loc", SITEMAP);
    if (locEl) {
      const loc = locEl.text.trim();
      if (!isHTTPURL(loc)) {
        r.error(`${at}/loc: "${loc}" is not an absolute http(s) URL`);
      } else {
        if (loc.length >= 2048) r.error(`${at}/loc: longer than 2,047 characters`);
        const u = new URL(loc);
        if (u.href !== loc) r.warn(`${at}/loc: "${loc}" is not in normal form ("${u.href}")`);
        if (origin === null) origin = u.origin;
        else if (u.origin !== origin) r.error(`${at}/loc: "${loc}" is on ${u.origin}, the others on ${origin}`);
        if (seen.has(loc)) r.error(`${at}/loc: "${loc}" is listed twice`);
        seen.add(loc);
        if (!u.pathname.startsWith(basePath)) {
          r.error(`${at}/loc: "${loc}" is outside the base path ${basePath}`);
        } else if (itemName === "url") {
          const rel = decodeURIComponent(u.pathname.slice(basePath.length));
          listed.add(rel);
          const file = rel === "" || rel.endsWith("/") ? rel + "index.html" : rel;
          if (!exists(file)) r.error(`${at}/loc: "${loc}" has no file in the site (${file})`);
        }
      }
    }
    it.all("lastmod", SITEMAP).forEach((l) => { if (!isW3CDatetime(l.text.trim())) r.error(`${where(l)}: "${l.text}" is not a W3C datetime`); });
    it.all("changefreq", SITEMAP).forEach((c) => {
      if (!["always", "hourly", "daily", "weekly", "monthly", "yearly", "never"].includes(c.text.trim())) r.error(`${where(c)}: "${c.text}" is not a valid changefreq`);
    });
    it.all("priority", SITEMAP).forEach((p) => {
      const v = p.text.trim();
      if (!/^(0(\.\d+)?|1(\.0+)?)$/.test(v)) r.error(`${where(p)}: "${v}" is not a priority between 0.0 and 1.0`);
    });
  }
  if (itemName === "url" && pages) {
    const missing = pages.filter((p) => !listed.has(p));
    if (missing.length) r.warn(`${missing.length} HTML page(s) not in the sitemap, e.g. ${missing.slice(0, 3).map((p) => basePath + p).join(", ")}`);
  }
  return r;
}
