// The plain-JavaScript baseline, loaded as a module into a page of its own origin in the same
// headless Chromium as the app (see bench.mjs and head_office.mjs, served by serve.mjs). It
// does the work of the performance budget's plain-JavaScript reference on the same file or
// files: JSON.parse, put every complaint into an IndexedDB store with 4 indexes (status,
// category, severity, received) in 5,000-record transactions, open + first 50 by the received
// index, and a substring search over a compact summary array held in memory. No framework, no
// validation: the lower bound.
//
// `plain.html#start:<db>` is a fresh page start: open the database, read the newest 50 by the
// received index, render them with a search box, and record when that is on screen.

const STORE = "complaints";
const INDEXES = ["status", "category", "severity", "received"];
const BATCH = 5000;

const req = (r) =>
  new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });

function openDb(name, create) {
  const r = indexedDB.open(name, 1);
  r.onupgradeneeded = () => {
    if (!create) return;
    const s = r.result.createObjectStore(STORE, { keyPath: "number" });
    for (const i of INDEXES) s.createIndex(i, i);
  };
  return req(r);
}

const deleteDb = (name) => req(indexedDB.deleteDatabase(name));

/** The record stored per complaint: the parsed complaint with the four indexed fields. */
function record(c) {
  const d = c.derived;
  return {
    number: c.number,
    status: d.status,
    category: d.category,
    severity: d.severity,
    received: Date.parse(d.received_at),
    office: c.office,
    events: c.events,
    derived: d,
  };
}

/** Reads, parses and stores the file at `url` into a fresh database `name`. */
const importFile = (url, name) => importFiles([url], name);

/**
 * Reads, parses and stores the files at `urls`, one after another, into a fresh database
 * `name`. With `keep`, each file's complaints are also kept as the summaries `search` scans
 * (built outside the timed work, as the app's index is built after its import).
 */
async function importFiles(urls, name, keep = false) {
  await deleteDb(name);
  const tOpen = performance.now();
  const db = await openDb(name, true);
  const opened = performance.now() - tOpen;
  const sum = { count: 0, read: 0, parse: 0, put: opened, total: opened, files: urls.length };
  if (keep) rows = [];
  for (const url of urls) {
    const blob = await (await fetch(url)).blob(); // fetching is not timed (the app reads a File)
    const t0 = performance.now();
    const text = await blob.text();
    const t1 = performance.now();
    const file = JSON.parse(text);
    const t2 = performance.now();
    const cs = file.complaints;
    for (let i = 0; i < cs.length; i += BATCH) {
      const tx = db.transaction(STORE, "readwrite");
      const s = tx.objectStore(STORE);
      for (let j = i; j < Math.min(i + BATCH, cs.length); j++) s.put(record(cs[j]));
      await new Promise((resolve, reject) => {
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error || new Error("aborted"));
      });
    }
    const t3 = performance.now();
    sum.count += cs.length;
    sum.read += t1 - t0;
    sum.parse += t2 - t1;
    sum.put += t3 - t2;
    sum.total += t3 - t0;
    if (keep) for (const c of cs) rows.push(summary(record(c)));
  }
  db.close();
  return sum;
}

/** Reads and parses the files at `urls` into the summaries `search` scans, storing nothing. */
async function loadFiles(urls) {
  rows = [];
  for (const url of urls) {
    const file = await (await fetch(url)).json();
    for (const c of file.complaints) rows.push(summary(record(c)));
  }
  return { count: rows.length };
}

/** Open + the newest `limit` by the received index. */
async function firstPage(db, limit = 50) {
  const tx = db.transaction(STORE, "readonly");
  const r = tx.objectStore(STORE).index("received").openCursor(null, "prev");
  const out = [];
  await new Promise((resolve, reject) => {
    r.onsuccess = () => {
      const cur = r.result;
      if (!cur || out.length >= limit) return resolve();
      out.push(cur.value);
      if (out.length < limit) cur.continue();
      else resolve();
    };
    r.onerror = () => reject(r.error);
  });
  return out;
}

