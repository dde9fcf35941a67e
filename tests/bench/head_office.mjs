// Head office at scale (issue 4, performance budget "200 files, 1,000,000 complaints in one
// tab under 2 GB; dashboard refresh ≤ 1 s"): generates OFFICES export files of PER complaints
// each (one office per file), imports them all at once through 导入导出 in one headless
// Chromium tab, then times a restart, the dashboard's refresh when the period or the project
// changes, and a search keystroke, sampling the browser's memory (resident set of all its
// processes, and of the largest one: the tab) throughout.
//
//   BENCH_HQ=1 ./bench.sh                         200 × 5,000 = 1,000,000
//   BENCH_HQ=1 OFFICES=20 PER=5000 ./bench.sh     a tenth of it
//   HQ_PROFILE=/some/dir BENCH_HQ=1 ./bench.sh    keep the browser profile there (served on
//                                                 port HQ_PORT, default 38765); a later run with
//                                                 the same directory skips the import and
//                                                 measures the rest against the same data
//
// Run on a release build in dist/ (bench.sh builds it). Prints the figures; exits non-zero only
// when the harness fails.
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { writeExport } from "./gen.mjs";
import { serve, profile, setup, keepSignedIn, signInIfLocked } from "../browser/harness.mjs";

const OFFICES = Number(process.env.OFFICES || 200);
const PER = Number(process.env.PER || 5000);
const TOTAL = OFFICES * PER;
const DATA_DIR = process.env.BENCH_DATA_DIR || path.join(os.tmpdir(), "complaint-desk-bench");
const log = (s) => console.log(`[head office] ${s}`);
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const gb = (kb) => `${(kb / 1048576).toFixed(2)} GB`;

/** The files, generated once and kept (deterministic: office k, seed k). */
async function files() {
  const dir = path.join(DATA_DIR, `offices-${OFFICES}x${PER}`);
  await fsp.mkdir(dir, { recursive: true });
  const out = [];
  const t0 = performance.now();
  for (let k = 1; k <= OFFICES; k++) {
    const office = `F${String(k).padStart(3, "0")}`;
    const file = path.join(dir, `${office}.json`);
    if (!fs.existsSync(file)) await writeExport(file, PER, { office, seed: 1000 + k });
    out.push(file);
  }
  const bytes = out.reduce((a, f) => a + fs.statSync(f).size, 0);
  log(`${OFFICES} files × ${PER} complaints, ${(bytes / 1e9).toFixed(2)} GB on disk (ready in ${secs(performance.now() - t0)})`);
  return out;
}

/** Resident memory (kB) of the browser whose profile is `dir`: all its processes, the largest. */
function memory(dir) {
  const parent = new Map();
  const rss = new Map();
  const roots = [];
  for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parent.set(pid, String(ppid));
      const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
      rss.set(pid, Number((status.match(/VmRSS:\s+(\d+)/) || [0, 0])[1]));
      if (fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(dir)) roots.push(pid);
    } catch {}
  }
  const mine = new Set(roots);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parent) {
      if (!mine.has(pid) && mine.has(ppid)) {
        mine.add(pid);
        grew = true;
      }
    }
  }
  let total = 0, largest = 0;
  for (const pid of mine) {
    total += rss.get(pid) || 0;
    largest = Math.max(largest, rss.get(pid) || 0);
  }
  return { total, largest };
}

/** Samples memory every second; `phase(name)` starts a new phase; `report()` the peaks. */
function sampler(dir) {
  const peaks = [];
  let current = null;
  const phase = (name) => {
    current = { name, total: 0, largest: 0 };
    peaks.push(current);
  };
  const tick = () => {
    if (!current) return;
    const m = memory(dir);
    current.total = Math.max(current.total, m.total);
    current.largest = Math.max(current.largest, m.largest);
  };
  const timer = setInterval(tick, 1000);
  return { phase, tick, peaks, stop: () => clearInterval(timer) };
}

