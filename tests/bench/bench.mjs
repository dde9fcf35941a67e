// The benchmark (issue 6): drives the release bundle in headless Chromium with N synthetic
// complaints stored, and prints each figure next to its budget and next to the same work done
// in plain JavaScript in the same browser run. Run it through ./bench.sh, which builds first.
//
//   N=50000            complaints stored (default 50,000; BENCH_SMOKE=1 makes it 500)
//   BENCH_SMOKE=1      small and quick, for CI: N=500, no 100,000 import, verdicts informative
//   BENCH_BIG=100000   the size of the large import (0 skips it)
//   BENCH_DATA_DIR     where generated files are cached (default: $TMPDIR/complaint-desk-bench)
//   BENCH_JSON=path    also write every figure as JSON
//   BENCH_TIMEOUT_MIN  give up after this many minutes (default 40)
//
// Times are taken inside the page with performance.now(), not by Playwright round trips.
// Exit status: 0 when the run completed (budget misses included), 1 when the harness failed.
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { profile, setup, keepSignedIn } from "../browser/harness.mjs";
import { writeExport } from "./gen.mjs";
import { pageInit, importInApp, describeImport, keystroke, openDashboard, backToQueue } from "./page.mjs";
import { snapshotDist, serveDir, genHash, plainSite } from "./serve.mjs";
import { report, median, fmtMs, fmtN } from "./table.mjs";

const SMOKE = process.env.BENCH_SMOKE === "1";
const N = Number(process.env.N || (SMOKE ? 500 : 50000));
const BIG = SMOKE ? 0 : Number(process.env.BENCH_BIG ?? 100000);
const DATA_DIR = process.env.BENCH_DATA_DIR || path.join(os.tmpdir(), "complaint-desk-bench");
const TIMEOUT_MIN = Number(process.env.BENCH_TIMEOUT_MIN || 40);
const REPS = SMOKE ? 2 : 3;

const log = (...a) => console.error("[bench]", ...a);
const T0 = performance.now();

const watchdog = setTimeout(() => {
  console.error(`[bench] gave up after ${TIMEOUT_MIN} minutes`);
  process.exit(1);
}, TIMEOUT_MIN * 60_000);

// ------------------------------------------------------------------ files and servers

/**
 * The generated export file for n complaints, cached in DATA_DIR under a hash of gen.mjs;
 * files of other versions of the generator are deleted.
 */
async function dataFile(n) {
  await fsp.mkdir(DATA_DIR, { recursive: true });
  const hash = genHash();
  for (const f of await fsp.readdir(DATA_DIR)) {
    if (/^complaints-\d+-[0-9a-f]+\.json$/.test(f) && !f.endsWith(`-${hash}.json`)) await fsp.rm(path.join(DATA_DIR, f), { force: true });
  }
  const file = path.join(DATA_DIR, `complaints-${n}-${hash}.json`);
  if (!fs.existsSync(file)) {
    const t = performance.now();
    const tmp = `${file}.${process.pid}.tmp`;
    const info = await writeExport(tmp, n);
    await fsp.rename(tmp, file);
    log(`generated ${fmtN(n)} complaints, ${fmtN(info.events)} events (${(info.events / n).toFixed(2)} each), ${(info.bytes / 1e6).toFixed(1)} MB in ${fmtMs(performance.now() - t)}`);
  }
  return { file, bytes: fs.statSync(file).size };
}

/**
 * What each entry's page downloads before its first screen works (the wasm and the
 * wasm-bindgen glue its loader names, gzip -9), and the whole app's total (every wasm and glue
 * in dist/; sw.js and entry.js are not the app's bundle). Entries: the desk (index.html) and
 * the reception tablet (reception.html).
 */
