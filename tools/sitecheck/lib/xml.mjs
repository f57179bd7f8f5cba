// A small, strict XML 1.0 well-formedness parser with namespace resolution.
// It is enough to check the site's Atom feeds and sitemap without any
// dependency: it rejects what a conforming XML processor must reject
// (mismatched tags, bad references, duplicate attributes, illegal characters,
// undeclared prefixes, content outside the root) and builds a small tree.

export class XMLError extends Error {
  constructor(message, line, column) {
    super(`${message} (line ${line}, column ${column})`);
    this.line = line;
    this.column = column;
  }
}

const XML_NS = "http://www.w3.org/XML/1998/namespace";
const XMLNS_NS = "http://www.w3.org/2000/xmlns/";
const NAME_START = "A-Za-z_:\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD";
const NAME_CHAR = NAME_START + "\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040";
const NAME_RE = new RegExp(`[${NAME_START}][${NAME_CHAR}]*`, "y");
// Characters XML 1.0 forbids anywhere (surrogate pairs are checked separately).
const ILLEGAL_RE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const PREDEFINED = { lt: "<", gt: ">", amp: "&", apos: "'", quot: '"' };

function legalCodePoint(cp) {
  return cp === 0x9 || cp === 0xa || cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff);
}

/**
 * Decodes bytes as UTF-8 (fatally) and parses them.
 * @param {Uint8Array|string} input
 * @returns {{root: Element, encoding: string|null}}
 */
export function parseXML(input) {
  let text = input;
  if (typeof input !== "string") {
    try {
      text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(input);
    } catch {
      throw new XMLError("not valid UTF-8", 1, 1);
    }
  }
  return new Parser(text).parse();
}

class Parser {
  constructor(s) {
    this.s = s;
    this.i = 0;
  }

  fail(msg, at = this.i) {
    let line = 1, col = 1;
    for (let k = 0; k < at && k < this.s.length; k++) {
      if (this.s[k] === "\n") { line++; col = 1; } else col++;
    }
    throw new XMLError(msg, line, col);
  }

  checkChars() {
    const m = ILLEGAL_RE.exec(this.s);
    if (m) this.fail(`illegal character U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`, m.index);
    for (let k = 0; k < this.s.length; k++) {
      const c = this.s.charCodeAt(k);
      if (c >= 0xd800 && c <= 0xdbff) {
        const d = this.s.charCodeAt(k + 1);
        if (!(d >= 0xdc00 && d <= 0xdfff)) this.fail("unpaired surrogate", k);
        k++;
      } else if (c >= 0xdc00 && c <= 0xdfff) this.fail("unpaired surrogate", k);
    }
  }

  startsWith(t) { return this.s.startsWith(t, this.i); }

  skipSpace() {
    const start = this.i;
    while (this.i < this.s.length && " \t\r\n".includes(this.s[this.i])) this.i++;
    return this.i > start;
  }

  name() {
    NAME_RE.lastIndex = this.i;
    const m = NAME_RE.exec(this.s);
    if (!m) this.fail("expected a name");
    this.i += m[0].length;
    return m[0];
  }

  expect(t) {
    if (!this.startsWith(t)) this.fail(`expected "${t}"`);
    this.i += t.length;
  }

  parse() {
    this.checkChars();
    if (this.s.charCodeAt(0) === 0xfeff) this.i = 1;
    let encoding = null;
    if (this.startsWith("<?xml") && " \t\r\n".includes(this.s[this.i + 5] || "")) {
      encoding = this.xmlDecl();
    }
    this.misc();
    if (this.startsWith("<!DOCTYPE")) this.fail("a DOCTYPE is not expected here");
    if (!this.startsWith("<")) this.fail("expected the root element");
    const root = this.element(new Map([["xml", XML_NS]]), null);
    this.misc();
    if (this.i < this.s.length) this.fail("content after the root element");
    return { root, encoding };
  }