/** Times, in the page, from running `act` until `pred` holds (checked on every DOM change). */
async function timed(page, act, pred, timeout = 600_000) {
  const done = page.evaluate(
    ([pred, timeout]) =>
      new Promise((resolve, reject) => {
        const check = new Function(`return (${pred})()`);
        const t0 = performance.now();
        const obs = new MutationObserver(() => {
          if (check()) {
            obs.disconnect();
            resolve(performance.now() - t0);
          }
        });
        obs.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
        setTimeout(() => reject(new Error("timed out")), timeout);
      }),
    [pred.toString(), timeout],
  );
  await act();
  return done;
}

/**
 * Sets a control's value in the page as a person would (input and change events) and times
 * until the screen has been recomputed and laid out: the next frame after `changed()` holds.
 */
function setAndTime(page, testid, value, changed) {
  return page.evaluate(
    async ([testid, value, changed]) => {
      const el = document.querySelector(`[data-testid="${testid}"]`);
      const check = new Function("before", `return (${changed})(before)`);
      const before = document.querySelector('[data-testid="kpi-received"]')?.textContent
        ?? document.querySelector('[data-testid="queue-count"]')?.textContent;
      const t0 = performance.now();
      el.value = value;
      el.dispatchEvent(new Event("input", { bubbles: true }));
      el.dispatchEvent(new Event("change", { bubbles: true }));
      const deadline = t0 + 60_000;
      while (!check(before) && performance.now() < deadline) {
        await new Promise((r) => setTimeout(r, 0));
      }
      await new Promise((r) => requestAnimationFrame(() => r()));
      void document.body.getBoundingClientRect().height;
      return performance.now() - t0;
    },
    [testid, value, changed.toString()],
  );
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const list = await files();
  const keep = process.env.HQ_PROFILE;
  // Browser storage belongs to the origin: a kept profile's data is found again only on the
  // same port.
  const server = await serve(keep ? Number(process.env.HQ_PORT || 38765) : 0);
  const reuse = keep && fs.existsSync(path.join(keep, "imported"));
  const prof = await profile(keep);
  const mem = sampler(prof.dir);
  const figures = [];
  try {
    mem.phase("set-up");
    let { page } = await prof.open();
    if (reuse) {
      // Measure the bundle in dist/ now, not the one an earlier run's service worker kept.
      await page.goto(server.url);
      await page.evaluate(async () => {
        for (const r of await navigator.serviceWorker.getRegistrations()) await r.unregister();
        for (const k of await caches.keys()) await caches.delete(k);
      });
      log(`reusing the data imported into ${keep}`);
    } else {
    await page.goto(server.url);
    await setup(page, "HQ", "A");
    await keepSignedIn(page);

    // 1. Import every file at once.
    mem.phase("import");
    await page.getByTestId("nav-exchange").click();
    const t0 = performance.now();
    await page.getByTestId("import-file").setInputFiles(list);
    const result = page.getByTestId("import-result");
    let lastLog = 0;
    for (;;) {
      const text = await result.innerText().catch(() => "");
      if (/共 \d+ 个文件/.test(text) || (OFFICES === 1 && /导入完成|导入失败/.test(text))) break;
      if (performance.now() - lastLog > 60_000) {
        lastLog = performance.now();
        const m = memory(prof.dir);
        log(`  … ${secs(performance.now() - t0)}: ${text.split("\n")[0].slice(0, 60)} (memory ${gb(m.total)})`);
      }
      await new Promise((r) => setTimeout(r, 2000));
    }
    const importMs = performance.now() - t0;
    const summary = (await result.innerText()).split("\n")[0];
    figures.push(["import of all files", secs(importMs), `${Math.round(TOTAL / (importMs / 1000))} complaints/s; ${summary}`]);

    // The queue reloads its index of every complaint after the import.
    await page.getByTestId("nav-queue").click();
    const tq = performance.now();
    await page.locator('[data-testid="queue-count"]', { hasText: new RegExp(`^${TOTAL}$`) }).waitFor({ timeout: 1_800_000 });
    await page.getByTestId("queue-loading").waitFor({ state: "detached", timeout: 1_800_000 });
    figures.push(["queue index after the import", secs(performance.now() - tq), ""]);
    const estimate = await page.evaluate(() => navigator.storage.estimate());
    figures.push(["IndexedDB on disk", `${(estimate.usage / 1e9).toFixed(2)} GB`, ""]);
    if (keep) fs.writeFileSync(path.join(keep, "imported"), String(TOTAL));
    }

    // 2. A restart of the browser: first rows, then the whole index.
    mem.phase("restart");
    await prof.close();
    ({ page } = await prof.open());
    const ts = performance.now();
    await page.goto(`${server.url}#/queue`);
    await signInIfLocked(page);
    await page.getByTestId("queue-row").first().waitFor({ timeout: 600_000 });
    const rows = performance.now() - ts;
    await page.getByTestId("queue-loading").waitFor({ state: "detached", timeout: 1_800_000 });
    figures.push(["restart: first rows / whole index", `${secs(rows)} / ${secs(performance.now() - ts)}`, ""]);

    // 3. The dashboard over everything, and its refresh when the period or project changes.
    mem.phase("dashboard");
    const open = await timed(
      page,
      () => page.getByTestId("nav-dashboard").click(),
      () => !!document.querySelector('[data-testid="kpi-received"]'),
    );
    const refresh = [];
    const kpiChanged = (before) => document.querySelector('[data-testid="kpi-received"]')?.textContent !== before;
    for (const period of ["year", "quarter", "last_month", "year"]) {
      refresh.push(await setAndTime(page, "dash-period", period, kpiChanged));
      await page.waitForTimeout(300);
    }
    const projects = await page.getByTestId("dash-project").locator("option").evaluateAll((o) => o.map((x) => x.value));
    const byProject = [];
    for (const p of [projects[1], projects[2], ""]) {
      byProject.push(await setAndTime(page, "dash-project", p, kpiChanged));
      await page.waitForTimeout(300);
    }
    const received = await page.getByTestId("kpi-received").innerText();
    figures.push(["dashboard: open", `${(open / 1000).toFixed(2)} s`, ""]);
    figures.push([
      "dashboard refresh (period), median of 4",
      `${(median(refresh) / 1000).toFixed(2)} s`,
      `each ${refresh.map((x) => (x / 1000).toFixed(2)).join(", ")} s; budget ≤ 1 s; this year: ${received} received`,
    ]);
    figures.push([
      "dashboard refresh (project), median of 3",
      `${(median(byProject) / 1000).toFixed(2)} s`,
      `each ${byProject.map((x) => (x / 1000).toFixed(2)).join(", ")} s`,
    ]);

    // 4. A search keystroke in the queue over everything.
    mem.phase("search");
    await page.getByTestId("nav-queue").click();
    await page.getByTestId("queue-loading").waitFor({ state: "detached", timeout: 1_800_000 });
    const search = [];
    const countChanged = (before) => document.querySelector('[data-testid="queue-count"]')?.textContent !== before;
    for (const q of ["1390", "滨江华府", "F007-A"]) {
      search.push(await setAndTime(page, "queue-search", q, countChanged));
      await setAndTime(page, "queue-search", "", countChanged);
      await page.waitForTimeout(500);
    }
    figures.push(["search keystroke, median of 3", `${median(search).toFixed(0)} ms`, search.map((x) => x.toFixed(0)).join(", ") + " ms"]);
    mem.tick();
  } finally {
    mem.stop();
    if (keep) await prof.close();
    else await prof.remove();
    await server.stop();
  }
  console.log(`\nHead office: ${OFFICES} files × ${PER} = ${TOTAL} complaints; ${os.cpus().length} cores`);
  console.log("| what | figure | notes |\n| --- | --- | --- |");
  for (const [w, f, n] of figures) console.log(`| ${w} | ${f} | ${n} |`);
  console.log("\nPeak resident memory of the browser (all processes / the largest, i.e. the tab):");
  for (const p of mem.peaks) console.log(`  ${p.name}: ${gb(p.total)} / ${gb(p.largest)}`);
}

main().catch((e) => {
  console.error(`[head office] failed: ${e.stack || e}`);
  process.exit(1);
});