function bundleSize(dir) {
  const gz = (f) => zlib.gzipSync(fs.readFileSync(path.join(dir, f)), { level: 9 }).length;
  const raw = (f) => fs.statSync(path.join(dir, f)).size;
  const sum = (list, fn) => list.reduce((a, f) => a + fn(f), 0);
  const measure = (wasm, js) => ({
    wasmGz: sum(wasm, gz), jsGz: sum(js, gz), wasmRaw: sum(wasm, raw), jsRaw: sum(js, raw),
    gz: sum(wasm, gz) + sum(js, gz), files: [...wasm, ...js],
  });
  const files = fs.readdirSync(dir);
  const entries = {};
  for (const page of files.filter((f) => f.endsWith(".html"))) {
    const html = fs.readFileSync(path.join(dir, page), "utf8");
    const loader = [...html.matchAll(/<script type="module"[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join("\n");
    const js = [...loader.matchAll(/from '\.?\/?([^']+\.js)'/g)].map((m) => m[1]);
    const wasm = [...loader.matchAll(/'\.?\/?([^']+\.wasm)'/g)].map((m) => m[1]);
    entries[page] = measure(wasm, js);
  }
  const wasm = files.filter((f) => f.endsWith(".wasm"));
  // The wasm-bindgen glue is named like its wasm.
  const js = files.filter((f) => f.endsWith(".js") && wasm.some((w) => w.replace(/_bg\.wasm$/, ".js") === f));
  return { entries, total: measure(wasm, js) };
}

// ------------------------------------------------------------------ the run

const table = report({ n: N, smoke: SMOKE });
const { row, detail, problem, verdict } = table;

async function main() {
  log(`N=${fmtN(N)}${SMOKE ? " (smoke)" : ""}${BIG ? `, large import ${fmtN(BIG)}` : ""}; chromium ${process.env.CHROMIUM || "/usr/bin/chromium"}`);
  const dist = await snapshotDist(log);
  const bundle = bundleSize(dist);
  const data = await dataFile(N);
  const big = BIG ? await dataFile(BIG) : null;

  const app = await serveDir(dist);
  const plain = await plainSite({ n: data.file, ...(big ? { big: big.file } : {}) });
  const prof = await profile();
  const cleanup = async () => {
    await prof.remove().catch(() => {});
    await app.stop();
    await plain.stop();
    await fsp.rm(dist, { recursive: true, force: true });
  };

  const pageErrors = [];
  try {
    const { context, page } = await prof.open();
    page.on("pageerror", (e) => pageErrors.push(e.message));
    page.on("crash", () => pageErrors.push("page crashed"));
    page.setDefaultTimeout(120_000);

    // ---------------------------------------------------------------- plain JS baseline
    log("plain JS: parse + put, first page, search");
    const pp = await plain.open(context);
    const plainImport = await pp.evaluate(({ url }) => window.plain.importFile(url, "plain-n"), { url: plain.dataUrl("n") });
    const plainLoad = await pp.evaluate(() => window.plain.loadSummaries("plain-n"));
    const queries = chooseQueries();
    const plainSearch = await pp.evaluate((qs) => window.plain.searchAll(qs, 5), queries);
    const plainStarts = [];
    for (let i = 0; i < REPS; i++) plainStarts.push(await plain.start(pp, "plain-n"));
    let plainBig = null;
    if (big) {
      log(`plain JS: parse + put of ${fmtN(BIG)}`);
      await pp.goto(`${plain.url}plain.html`);
      await pp.waitForFunction(() => window.__plainLoaded === true);
      plainBig = await pp.evaluate(({ url }) => window.plain.importFile(url, "plain-big"), { url: plain.dataUrl("big") });
      await pp.evaluate(() => window.plain.deleteDb("plain-big"));
    }
    await pp.evaluate(() => window.plain.deleteDb("plain-n")).catch(() => {});
    await pp.close();

    // ---------------------------------------------------------------- the app
    await page.addInitScript(pageInit);
    await page.goto(app.url);
    await setup(page, "SH01", "A");
    await keepSignedIn(page);

    // Import of N (this also seeds the database for everything after it).
    log(`app: import of ${fmtN(N)}`);
    const imp = await importInApp(page, data.file, N);
    if (!imp.ok) throw new Error(`the app refused the generated file: ${imp.text}\n(is dist/ built from the current source? BENCH_NO_BUILD=1 measures dist/ as it is)`);
    const storage = await page.evaluate(() => navigator.storage.estimate().then((e) => e.usage));

    // Start to an interactive queue, with N stored.
    log("app: start to an interactive queue");
    const starts = [];
    for (let i = 0; i < REPS; i++) {
      await page.goto("about:blank");
      await page.goto(`${app.url}#/queue`, { waitUntil: "commit" });
      await page.waitForFunction(() => window.__bench?.marks.ready !== undefined && window.__bench.marks.painted !== undefined, null, { polling: 100, timeout: 300_000 });
      const s = await page.evaluate(async () => {
        const b = window.__bench;
        const m = b.marks;
        const idle = await b.idle();
        const during = b.longtasks.filter(([t, d]) => t + d > m.interactive && t < m.ready);
        return {
          ...m, idle, writes: b.writesSince(m.ready),
          longest: Math.max(0, ...during.map(([, d]) => d)), blocked: during.reduce((a, [, d]) => a + d, 0),
          sw: !!navigator.serviceWorker.controller,
        };
      });
      starts.push(s);
      if (s.empty && s.empty.t < s.interactive) problem(`start: the queue said “${s.empty.text.trim()}” at ${fmtMs(s.empty.t)} although ${fmtN(N)} complaints are stored`);
    }

    // Search keystrokes, on the index of all N.
    log("app: search keystrokes");
    const expected = Object.fromEntries(plainSearch.map((r) => [r.q, r]));
    const keys = [];
    const clears = [];
    for (let rep = 0; rep < REPS; rep++) {
      for (const q of queries) {
        keys.push(await keystroke(page, q, expected[q]));
        clears.push(await keystroke(page, "", { count: N, first: null }));
      }
    }
    for (const k of keys) {
      const e = expected[k.q];
      if (k.count !== String(e.count) || (e.first && k.first !== e.first)) {
        problem(`search “${k.q}”: the app shows ${k.count} (first ${k.first}), plain JS finds ${e.count} (first ${e.first})`);
      }
    }

    // Opening a complaint from the queue, and back.
    log("app: detail pages");
    const opens = [];
    for (let i = 0; i < (SMOKE ? 3 : 5); i++) opens.push(await openDetail(page, i * 2, N));

    // The dashboard over N.
    log("app: dashboard");
    const dash = [];
    for (let i = 0; i < REPS; i++) dash.push(await dashboard(page, N));

    // Export of N.
    log(`app: export of ${fmtN(N)}`);
    const exp = await exportInApp(page, data.file, N);

    // Import of the large file into an emptied database.
    let impBig = null;
    if (big) {
      log(`app: import of ${fmtN(BIG)}`);
      await clearInApp(page);
      impBig = await importInApp(page, big.file, BIG);
      if (!impBig.ok) throw new Error(`the app refused the ${fmtN(BIG)} file: ${impBig.text}`);
    }

    // ---------------------------------------------------------------- the table
    const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
    // First load: what each entry downloads before its first screen works, against its budget.
    const firstLoad = [
      ["reception.html", "first load, reception tablet (reception.html): wasm + js, gzip -9", 180],
      ["index.html", "first load, desk's first screen (index.html): wasm + js, gzip -9", 300],
    ];
    for (const [page, label, budget] of firstLoad) {
      const e = bundle.entries[page];
      if (!e) {
        row(label, "missing", `≤ ${budget} KB`, "—", "—", verdict(false));
        continue;
      }
      row(label, kb(e.gz), `≤ ${budget} KB`, "—", "—", verdict(e.gz <= budget * 1024));
      detail(`${page}: wasm ${kb(e.wasmGz)} gzip (${kb(e.wasmRaw)} raw), js glue ${kb(e.jsGz)} gzip (${kb(e.jsRaw)} raw): ${e.files.join(", ")}`);
    }
    const all = bundle.total;
    row("whole app, every entry's wasm + js, gzip -9", kb(all.gz), "— (printed)", "—", "—", "—");
    detail(`whole app: wasm ${kb(all.wasmGz)} gzip (${kb(all.wasmRaw)} raw), js glue ${kb(all.jsGz)} gzip (${kb(all.jsRaw)} raw): ${all.files.join(", ")}`);

    const plainParsePut = plainImport.total;
    const ratioImp = imp.ms / plainParsePut;
    row(`import of ${fmtN(N)} (file ${(data.bytes / 1e6).toFixed(0)} MB)`, fmtMs(imp.ms), "≤ 1.3x plain", fmtMs(plainParsePut), `${ratioImp.toFixed(2)}x`, verdict(ratioImp <= 1.3));
    detailImport(`import of ${fmtN(N)}`, imp);
    if (big) {
      const r = impBig.ms / plainBig.total;
      row(`import of ${fmtN(BIG)} (file ${(big.bytes / 1e6).toFixed(0)} MB)`, fmtMs(impBig.ms), "≤ 1.3x plain, ≤ 11 s", fmtMs(plainBig.total), `${r.toFixed(2)}x`, verdict(r <= 1.3 && impBig.ms <= 11000));
      detailImport(`import of ${fmtN(BIG)}`, impBig);
    }

    const startMs = median(starts.map((s) => s.interactive));
    const plainStartMs = median(plainStarts.map((s) => s.interactive));
    row(`start → interactive queue, ${fmtN(N)} stored`, fmtMs(startMs), N === 50000 ? "≤ 300 ms" : "≤ 300 ms (at 50k)", fmtMs(plainStartMs), `${(startMs / plainStartMs).toFixed(1)}x`, verdict(startMs <= 300));
    const readyMs = median(starts.map((s) => s.ready));
    // No plain figure: the plain store holds whole complaints, the app reads compact summaries.
    row(`start → search index ready (informative)`, fmtMs(readyMs), "—", "—", "", "—");
    for (const [i, s] of starts.entries()) {
      detail(
        `start ${i + 1}: rows + search box ${fmtMs(s.interactive)} (painted ${fmtMs(s.painted)}, count shown then: ${s.countAtInteractive}), index ready ${fmtMs(s.ready)}; ` +
          `longest main-thread task in between ${fmtMs(s.longest)}, ${fmtMs(s.blocked)} blocked in long tasks; ` +
          `${s.writes.count ? `then ${s.writes.count} write transaction(s), ${fmtMs(s.writes.ms)}, idle at ${fmtMs(s.idle)}` : "no writes after"}; service worker ${s.sw ? "controlling" : "not controlling"}`
      );
    }
    detail(`plain start (fresh page, open + newest 50 by index, rendered): ${plainStarts.map((s) => fmtMs(s.interactive)).join(", ")}; open + first 50 alone ${fmtMs(median(plainStarts.map((s) => s.openFirst50)))}`);

    const keyMs = keys.map((k) => k.layout);
    const keyMed = median(keyMs);
    // The plain figure is the search plus the first screen of rows rendered and laid out.
    const plainKey = median(plainSearch.map((r) => r.rendered));
    row(`search keystroke → rows + count, median of ${keys.length}`, fmtMs(keyMed), "≤ 16 ms", fmtMs(plainKey), `${(keyMed / plainKey).toFixed(1)}x`, verdict(keyMed <= 16));
    row(`search keystroke, slowest`, fmtMs(Math.max(...keyMs)), "≤ 16 ms", fmtMs(Math.max(...plainSearch.map((r) => r.rendered))), "", verdict(Math.max(...keyMs) <= 16));
    row(`clearing the search → all ${fmtN(N)}, median`, fmtMs(median(clears.map((k) => k.layout))), "—", "—", "", "—");
    for (const q of queries) {
      const ks = keys.filter((k) => k.q === q);
      detail(`search “${q}”: ${ks.map((k) => `${fmtMs(k.layout)} (script ${fmtMs(k.script)})`).join(", ")} to rows + layout; next frame at ${ks.map((k) => fmtMs(k.frame)).join(", ")}; ${ks[0].count} matches; plain ${fmtMs(expected[q].rendered)} (search alone ${fmtMs(expected[q].ms)}), ${expected[q].count} matches`);
    }
    detail(`clear search: ${clears.map((k) => fmtMs(k.layout)).join(", ")} to rows + layout`);

    row(`open a complaint from the queue, median of ${opens.length}`, fmtMs(median(opens.map((o) => o.open))), "—", "—", "", "—");
    row(`back from a complaint to the queue, median`, fmtMs(median(opens.map((o) => o.back))), "—", "—", "", "—");
    detail(`detail: ${opens.map((o) => `${o.number} ${fmtMs(o.open)} (back ${fmtMs(o.back)})`).join("; ")}`);
    row(`dashboard over ${fmtN(N)}, median of ${dash.length}`, fmtMs(median(dash)), "—", "—", "", "—");
    detail(`dashboard: ${dash.map(fmtMs).join(", ")}`);
    row(`export of ${fmtN(N)}`, fmtMs(exp.ms), "—", "—", "", "—");
    detail(`export: ${exp.message}; download ${(exp.bytes / 1e6).toFixed(1)} MB received; ${exp.check}`);
    detail(`storage used with ${fmtN(N)} stored: ${(storage / 1e6).toFixed(0)} MB`);
    detail(`the run took ${fmtMs(performance.now() - T0)}; load average at the end ${os.loadavg().map((x) => x.toFixed(1)).join(" ")} on ${os.cpus().length} cores`);
    detail(`plain figures: read ${fmtMs(plainImport.read)}, JSON.parse ${fmtMs(plainImport.parse)}, put ${fmtMs(plainImport.put)}; getAll of whole complaints ${fmtMs(plainLoad.getAll)}, summaries built ${fmtMs(plainLoad.build)}${plainBig ? `; ${fmtN(BIG)}: read ${fmtMs(plainBig.read)}, JSON.parse ${fmtMs(plainBig.parse)}, put ${fmtMs(plainBig.put)}` : ""}`);
    if (pageErrors.length) problem(`page errors: ${pageErrors.join(" | ")}`);
  } finally {
    await cleanup();
  }
}

function detailImport(what, imp) {
  detail(`${what}: ${describeImport(imp)}`);
  // The app reports progress every 2,000 writes, so a small import may finish without one.
  if (!imp.progress.length && imp.n >= 5000) problem(`${what}: no progress bar was shown`);
}

/** Search terms of several kinds: phone prefix, surname, project, number fragment, content words. */
function chooseQueries() {
  return ["1390", "王", "滨江华府", "20260315", "渗水", "空鼓 1802", "sh01-b-2026"];
}

async function clearInApp(page) {
  await page.getByTestId("nav-exchange").click();
  await page.getByTestId("clear-data").click();
  await page.getByTestId("clear-confirm").click();
  await page.getByTestId("import-result").filter({ hasText: "已清空" }).waitFor({ timeout: 300_000 });
}

async function openDetail(page, i, n) {
  return page.evaluate(async ({ i, n }) => {
    const b = window.__bench;
    const rows = [...document.querySelectorAll('[data-testid="queue-row"]')].sort((x, y) => parseFloat(x.style.top) - parseFloat(y.style.top));
    const row = rows[Math.min(i, rows.length - 1)];
    const number = row.dataset.number;
    await b.frame();
    await b.macrotask();
    let t0 = performance.now();
    row.click();
    await b.waitFor(() => b.q("detail-status") && b.q("detail-number")?.textContent.trim() === number, 30_000);
    await b.macrotask();
    b.layout();
    const open = performance.now() - t0;
    await b.frame();
    await b.macrotask();
    t0 = performance.now();
    b.q("nav-queue").click();
    await b.waitFor(() => b.q("queue-row") && !b.q("queue-loading") && b.q("queue-count")?.textContent.trim() === String(n), 30_000);
    await b.macrotask();
    b.layout();
    const back = performance.now() - t0;
    return { number, open, back };
  }, { i, n });
}

async function dashboard(page, n) {
  const ms = await openDashboard(page, n);
  await backToQueue(page, n);
  return ms;
}

async function exportInApp(page, genFile, n) {
  await page.getByTestId("nav-exchange").click();
  await page.getByTestId("export-json").waitFor();
  const download = page.waitForEvent("download", { timeout: 600_000 });
  const r = await page.evaluate(async () => {
    const b = window.__bench;
    await b.frame();
    await b.macrotask();
    const t0 = performance.now();
    b.q("export-json").click();
    await b.waitFor(() => /已导出|导出失败/.test(b.q("export-result")?.textContent || ""), 600_000);
    return { ms: performance.now() - t0, message: b.q("export-result").textContent.trim() };
  });
  const dl = await download;
  const out = path.join(os.tmpdir(), `complaint-desk-export-${process.pid}.json`);
  await dl.saveAs(out);
  r.bytes = fs.statSync(out).size;
  // The exported complaints must be the generated ones, byte for byte (per complaint).
  try {
    const ours = JSON.parse(fs.readFileSync(genFile, "utf8")).complaints;
    const theirs = JSON.parse(fs.readFileSync(out, "utf8"));
    // Identical, except for the escalations the app records itself on overdue complaints
    // (appended events by 系统; `derived` then says the same, with a later updated_at).
    const byNumber = new Map(theirs.complaints.map((c) => [c.number, c]));
    let same = 0, escalated = 0, added = 0;
    const body = (c) => JSON.stringify(c.events);
    for (const c of ours) {
      const t = byNumber.get(c.number);
      if (!t) continue;
      // The history is the data; `derived` is recomputed (and carries deadlines) on export.
      const core = (x) => JSON.stringify({ number: x.number, office: x.office, events: x.events });
      if (core(t) === core(c)) { same++; continue; }
      const extra = t.events.slice(c.events.length);
      if (body({ events: t.events.slice(0, c.events.length) }) === body(c) && extra.length && extra.every((e) => e.action === "escalate" && e.role === "system")) {
        escalated++;
        added += extra.length;
      }
    }
    r.check = `${fmtN(same)} of ${fmtN(n)} complaints byte-identical to the generated file, ${fmtN(escalated)} identical but for ${fmtN(added)} escalation event(s) the app added (${fmtN(theirs.complaints.length)} in the export)`;
    if (same + escalated !== n || theirs.complaints.length !== n) problem(`export: ${r.check}`);
  } finally {
    await fsp.rm(out, { force: true });
  }
  if (!r.message.includes("已导出")) throw new Error(`export failed: ${r.message}`);
  return r;
}

const title = () => `complaint desk benchmark: N = ${fmtN(N)}${SMOKE ? " (smoke run: verdicts are informative)" : ""}`;
try {
  await main();
  table.print(title());
  await table.save();
  clearTimeout(watchdog);
  process.exit(0);
} catch (e) {
  console.error("[bench] failed:", e?.stack || e);
  if (table.results.rows.length) table.print(title());
  clearTimeout(watchdog);
  process.exit(1);
}