  xmlDecl() {
    this.i += 5;
    const attrs = {};
    while (true) {
      const sp = this.skipSpace();
      if (this.startsWith("?>")) { this.i += 2; break; }
      if (!sp) this.fail("expected whitespace in the XML declaration");
      const n = this.name();
      this.skipSpace(); this.expect("="); this.skipSpace();
      const q = this.s[this.i];
      if (q !== '"' && q !== "'") this.fail("expected a quoted value");
      const end = this.s.indexOf(q, this.i + 1);
      if (end < 0) this.fail("unterminated value");
      attrs[n] = this.s.slice(this.i + 1, end);
      this.i = end + 1;
    }
    const order = Object.keys(attrs);
    if (order[0] !== "version") this.fail("the XML declaration must start with version");
    if (!/^1\.[0-9]+$/.test(attrs.version)) this.fail(`unsupported XML version ${attrs.version}`);
    for (const k of order) if (!["version", "encoding", "standalone"].includes(k)) this.fail(`unknown pseudo-attribute ${k} in the XML declaration`);
    if (attrs.encoding && !/^utf-?8$/i.test(attrs.encoding)) this.fail(`declared encoding ${attrs.encoding}, but the file is read as UTF-8`);
    return attrs.encoding || null;
  }

  misc() {
    while (true) {
      this.skipSpace();
      if (this.startsWith("<!--")) this.comment();
      else if (this.startsWith("<?")) this.pi();
      else return;
    }
  }

  comment() {
    const end = this.s.indexOf("-->", this.i + 4);
    if (end < 0) this.fail("unterminated comment");
    const body = this.s.slice(this.i + 4, end);
    if (body.includes("--") || body.endsWith("-")) this.fail('"--" inside a comment');
    this.i = end + 3;
  }

  pi() {
    this.i += 2;
    const target = this.name();
    if (target.toLowerCase() === "xml") this.fail("the XML declaration is only allowed at the very start");
    const end = this.s.indexOf("?>", this.i);
    if (end < 0) this.fail("unterminated processing instruction");
    this.i = end + 2;
  }

