// What the benchmarks do in the app's page and time there with performance.now(): the marks
// of a start, an import through 导入导出, a search keystroke, the dashboard's opening.
import { fmtMs } from "./table.mjs";

/**
 * Installed in every app document before its scripts (`page.addInitScript(pageInit)`): marks
 * of the start and small helpers, on `window.__bench`. The marks are times from the
 * navigation's start: `rows` (the first queue row in the DOM), `interactive` (rows and the
 * search box usable) and `painted` (the frame after it), `ready` (the queue says its index of
 * every complaint is loaded: search, filters and the dashboard work) with `source`, where it
 * came from.
 */
export function pageInit() {
  if (window.__bench || location.protocol !== "http:") return;
  const b = (window.__bench = { marks: {}, longtasks: [] });
  const q = (id) => document.querySelector(`[data-testid="${id}"]`);
  b.q = q;
  b.macrotask = () => new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = () => r(); c.port2.postMessage(0); });
  b.frame = () => new Promise((r) => requestAnimationFrame(() => r()));
  b.layout = () => void document.body.getBoundingClientRect().height + document.body.offsetHeight;
  /** Resolves with performance.now() once pred() holds (checked on every DOM change). */
  b.waitFor = (pred, timeout = 60000) =>
    new Promise((resolve, reject) => {
      if (pred()) return resolve(performance.now());
      const obs = new MutationObserver(() => {
        if (pred()) { obs.disconnect(); clearTimeout(to); resolve(performance.now()); }
      });
      obs.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
      const to = setTimeout(() => { obs.disconnect(); reject(new Error("timed out waiting in the page")); }, timeout);
    });
  // IndexedDB transactions, so the run can tell when the app's background work (index reload,
  // escalations it records itself) is over, and report the writes it did.
  const tx = (b.tx = { active: 0, last: performance.now(), writes: [] });
  const transaction = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (stores, mode, ...rest) {
    const t = transaction.call(this, stores, mode, ...rest);
    const started = performance.now();
    tx.active++;
    tx.last = started;
    const end = () => {
      tx.active--;
      tx.last = performance.now();
      if (mode === "readwrite") tx.writes.push([started, tx.last - started]);
    };
    t.addEventListener("complete", end);
    t.addEventListener("abort", end);
    return t;
  };
  /** Resolves once no transaction has been open for `quiet` ms. */
  b.idle = (quiet = 2000, timeout = 600000) =>
    new Promise((resolve, reject) => {
      const t0 = performance.now();
      const check = () => {
        const now = performance.now();
        if (tx.active === 0 && now - tx.last >= quiet) return resolve(tx.last);
        if (now - t0 > timeout) return reject(new Error("the app never went idle"));
        setTimeout(check, 100);
      };
      check();
    });
  b.writesSince = (t) => {
    const w = tx.writes.filter(([s]) => s >= t);
    return { count: w.length, ms: w.reduce((a, [, d]) => a + d, 0), longest: Math.max(0, ...w.map(([, d]) => d)) };
  };
  b.topRow = () => document.querySelector('[data-testid="queue-row"][style*="top:0px"]') || q("queue-row");
  /**
   * Whether the queue's index of every complaint is loaded: its count's `data-source` says
   * where its rows come from (`first-page` until then, `summaries` or `snapshot` after).
   */
  b.ready = () => {
    const source = q("queue-count")?.dataset.source;
    // A bundle without the attribute: the loading message gone once rows are there.
    if (source === undefined) return !!q("queue-row") && !q("queue-loading");
    return source !== "first-page";
  };
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) b.longtasks.push([e.startTime, e.duration]); })
      .observe({ type: "longtask", buffered: true });
  } catch {}
  const m = b.marks;
  const obs = new MutationObserver(() => {
    const t = performance.now();
    if (m.empty === undefined && q("queue-empty")) m.empty = { t, text: q("queue-empty").textContent };
    if (m.rows === undefined && q("queue-row")) m.rows = t;
    if (m.interactive === undefined) {
      const input = q("queue-search");
      if (q("queue-row") && input && !input.disabled) {
        m.interactive = t;
        m.countAtInteractive = q("queue-count")?.textContent.trim();
        requestAnimationFrame(() => b.macrotask().then(() => (m.painted = performance.now())));
      }
    }
    if (m.ready === undefined && b.ready()) {
      m.ready = t;
      m.source = q("queue-count")?.dataset.source ?? "";
    }
    if (m.interactive !== undefined && m.ready !== undefined) obs.disconnect();
  });
  obs.observe(document, { childList: true, subtree: true, attributes: true });
}

/**
 * Imports `files` (a path or several) through 导入导出 as a person would, and times it in the
 * page from the file choice to the message 导入完成 (or 导入失败), then the app's work after it
 * until no transaction has been open for 2 s. `n` is how many new complaints the files hold;
 * `onWait(text)` is called about every minute while it runs.
 */
