// Trunk post-build hook: puts the SHA-256 of trunk's inline loader script into the page's
// Content-Security-Policy, so that script (and no other inline script) may run.
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error("run by trunk as a post_build hook");
const file = path.join(dir, "index.html");
let html = fs.readFileSync(file, "utf8");
const scripts = [...html.matchAll(/<script(?:\s[^>]*)?>([\s\S]*?)<\/script>/g)];
const inline = scripts.filter((m) => !/\ssrc=/.test(m[0].slice(0, m[0].indexOf(">"))));
if (inline.length !== 1) throw new Error(`expected one inline loader script, found ${inline.length}`);
const hash = crypto.createHash("sha256").update(inline[0][1], "utf8").digest("base64");
if (!html.includes("'sha256-LOADER'")) throw new Error("index.html has no 'sha256-LOADER' placeholder");
html = html.replace("'sha256-LOADER'", `'sha256-${hash}'`);
fs.writeFileSync(file, html);