  reference() {
    const start = this.i;
    const end = this.s.indexOf(";", this.i);
    if (end < 0 || end - this.i > 12) this.fail('"&" not followed by a reference; write "&amp;"');
    const ref = this.s.slice(this.i + 1, end);
    let out;
    if (ref.startsWith("#x")) {
      if (!/^#x[0-9a-fA-F]+$/.test(ref)) this.fail(`bad character reference &${ref};`, start);
      const cp = parseInt(ref.slice(2), 16);
      if (!legalCodePoint(cp)) this.fail(`character reference &${ref}; names an illegal character`, start);
      out = String.fromCodePoint(cp);
    } else if (ref.startsWith("#")) {
      if (!/^#[0-9]+$/.test(ref)) this.fail(`bad character reference &${ref};`, start);
      const cp = parseInt(ref.slice(1), 10);
      if (!legalCodePoint(cp)) this.fail(`character reference &${ref}; names an illegal character`, start);
      out = String.fromCodePoint(cp);
    } else if (Object.hasOwn(PREDEFINED, ref)) {
      out = PREDEFINED[ref];
    } else {
      this.fail(`undefined entity &${ref};`, start);
    }
    this.i = end + 1;
    return out;
  }

  attrValue() {
    const q = this.s[this.i];
    if (q !== '"' && q !== "'") this.fail("expected a quoted attribute value");
    this.i++;
    let v = "";
    while (true) {
      if (this.i >= this.s.length) this.fail("unterminated attribute value");
      const c = this.s[this.i];
      if (c === q) { this.i++; return v; }
      if (c === "<") this.fail('"<" in an attribute value');
      if (c === "&") { v += this.reference(); continue; }
      // Attribute-value normalisation: whitespace characters become spaces.
      v += c === "\t" || c === "\n" || c === "\r" ? " " : c;
      this.i++;
    }
  }

  element(scope, parent) {
    const start = this.i;
    this.expect("<");
    const qname = this.name();
    const rawAttrs = [];
    const seen = new Set();
    while (true) {
      const sp = this.skipSpace();
      if (this.startsWith("/>") || this.startsWith(">")) break;
      if (!sp) this.fail("expected whitespace between attributes");
      const an = this.name();
      this.skipSpace(); this.expect("="); this.skipSpace();
      const av = this.attrValue();
      if (seen.has(an)) this.fail(`duplicate attribute ${an}`);
      seen.add(an);
      rawAttrs.push([an, av]);
    }
    // Namespace declarations first, then resolve names.
    let ns = scope;
    for (const [an, av] of rawAttrs) {
      if (an === "xmlns" || an.startsWith("xmlns:")) {
        if (ns === scope) ns = new Map(scope);
        const prefix = an === "xmlns" ? "" : an.slice(6);
        if (prefix && av === "") this.fail(`empty namespace for prefix ${prefix}`, start);
        ns.set(prefix, av);
      }
    }
    const resolve = (q, isAttr) => {
      const colon = q.indexOf(":");
      if (colon < 0) return { ns: isAttr ? null : (ns.get("") || null), local: q, prefix: "" };
      const prefix = q.slice(0, colon), local = q.slice(colon + 1);
      if (!local || local.includes(":")) this.fail(`bad qualified name ${q}`, start);
      if (prefix === "xmlns") return { ns: XMLNS_NS, local, prefix };
      if (!ns.has(prefix)) this.fail(`undeclared namespace prefix ${prefix}`, start);
      return { ns: ns.get(prefix), local, prefix };
    };
    const el = new Element(qname, resolve(qname, false), parent, start);
    const expanded = new Set();
    for (const [an, av] of rawAttrs) {
      const r = resolve(an, true);
      const key = `${r.ns || ""}|${r.local}`;
      if (expanded.has(key)) this.fail(`duplicate attribute ${an} after namespace resolution`, start);
      expanded.add(key);
      el.attributes.push({ name: an, ns: r.ns, local: r.local, value: av });
    }
    if (this.startsWith("/>")) { this.i += 2; return el; }
    this.i++;
    let text = "";
    const flush = () => { if (text) { el.children.push(text); text = ""; } };
    const siblings = new Map();
    while (true) {
      if (this.i >= this.s.length) this.fail(`element <${qname}> is not closed`, start);
      const c = this.s[this.i];
      if (c === "<") {
        if (this.startsWith("</")) {
          flush();
          this.i += 2;
          const closing = this.name();
          if (closing !== qname) this.fail(`</${closing}> closes <${qname}>`);
          this.skipSpace();
          this.expect(">");
          return el;
        }
        if (this.startsWith("<!--")) { this.comment(); continue; }
        if (this.startsWith("<![CDATA[")) {
          const end = this.s.indexOf("]]>", this.i + 9);
          if (end < 0) this.fail("unterminated CDATA section");
          text += this.s.slice(this.i + 9, end);
          this.i = end + 3;
          continue;
        }
        if (this.startsWith("<?")) { this.pi(); continue; }
        if (this.startsWith("<!")) this.fail("markup declaration inside an element");
        flush();
        const child = this.element(ns, el);
        const key = `${child.ns}|${child.local}`;
        child.position = (siblings.get(key) || 0) + 1;
        siblings.set(key, child.position);
        el.children.push(child);
        continue;
      }
      if (c === "&") { text += this.reference(); continue; }
      if (c === "]" && this.startsWith("]]>")) this.fail('"]]>" in text');
      text += c === "\r" ? (this.s[this.i + 1] === "\n" ? "" : "\n") : c;
      this.i++;
    }
  }
}

export class Element {
  constructor(qname, r, parent, offset) {
    this.qname = qname;
    this.ns = r.ns;
    this.local = r.local;
    this.parent = parent;
    this.offset = offset;
    this.position = 1; // among its siblings of the same name
    this.attributes = [];
    this.children = [];
  }

  /** Attribute without a namespace (or in the given one). */
  attr(local, ns = null) {
    const a = this.attributes.find((x) => x.local === local && x.ns === ns);
    return a ? a.value : null;
  }

  get elements() {
    return this.children.filter((c) => typeof c !== "string");
  }

  /** Child elements with this local name in this namespace. */
  all(local, ns) {
    return this.elements.filter((c) => c.local === local && c.ns === ns);
  }

  first(local, ns) {
    return this.all(local, ns)[0] || null;
  }

  get text() {
    return this.children.map((c) => (typeof c === "string" ? c : c.text)).join("");
  }

  /** Does it have non-whitespace character data directly inside? */
  get hasOwnText() {
    return this.children.some((c) => typeof c === "string" && c.trim() !== "");
  }
}
