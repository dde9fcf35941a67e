// What the benchmarks serve on 127.0.0.1: a copy of the release bundle taken once, and the
// plain-JavaScript baseline's page (plain.mjs) on an origin of its own with the data files.
import fs from "node:fs";
import fsp from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DIST } from "../browser/harness.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));

/** A copy of dist/ taken once, so a rebuild during the run cannot change what is measured. */
export async function snapshotDist(log = () => {}) {
  for (let attempt = 0; attempt < 10; attempt++) {
    const dir = await fsp.mkdtemp(path.join(os.tmpdir(), "complaint-desk-dist-"));
    await fsp.cp(DIST, dir, { recursive: true }).catch(() => {});
    // Both entries' pages and every file they name.
    const pages = await Promise.all(["index.html", "reception.html"].map((p) => fsp.readFile(path.join(dir, p), "utf8").catch(() => "")));
    const ok = pages.every((html) => {
      const refs = [...html.matchAll(/(?:href|src)="\.?\/?([^"#?]+\.(?:js|wasm|css))"/g)].map((m) => m[1]);
      return html && refs.some((r) => r.endsWith(".wasm")) && refs.every((r) => fs.existsSync(path.join(dir, r)));
    });
    if (ok) return dir;
    await fsp.rm(dir, { recursive: true, force: true });
    log("dist/ is being rebuilt; waiting for a complete bundle");
    await new Promise((r) => setTimeout(r, 5000));
  }
  throw new Error("dist/ has no complete release bundle (index.html and the files it names)");
}

const MIME = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript",
  ".wasm": "application/wasm", ".css": "text/css", ".json": "application/json",
  ".webmanifest": "application/manifest+json", ".svg": "image/svg+xml",
};

/**
 * A static server on 127.0.0.1 (`port` 0 picks a free one): `routes` maps a path to a file,
 * anything else comes from `root`.
 */
export async function serveDir(root, routes = {}, port = 0) {
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const file = routes[rel] || path.join(root, rel === "/" ? "index.html" : rel.replace(/^\/+/, ""));
    if (!routes[rel] && !file.startsWith(root)) return res.writeHead(403).end();
    fs.stat(file, (err, st) => {
      if (err || !st.isFile()) return res.writeHead(404).end("not found");
      res.writeHead(200, {
        "content-type": MIME[path.extname(file)] || "application/octet-stream",
        "content-length": st.size,
        "cache-control": "no-cache",
      });
      fs.createReadStream(file).pipe(res);
    });
  });
  const sockets = new Set();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise((r) => server.listen(port, "127.0.0.1", r));
  const actual = server.address().port;
  return {
    port: actual,
    url: `http://127.0.0.1:${actual}/`,
    stop: () => new Promise((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
  };
}

/** A hash of gen.mjs: generated files are cached under it and regenerated when it changes. */
export function genHash() {
  let h = 0;
  for (const b of fs.readFileSync(path.join(here, "gen.mjs"))) h = (h * 31 + b) >>> 0;
  return h.toString(16).padStart(8, "0");
}

/**
 * The plain baseline's site: a few lines of HTML loading plain.mjs, and each of `data`
 * (name → file) at `data/<name>.json`. `open(context)` gives a page with plain.mjs loaded
 * (`window.plain`); `dataUrl(name)` the address of a file.
 */
export async function plainSite(data) {
  const html = path.join(os.tmpdir(), `complaint-desk-plain-${process.pid}.html`);
  await fsp.writeFile(html, '<!doctype html><meta charset="utf-8"><title>plain</title><input id="q" type="search"> <b id="count"></b><div id="list"></div><script type="module" src="/plain.mjs"></script>');
  const routes = { "/plain.html": html, "/plain.mjs": path.join(here, "plain.mjs") };
  for (const [name, file] of Object.entries(data)) routes[`/data/${name}.json`] = file;
  const srv = await serveDir(here, routes);
  return {
    url: srv.url,
    dataUrl: (name) => `${srv.url}data/${name}.json`,
    /** A new page of `context` on the plain page, plain.mjs loaded. */
    async open(context) {
      const pp = await context.newPage();
      pp.setDefaultTimeout(120_000);
      await pp.goto(`${srv.url}plain.html`);
      await pp.waitForFunction(() => window.__plainLoaded === true);
      return pp;
    },
    /** `page`'s fresh start on the plain page over database `db`, as plain.mjs times it. */
    async start(page, db) {
      await page.goto("about:blank");
      await page.goto(`${srv.url}plain.html#start:${encodeURIComponent(db)}`);
      await page.waitForFunction(() => window.__plainStart !== undefined);
      const s = await page.evaluate(() => window.__plainStart);
      if (s.error) throw new Error(`plain start: ${s.error}`);
      return s;
    },
    async stop() {
      await srv.stop();
      await fsp.rm(html, { force: true });
    },
  };
}
