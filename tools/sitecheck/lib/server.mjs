// A tiny static file server for the built site, on 127.0.0.1 only.
// /x/ serves /x/index.html, /x (a folder) redirects to /x/, anything missing
// gets 404.html with status 404, and text is gzipped when the client asks,
// as any real static host does.

import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import path from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".pdf": "application/pdf",
  ".webmanifest": "application/manifest+json",
};

function contentType(file, body) {
  const ext = path.extname(file).toLowerCase();
  if (ext === ".xml" && /<feed[\s>]/.test(body.subarray(0, 512).toString("utf8"))) {
    return "application/atom+xml; charset=utf-8";
  }
  return TYPES[ext] || "application/octet-stream";
}

/**
 * Starts the server. Resolves to {origin, url(rel), close()}.
 * @param {string} root the site folder
 * @param {string} basePath e.g. "/" or "/breachline/"
 */
export async function serve(root, basePath = "/") {
  root = path.resolve(root);
  const cache = new Map();
  async function load(file) {
    if (!cache.has(file)) cache.set(file, await readFile(file));
    return cache.get(file);
  }
  async function kind(file) {
    try {
      const s = await stat(file);
      return s.isDirectory() ? "dir" : s.isFile() ? "file" : null;
    } catch {
      return null;
    }
  }

  const server = createServer(async (req, res) => {
    try {
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.writeHead(405, { Allow: "GET, HEAD" });
        res.end();
        return;
      }
      const url = new URL(req.url, "http://127.0.0.1");
      let pathname;
      try {
        pathname = decodeURIComponent(url.pathname);
      } catch {
        pathname = null;
      }
      let file = null;
      let status = 200;
      if (pathname !== null && pathname.startsWith(basePath) && !pathname.includes("\0")) {
        const rel = pathname.slice(basePath.length);
        const candidate = path.join(root, rel);
        if (candidate === root || candidate.startsWith(root + path.sep)) {
          const k = await kind(candidate);
          if (k === "dir") {
            if (!pathname.endsWith("/")) {
              res.writeHead(301, { Location: url.pathname + "/" + url.search });
              res.end();
              return;
            }
            if ((await kind(path.join(candidate, "index.html"))) === "file") file = path.join(candidate, "index.html");
          } else if (k === "file") {
            file = candidate;
          }
        }
      } else if (pathname === basePath.slice(0, -1) && basePath !== "/") {
        res.writeHead(301, { Location: basePath + url.search });
        res.end();
        return;
      }
      if (!file) {
        // The nearest 404.html up the path, as Cloudflare Pages serves it:
        // a missing page under /nl/ gets the Dutch one.
        status = 404;
        const parts = pathname.slice(basePath.length).split("/").slice(0, -1);
        for (let n = parts.length; n >= 0 && !file; n--) {
          const notFound = path.join(root, ...parts.slice(0, n), "404.html");
          if (!notFound.startsWith(root)) continue;
          file = (await kind(notFound)) === "file" ? notFound : null;
        }
      }
      if (!file) {
        res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" });
        res.end("404 Not Found\n");
        return;
      }
      let body = await load(file);
      const type = contentType(file, body);
      const headers = {
        "Content-Type": type,
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "max-age=600",
        Vary: "Accept-Encoding",
      };
      if (/^(text\/|application\/(json|xml|atom\+xml|manifest\+json)|image\/svg)/.test(type) && /\bgzip\b/.test(req.headers["accept-encoding"] || "")) {
        body = gzipSync(body);
        headers["Content-Encoding"] = "gzip";
      }
      headers["Content-Length"] = body.length;
      res.writeHead(status, headers);
      res.end(req.method === "HEAD" ? undefined : body);
    } catch (err) {
      res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
      res.end(String(err));
    }
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    url: (rel = "") => origin + basePath + rel,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}
