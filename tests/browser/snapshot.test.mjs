// The queue's snapshot (issue 15): after an import the queue reads every summary and stores
// its snapshot; a reload starts from the snapshot with every complaint there and found by
// search; a complaint saved after it is there after the next reload; a database of the
// previous schema (4) is upgraded with nothing lost and starts from a snapshot afterwards.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDesk, importFile, registerComplaint, signInIfLocked } from "./harness.mjs";
import { writeExport } from "../bench/gen.mjs";

const N = 2500;

/** Where the queue's rows came from (`first-page`, `summaries`, `snapshot`) once ready. */
async function source(page) {
  const count = page.getByTestId("queue-count");
  await page.waitForFunction(
    () => document.querySelector('[data-testid="queue-count"]')?.dataset.source !== "first-page",
    null,
    { timeout: 60_000 },
  );
  return count.getAttribute("data-source");
}

async function total(page) {
  return Number(await page.getByTestId("queue-count").innerText());
}

async function search(page, text) {
  await page.getByTestId("queue-search").fill(text);
  await page.waitForTimeout(400);
  return total(page);
}

/** The stored snapshot's head, once one is stored (the write runs after the load). */
async function head(page) {
  const read = () =>
    page.evaluate(
      () =>
        new Promise((resolve, reject) => {
          const open = indexedDB.open("complaint-desk");
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            const req = db.transaction("queue").objectStore("queue").get("head");
            req.onsuccess = () => {
              db.close();
              resolve(req.result ? JSON.parse(req.result) : null);
            };
            req.onerror = () => reject(req.error);
          };
        }),
    );
  for (let i = 0; i < 120; i++) {
    const h = await read();
    if (h) return h;
    await page.waitForTimeout(250);
  }
  return null;
}

async function restart(page) {
  await page.reload();
  await signInIfLocked(page);
  await page.getByTestId("nav-queue").click();
}

describe("the queue's snapshot", { timeout: 300_000 }, () => {
  let server, prof, page, dir;
  let found;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "snapshot-"));
    const file = path.join(dir, "office.json");
    await writeExport(file, N);
    ({ server, prof, page } = await openDesk("SH01", "A"));
    await importFile(page, file, N);
  });

  after(async () => {
    await prof.remove();
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("after an import the queue reads every summary and stores its snapshot", async () => {
    await page.getByTestId("nav-queue").click();
    assert.equal(await source(page), "summaries");
    assert.equal(await total(page), N);
    found = await search(page, "渗水");
    assert.ok(found > 0 && found < N, `${found} complaints hold 渗水`);
    const h = await head(page);
    assert.ok(h, "a snapshot is stored");
    assert.equal(h.rows, N);
  });

  test("a reload starts from the snapshot with every complaint there", async () => {
    await restart(page);
    assert.equal(await source(page), "snapshot");
    assert.equal(await total(page), N);
    assert.equal(await search(page, "渗水"), found, "the same complaints are found");
  });

  test("a complaint saved after the snapshot is there after the next reload", async () => {
    await page.getByTestId("nav-intake").click();
    const number = await registerComplaint(page, "快照之后登记的龙湖投诉");
    await restart(page);
    assert.equal(await source(page), "snapshot");
    assert.equal(await total(page), N + 1);
    assert.equal(await search(page, "快照之后登记"), 1);
    const row = page.locator(`[data-testid="queue-row"][data-number="${number}"]`);
    await row.waitFor();
  });

  test("a database of the previous version is upgraded with nothing lost", async () => {
    // Dump every record, then write them back as schema 4 had them (its three extra
    // indexes on the summaries, no `queue` store, no write sequence) on a page of the same
    // origin that is not the app.
    const dump = await page.evaluate(
      () =>
        new Promise((resolve, reject) => {
          const open = indexedDB.open("complaint-desk");
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            const names = ["complaints", "summaries", "meta", "buyers"];
            const tx = db.transaction(names);
            const out = {};
            for (const name of names) {
              out[name] = [];
              const req = tx.objectStore(name).openCursor();
              req.onsuccess = () => {
                const c = req.result;
                if (!c) return;
                out[name].push([c.primaryKey, c.value]);
                c.continue();
              };
            }
            tx.oncomplete = () => {
              db.close();
              resolve(out);
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
    );
    assert.equal(dump.summaries.length, N + 1);
    await page.goto(`${server.url}/export.schema.json`);
    await page.evaluate(
      (dump) =>
        new Promise((resolve, reject) => {
          const del = indexedDB.deleteDatabase("complaint-desk");
          del.onerror = () => reject(del.error);
          del.onblocked = () => reject(new Error("blocked"));
          del.onsuccess = () => {
            const open = indexedDB.open("complaint-desk", 4);
            open.onupgradeneeded = () => {
              const db = open.result;
              db.createObjectStore("complaints", { keyPath: "number" });
              const s = db.createObjectStore("summaries", { keyPath: "number" });
              for (const i of ["status", "category", "severity", "received"]) s.createIndex(i, i);
              db.createObjectStore("meta");
              db.createObjectStore("buyers", { keyPath: "id" });
              db.createObjectStore("files");
              db.createObjectStore("outbox");
              db.createObjectStore("synced");
            };
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const db = open.result;
              const tx = db.transaction(["complaints", "summaries", "meta", "buyers"], "readwrite");
              for (const [, v] of dump.complaints) tx.objectStore("complaints").put(v);
              for (const [, v] of dump.summaries) {
                const data = JSON.parse(v.data);
                tx.objectStore("summaries").put({
                  number: v.number,
                  status: data.status,
                  category: data.category,
                  severity: data.severity,
                  received: v.received,
                  data: v.data,
                });
              }
              for (const [k, v] of dump.meta) tx.objectStore("meta").put(v, k);
              for (const [, v] of dump.buyers) tx.objectStore("buyers").put(v);
              tx.oncomplete = () => {
                db.close();
                resolve();
              };
              tx.onerror = () => reject(tx.error);
            };
          };
        }),
      dump,
    );
    await page.goto(server.url);
    await signInIfLocked(page);
    await page.getByTestId("nav-queue").click();
    assert.equal(await source(page), "summaries", "no snapshot yet: every summary is read");
    assert.equal(await total(page), N + 1);
    assert.equal(await search(page, "快照之后登记"), 1);
    const shape = await page.evaluate(
      () =>
        new Promise((resolve, reject) => {
          const open = indexedDB.open("complaint-desk");
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            const s = db.transaction("summaries").objectStore("summaries");
            const out = { version: db.version, indexes: [...s.indexNames] };
            db.close();
            resolve(out);
          };
        }),
    );
    assert.deepEqual(shape, { version: 5, indexes: ["received", "seq"] });
    assert.equal((await head(page))?.rows, N + 1, "the upgraded data's snapshot is stored");
    await restart(page);
    assert.equal(await source(page), "snapshot");
    assert.equal(await total(page), N + 1);
    assert.equal(await search(page, "渗水"), found);
  });
});