export async function importInApp(page, files, n, { timeout = 600_000, onWait = null } = {}) {
  const list = [files].flat();
  await page.getByTestId("nav-exchange").click();
  await page.getByTestId("import-file").waitFor({ state: "attached" });
  await page.evaluate(() => {
    const b = window.__bench;
    const imp = (b.imp = { t0: null, progress: [], frames: [], done: null, text: "" });
    document.addEventListener("change", (e) => {
      if (e.target?.dataset?.testid === "import-file" && imp.t0 === null) imp.t0 = performance.now();
    }, { capture: true });
    const tick = () => {
      if (imp.done !== null) return;
      if (imp.t0 !== null) imp.frames.push(performance.now());
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    const obs = new MutationObserver(() => {
      if (imp.t0 === null) return;
      const t = performance.now();
      const p = b.q("import-progress");
      if (p) {
        const v = p.getAttribute("value") ?? String(p.value);
        if (imp.progress.at(-1)?.[1] !== v) imp.progress.push([t - imp.t0, v]);
      }
      const txt = b.q("import-result")?.textContent || "";
      if (/导入完成|导入失败/.test(txt)) {
        imp.done = t;
        imp.text = txt;
        obs.disconnect();
      }
    });
    obs.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
  });
  await page.getByTestId("import-file").setInputFiles(list);
  const started = performance.now();
  let told = started;
  for (;;) {
    const state = await page.evaluate(() => ({ done: window.__bench.imp.done !== null, text: window.__bench.q("import-result")?.textContent || "" }));
    if (state.done) break;
    const now = performance.now();
    if (now - started > timeout) throw new Error(`the import did not finish in ${Math.round(timeout / 60000)} min: ${state.text.slice(0, 80)}`);
    if (onWait && now - told > 60_000) {
      told = now;
      onWait(state.text.split("\n")[0]);
    }
    await new Promise((r) => setTimeout(r, list.length > 1 ? 1000 : 250));
  }
  const r = await page.evaluate(async (timeout) => {
    const b = window.__bench;
    const imp = b.imp;
    const f = [imp.t0, ...imp.frames, imp.done];
    let gap = 0;
    for (let i = 1; i < f.length; i++) gap = Math.max(gap, f[i] - f[i - 1]);
    // What the app does after it says 导入完成 (reloading the index, recording escalations).
    const idle = await b.idle(2000, timeout);
    return { ms: imp.done - imp.t0, text: imp.text, progress: imp.progress, frames: imp.frames.length, longestGap: gap, after: idle - imp.done, writesAfter: b.writesSince(imp.done) };
  }, timeout);
  // Every file imported, and as many new complaints as the files hold.
  const added = [...r.text.matchAll(/文件共 \d+ 条，新增 (\d+) 条/g)].reduce((a, m) => a + Number(m[1]), 0);
  const whole = list.length === 1 || r.text.includes(`共 ${list.length} 个文件：${list.length} 个导入完成`);
  r.ok = whole && !r.text.includes("导入失败") && added === n;
  r.n = n;
  return r;
}

/** An import's details: the message, its progress bar, frames, and the app's work after it. */
export function describeImport(imp) {
  const p = imp.progress;
  // Several files: the summary line, not each file's.
  const lines = imp.text.trim().split("\n");
  const text = lines.length > 1 ? `${lines[0]} (and a line per file)` : lines[0];
  return `${text} — ${fmtMs(imp.ms)}; progress bar ${p.length ? `first shown at ${fmtMs(p[0][0])}, ${p.length} values (${p.map((x) => x[1]).join(" ")})` : "never shown"}; ` +
    `longest time without a frame ${fmtMs(imp.longestGap)} (${imp.frames} frames in all); ` +
    `after the message the app kept working ${fmtMs(imp.after)}${imp.writesAfter.count ? ` (${imp.writesAfter.count} write transaction(s), ${fmtMs(imp.writesAfter.ms)})` : ""}`;
}

/**
 * One keystroke in the queue's search: set the text and fire `input`; time to the count shown
 * being `expect.count` (or, when that is null, to the count changing) and the rows laid out.
 */
export async function keystroke(page, q, expect) {
  // Start from the state the keystroke leaves from: the empty search (for a query) or the query
  // (for clearing), settled.
  return page.evaluate(async ({ q, count, first }) => {
    const b = window.__bench;
    const input = b.q("queue-search");
    const shown = () => b.q("queue-count").textContent.trim();
    await b.frame();
    await b.macrotask();
    const before = shown();
    const done = () => (count === null ? shown() !== before : shown() === String(count));
    const t0 = performance.now();
    input.value = q;
    input.dispatchEvent(new Event("input", { bubbles: true }));
    await b.macrotask(); // the app's reactive updates run as microtasks before this
    if (!done()) await b.waitFor(done, 10_000).catch(() => {});
    const script = performance.now() - t0;
    b.layout();
    const layout = performance.now() - t0;
    await b.frame();
    await b.macrotask();
    const frame = performance.now() - t0;
    return { q, script, layout, frame, count: shown(), first: b.topRow()?.dataset.number ?? null, firstExpected: first };
  }, { q, count: expect.count ?? null, first: expect.first ?? null });
}

/**
 * Opens the dashboard from the navigation and times it to its figures over all `n` complaints
 * on screen (the whole data set's total is `n`, the period's indicators are there), laid out.
 */
export async function openDashboard(page, n, timeout = 60_000) {
  return page.evaluate(async ({ n, timeout }) => {
    const b = window.__bench;
    await b.frame();
    await b.macrotask();
    const t0 = performance.now();
    b.q("nav-dashboard").click();
    await b.waitFor(() => b.q("dash-total")?.textContent.trim() === String(n) && !!b.q("kpi-received"), timeout);
    await b.macrotask();
    b.layout();
    return performance.now() - t0;
  }, { n, timeout });
}

/** Back to the queue from the navigation, until it shows rows of all `n` complaints. */
export async function backToQueue(page, n, timeout = 60_000) {
  await page.evaluate(async ({ n, timeout }) => {
    const b = window.__bench;
    b.q("nav-queue").click();
    await b.waitFor(() => b.q("queue-row") && b.q("queue-count")?.textContent.trim() === String(n), timeout);
  }, { n, timeout });
}
