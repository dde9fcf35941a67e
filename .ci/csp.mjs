// Part of the post-build hook (.ci/post-build.sh): puts the SHA-256 of trunk's inline loader
// script into each page's Content-Security-Policy, so that script (and no other inline
// script) may run. Every HTML page in the staging directory is checked: the desk's index.html
// and the reception's reception.html (which .ci/entries.sh copies in already hashed by its
// own build, so its hash is checked against its loader instead of written).
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error("run by trunk as a post_build hook");
const pages = fs.readdirSync(dir).filter((f) => f.endsWith(".html"));
if (pages.length === 0) throw new Error("no HTML page in the build");
for (const page of pages) {
  const file = path.join(dir, page);
  let html = fs.readFileSync(file, "utf8");
  const scripts = [...html.matchAll(/<script(?:\s[^>]*)?>([\s\S]*?)<\/script>/g)];
  const inline = scripts.filter((m) => !/\ssrc=/.test(m[0].slice(0, m[0].indexOf(">"))));
  if (inline.length !== 1) throw new Error(`${page}: expected one inline loader script, found ${inline.length}`);
  const hash = crypto.createHash("sha256").update(inline[0][1], "utf8").digest("base64");
  if (html.includes("'sha256-LOADER'")) {
    html = html.replace("'sha256-LOADER'", `'sha256-${hash}'`);
    fs.writeFileSync(file, html);
  } else if (!html.includes(`'sha256-${hash}'`)) {
    throw new Error(`${page} has neither a 'sha256-LOADER' placeholder nor its loader's hash`);
  }
}