/** What the queue searches, built like the app's Summary + haystack (src/domain/query.rs). */
function summary(c) {
  const i = c.events[0].intake;
  const b = i.building.trim(), u = i.unit.trim();
  const unit = b && u ? `${b} ${u}` : b || u;
  return {
    number: c.number,
    name: i.customer_name,
    phone: i.phone,
    project: i.project,
    unit,
    received: c.received,
    category: c.category,
    severity: c.severity,
    status: c.status,
    handler: c.derived.handler || "",
    hay: [c.number, i.customer_name, i.phone, i.project, unit, i.content].join("\u0001").toLowerCase(),
  };
}

let rows = [];

/** Loads every complaint (getAll) and builds the compact summaries searched in memory. */
async function loadSummaries(name) {
  const t0 = performance.now();
  const db = await openDb(name, false);
  const tx = db.transaction(STORE, "readonly");
  const all = await req(tx.objectStore(STORE).getAll());
  const t1 = performance.now();
  rows = all.map(summary);
  const t2 = performance.now();
  db.close();
  return { count: rows.length, getAll: t1 - t0, build: t2 - t1 };
}

/** One search as the queue does it: all words must match; newest first. */
function search(q) {
  const needles = q.toLowerCase().split(/\s+/).filter(Boolean);
  const hits = [];
  for (let i = 0; i < rows.length; i++) {
    const h = rows[i].hay;
    if (needles.every((n) => h.includes(n))) hits.push(i);
  }
  hits.sort((a, b) => rows[b].received - rows[a].received);
  return hits;
}

const time = (ms) => {
  const d = new Date(ms + 8 * 3600_000).toISOString();
  return `${d.slice(5, 10)} ${d.slice(11, 16)}`;
};

/** Shows the first `n` hits (the rows a screen holds) and the count, then lays the page out. */
function render(hits, n = 31) {
  const list = document.getElementById("list");
  const frag = document.createDocumentFragment();
  for (const i of hits.slice(0, n)) {
    const s = rows[i];
    const a = document.createElement("a");
    a.className = "row";
    a.href = `#/c/${s.number}`;
    a.dataset.number = s.number;
    for (const text of [s.number, `${s.name} ${s.phone}`, `${s.project} ${s.unit}`, s.category, s.severity, s.status, s.handler, time(s.received)]) {
      const span = document.createElement("span");
      span.textContent = text;
      a.append(span);
    }
    frag.append(a);
  }
  list.replaceChildren(frag);
  document.getElementById("count").textContent = String(hits.length);
  void document.body.offsetHeight; // style + layout
}

/**
 * Times each query `reps` times, the search alone and the search with the first screen of rows
 * rendered; returns the medians, the count and the first number.
 */
function searchAll(queries, reps = 5) {
  const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return queries.map((q) => {
    const times = [], withRender = [];
    let hits = [];
    for (let k = 0; k < reps; k++) {
      let t0 = performance.now();
      hits = search(q);
      times.push(performance.now() - t0);
      render([]);
      t0 = performance.now();
      render(search(q));
      withRender.push(performance.now() - t0);
    }
    return { q, ms: med(times), rendered: med(withRender), count: hits.length, first: hits.length ? rows[hits[0]].number : null };
  });
}

/** The fresh page start: database open, newest 50 by the index, rendered with a search box. */
async function start(name) {
  const t0 = performance.now();
  const db = await openDb(name, false);
  const page = await firstPage(db, 50);
  const tApi = performance.now();
  const list = document.getElementById("list");
  const frag = document.createDocumentFragment();
  for (const c of page) {
    const i = c.events[0].intake;
    const a = document.createElement("a");
    a.className = "row";
    a.href = `#/c/${c.number}`;
    a.textContent = `${c.number} ${i.customer_name} ${i.phone} ${i.project} ${i.building} ${i.unit} ${c.category} ${c.status}`;
    frag.append(a);
  }
  list.append(frag);
  void document.body.offsetHeight; // style + layout
  const tShown = performance.now();
  db.close();
  window.__plainStart = { scriptStart: t0, openFirst50: tApi - t0, interactive: tShown, rows: page.length };
}

window.plain = { importFile, importFiles, loadFiles, loadSummaries, searchAll, deleteDb };
if (location.hash.startsWith("#start:")) {
  start(decodeURIComponent(location.hash.slice("#start:".length))).catch((e) => (window.__plainStart = { error: String(e) }));
}
window.__plainLoaded = true;
