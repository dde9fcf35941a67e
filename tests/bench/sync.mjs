// The sync benchmark (issue 17): a CouchDB-compatible server (pouchdb-server) on 127.0.0.1 and
// two browser profiles of the release bundle. Prints: the first push of N complaints from a
// device that has them, the first sync of those N onto a new device (budget ≤ 60 s), the
// delay from a save on one device to the other's screen while both are online (budget ≤ 2 s,
// median of 10), and the traffic of the app's requests to the server per registration, per
// action and per idle hour, with a day's work estimated from them.
//
//   N=50000 node tests/bench/sync.mjs      (BENCH_NO_BUILD is implied: it measures dist/)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { serve, profile, setup } from "../browser/harness.mjs";
import { startCouch, setSync, waitSynced } from "../browser/couch.mjs";
import { writeExport } from "./gen.mjs";

const N = Number(process.env.N || 50000);
const log = (...a) => console.error("[sync-bench]", ...a);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "desk-sync-bench-"));
const file = path.join(dir, `n${N}.json`);
log(`writing ${N} complaints`);
await writeExport(file, N);
const couch = await startCouch({ users: ["pc1", "pc2"] });
const server = await serve();
const profiles = [];

async function device(code, user) {
  const prof = await profile();
  profiles.push(prof);
  const { page } = await prof.open();
  await page.goto(server.url);
  await setup(page, "SH01", code);
  // Bytes of every request to the server and of every answer (bodies; headers excluded).
  page.traffic = { up: 0, down: 0, requests: 0 };
  page.on("request", (r) => {
    if (!r.url().startsWith(couch.url)) return;
    page.traffic.requests += 1;
    page.traffic.up += Buffer.byteLength(r.postData() || "");
  });
  page.on("response", async (r) => {
    if (!r.url().startsWith(couch.url)) return;
    try {
      page.traffic.down += (await r.body()).length;
    } catch {}
  });
  return page;
}

try {
  const a = await device("A", "pc1");
  log("importing on PC1");
  await a.getByTestId("nav-exchange").click();
  await a.getByTestId("import-file").setInputFiles(file);
  await a.getByTestId("import-result").filter({ hasText: `新增 ${N} 条` }).waitFor({ timeout: 20 * 60_000 });
  let t = Date.now();
  await setSync(a, couch, "pc1");
  await waitSynced(a, 30 * 60_000);
  const push = Date.now() - t;
  log(`PC1 pushed ${N} in ${s(push)}`);

  const b = await device("B", "pc2");
  t = Date.now();
  await setSync(b, couch, "pc2");
  await b.getByTestId("nav-queue").click();
  await b.waitForFunction(
    (n) => Number((document.querySelector('[data-testid="queue-count"]')?.innerText || "0").replace(/,/g, "")) >= n,
    N,
    { timeout: 30 * 60_000, polling: 200 },
  );
  const first = Date.now() - t;
  await waitSynced(b, 10 * 60_000);
  log(`PC2 first sync ${s(first)}`);

  // Delay from a save on PC1 to the row on PC2's screen.
  await b.getByTestId("nav-queue").click();
  const delays = [];
  const before = { ...a.traffic };
  const reg0 = Date.now();
  for (let i = 0; i < 10; i++) {
    await a.getByTestId("nav-intake").click();
    await a.getByTestId("intake-name").fill(`测试${i}`);
    await a.getByTestId("intake-phone").fill("13812345678");
    await a.getByTestId("intake-category").selectOption("工程质量");
    await a.getByTestId("intake-project").fill(`测试楼盘${i}`);
    await a.getByTestId("intake-content").fill("外墙渗水，装修被泡");
    await a.getByTestId("intake-submit").click();
    const number = (await a.getByTestId("new-number").innerText()).trim();
    const saved = Date.now();
    await b.locator(`[data-testid="queue-row"][data-number="${number}"]`).waitFor({ timeout: 30_000 });
    delays.push(Date.now() - saved);
    a.lastNumber = number;
  }
  await waitSynced(a);
  const regTraffic = { up: a.traffic.up - before.up, down: a.traffic.down - before.down };
  const regSecs = (Date.now() - reg0) / 1000;
  // Ten actions on PC1 (follow-ups on the last complaint).
  const before2 = { ...a.traffic };
  const act0 = Date.now();
  for (let i = 0; i < 10; i++) {
    await a.evaluate((n) => (location.hash = `#/c/${n}`), a.lastNumber);
    await a.getByTestId("action-follow_up").click();
    await a.getByTestId("action-field-note").fill(`第${i + 1}次跟进`);
    await a.getByTestId("action-confirm").click();
    await a.getByTestId("action-form").waitFor({ state: "detached" });
  }
  await waitSynced(a);
  const actTraffic = { up: a.traffic.up - before2.up, down: a.traffic.down - before2.down };
  const actSecs = (Date.now() - act0) / 1000;
  // Idle: one minute of nothing, then scaled to an hour.
  const before3 = { ...b.traffic };
  await b.waitForTimeout(60_000);
  const idle = { up: b.traffic.up - before3.up, down: b.traffic.down - before3.down, requests: b.traffic.requests - before3.requests };
  const perReg = (regTraffic.up + regTraffic.down) / 10;
  const perAct = (actTraffic.up + actTraffic.down) / 10;
  const idleHour = (idle.up + idle.down) * 60;
  // A day: 30 registrations, 200 actions, 9 hours open; each change also comes down once to
  // every other device (counted here for one other PC and the tablet's settings only).
  const day = 30 * perReg * 2 + 200 * perAct * 2 + 9 * idleHour;
  const rows = [
    ["first push of " + N.toLocaleString("en-US") + " complaints (PC1)", s(push), "—"],
    ["first sync of " + N.toLocaleString("en-US") + " onto a new device (PC2)", s(first), "≤ 60 s"],
    ["save on PC1 → row on PC2's screen, median of 10 (slowest)", `${median(delays)} ms (${Math.max(...delays)} ms)`, "≤ 2 s"],
    ["traffic per registration (sent + received by PC1)", kb(perReg), "—"],
    ["traffic per action", kb(perAct), "—"],
    ["traffic per idle hour (long polls)", `${kb(idleHour)} (${idle.requests * 60} requests)`, "—"],
    ["a day's work (30 registrations, 200 actions, 9 h open; both ways)", kb(day), "—"],
  ];
  console.log("| what | figure | budget |\n| --- | --- | --- |");
  for (const r of rows) console.log(`| ${r.join(" | ")} |`);
  log(`(registration loop ${regSecs.toFixed(1)} s, action loop ${actSecs.toFixed(1)} s)`);
} finally {
  for (const p of profiles) await p.remove();
  await server.stop();
  await couch.remove();
  fs.rmSync(dir, { recursive: true, force: true });
}
