// Live sync through a real CouchDB-compatible server (pouchdb-server on 127.0.0.1), with three
// separate browser profiles: two PCs of the office and the show-flat tablet. The tablet's
// registration reaches both PCs within 2 s; both PCs act on one complaint while the server is
// down and all end with the same history; killing the server in the middle of a push of
// 5,000 complaints loses nothing and the next push resumes where it stopped; wrong
// passwords, unreachable servers and servers without CORS get their own message and keep the
// local work.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { serve, profile, setup, openStaffMenu, actAs, PINS, MANAGER } from "./harness.mjs";
import { startCouch, setSync, waitSynced } from "./couch.mjs";

async function register(page, name, content) {
  await page.getByTestId("nav-intake").click();
  await page.getByTestId("intake-name").fill(name);
  await page.getByTestId("intake-phone").fill("13812345678");
  await page.getByTestId("intake-category").selectOption("工程质量");
  await page.getByTestId("intake-project").fill(`${name}所在楼盘`);
  await page.getByTestId("intake-content").fill(content);
  await page.getByTestId("intake-submit").click();
  return (await page.getByTestId("new-number").innerText()).trim();
}

async function act(page, number, action, fields) {
  await page.evaluate((n) => (location.hash = `#/c/${n}`), number);
  await page.getByTestId(`action-${action}`).click();
  for (const [field, value] of Object.entries(fields)) {
    const input = page.getByTestId(`action-field-${field}`);
    if ((await input.evaluate((el) => el.tagName)) === "SELECT") await input.selectOption(value);
    else await input.fill(value);
  }
  await page.getByTestId("action-confirm").click();
  await page.getByTestId("action-form").waitFor({ state: "detached" });
}

/** The complaint `number` as `page` exports it (its JSON text in the export file). */
async function exported(page, number, dir, name) {
  await page.getByTestId("nav-exchange").click();
  const [d] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-json").click()]);
  const file = path.join(dir, name);
  await d.saveAs(file);
  const text = await fs.readFile(file, "utf8");
  // The sync password never leaves the device.
  for (const user of ["pc1", "pc2", "tablet"]) assert.ok(!text.includes(`${user}-pw`), `${name} holds no sync password`);
  const all = JSON.parse(text);
  const c = all.complaints.find((c) => c.number === number);
  assert.ok(c, `${name} holds ${number}`);
  return JSON.stringify(c);
}

const shots = process.env.SCREENSHOTS;
async function shot(page, name) {
  if (!shots) return;
  await fs.mkdir(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

const row = (page, number) => page.locator(`[data-testid="queue-row"][data-number="${number}"]`);

describe("sync through a CouchDB server", { timeout: 600_000 }, () => {
  let couch, server, tmp;
  const devices = {};

  before(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), "desk-sync-"));
    couch = await startCouch();
    server = await serve();
    for (const [name, device, viewport] of [
      ["pc1", "A", undefined],
      ["pc2", "B", undefined],
      ["tablet", "T", { width: 800, height: 1280 }],
    ]) {
      const prof = await profile();
      const { page } = await prof.open(viewport);
      await page.goto(server.url);
      await setup(page, "SH01", device);
      devices[name] = { prof, page };
    }
    const pc1 = devices.pc1.page;
    // The office's projects are set on PC1 and reach the others through sync.
    await pc1.getByTestId("nav-settings").click();
    await pc1.getByTestId("project-name").fill("翠湖天地");
    await pc1.getByTestId("project-buildings").fill("1栋、2栋");
    await pc1.getByTestId("project-add").click();
    await pc1.getByTestId("settings-save").click();
    await pc1.getByTestId("settings-result").filter({ hasText: "设置已保存" }).waitFor();
    await setSync(pc1, couch, "pc1");
    await waitSynced(pc1);
    if (shots) {
      await fs.mkdir(shots, { recursive: true });
      await pc1.getByTestId("sync-settings").screenshot({ path: path.join(shots, "sync-settings-card.png") });
    }
    await setSync(devices.pc2.page, couch, "pc2");
    await waitSynced(devices.pc2.page);
    const tablet = devices.tablet.page;
    await setSync(tablet, couch, "tablet");
    await waitSynced(tablet);
  });

  after(async () => {
    for (const d of Object.values(devices)) await d.prof.remove();
    await server.stop();
    await couch.remove();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  test("the office's settings travel: the tablet gets PC1's projects and starts reception", async () => {
    const tablet = devices.tablet.page;
    await tablet.getByTestId("nav-settings").click();
    await tablet.locator('[data-testid="project-row"][data-name="翠湖天地"]').waitFor({ timeout: 10_000 });
    await openStaffMenu(tablet);
    await tablet.getByTestId("reception-start").click();
    await tablet.getByTestId("reception-form").waitFor();
  });

  test("a complaint registered on the tablet appears on both PCs within 2 s", async () => {
    const tablet = devices.tablet.page;
    for (const pc of [devices.pc1.page, devices.pc2.page]) {
      await pc.getByTestId("nav-queue").click();
    }
    await tablet.getByTestId("reception-name").fill("王女士");
    await tablet.getByTestId("reception-phone").fill("13912345678");
    await tablet.getByTestId("reception-project").selectOption("翠湖天地");
    await tablet.getByTestId("reception-building").selectOption("2栋");
    await tablet.getByTestId("reception-unit").fill("801");
    await tablet.getByTestId("reception-content").fill("样板间的窗户与交付的不一样");
    await tablet.locator('[data-testid="reception-mood"][data-mood="upset"]').click();
    await tablet.getByTestId("reception-consent").check();
    // With a scan of the contract's page: the file travels too.
    await tablet.getByTestId("attach-input").setInputFiles([
      { name: "合同第三页.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n% 合同第三页\n%%EOF\n") },
    ]);
    await tablet.locator('[data-testid="attach"][data-busy="false"]').waitFor();
    await tablet.locator('[data-testid="attach-pending"]').first().waitFor();
    await tablet.getByTestId("reception-submit").click();
    await tablet.getByTestId("reception-thanks").waitFor();
    const saved = Date.now();
    const number = (await tablet.getByTestId("reception-number").innerText()).trim();
    const delays = [];
    await Promise.all(
      [devices.pc1.page, devices.pc2.page].map(async (pc) => {
        await row(pc, number).waitFor({ timeout: 2_000 });
        delays.push(Date.now() - saved);
      }),
    );
    console.log(`sync delay, tablet → PCs: ${delays.map((d) => `${d} ms`).join(", ")}`);
    // The scan is stored on both PCs, byte for byte.
    for (const pc of [devices.pc1.page, devices.pc2.page]) {
      await pc.evaluate((n) => (location.hash = `#/c/${n}`), number);
      const thumb = pc.locator('[data-testid="attachment-thumb"][data-name="合同第三页.pdf"]');
      const hash = await thumb.getAttribute("data-hash");
      const stored = await pc.waitForFunction(
        (h) =>
          new Promise((resolve) => {
            const open = indexedDB.open("complaint-desk");
            open.onsuccess = () => {
              const get = open.result.transaction("files").objectStore("files").get(h);
              get.onsuccess = async () => resolve(get.result ? await get.result.text() : false);
              get.onerror = () => resolve(false);
            };
            open.onerror = () => resolve(false);
          }),
        hash,
        { timeout: 10_000 },
      );
      assert.equal(await stored.jsonValue(), "%PDF-1.4\n% 合同第三页\n%%EOF\n");
      await pc.getByTestId("nav-queue").click();
    }
  });

  test("both PCs act on one complaint while the server is down; then all agree", async () => {
    const [pc1, pc2] = [devices.pc1.page, devices.pc2.page];
    const number = await register(pc1, "李先生", "车库顶棚渗水");
    await row(pc2, number).waitFor({ timeout: 5_000 });
    await couch.stop();
    await act(pc1, number, "dispatch", { handler: "处理人" });
    await act(pc2, number, "follow_up", { note: "已告知客户正在安排处理" });
    // Each PC says it is offline with its action waiting to be sent.
    for (const pc of [pc1, pc2]) {
      await pc.waitForFunction(
        () => {
          const s = document.querySelector('[data-testid="sync-state"]');
          return s && s.dataset.state === "offline" && Number(s.dataset.pending) >= 1;
        },
        null,
        { timeout: 20_000 },
      );
    }
    await shot(pc1, "sync-offline-1366x768");
    await couch.start();
    for (const pc of [pc1, pc2]) await waitSynced(pc, 60_000);
    // A second round trip: whoever pushed first has pulled the other's union by now.
    await pc1.waitForTimeout(1_500);
    for (const pc of [pc1, pc2]) await waitSynced(pc, 60_000);
    const a = await exported(pc1, number, tmp, "pc1.json");
    const b = await exported(pc2, number, tmp, "pc2.json");
    assert.equal(a, b, "both PCs hold the same history, byte for byte");
    const onServer = (await couch.request("GET", `/${couch.db}/${encodeURIComponent(`c:${number}`)}`)).json;
    const history = (c) => JSON.stringify({ number: c.number, office: c.office, events: c.events });
    assert.equal(history(onServer.complaint), history(JSON.parse(a)), "and so does the server");
    const actions = JSON.parse(a).events.map((e) => e.action);
    assert.deepEqual(actions.slice().sort(), ["dispatch", "follow_up", "register"]);
  });

  test("an incompatible pair of actions is kept and flagged on both PCs, then resolved once", async () => {
    const [pc1, pc2] = [devices.pc1.page, devices.pc2.page];
    const number = await register(pc1, "周先生", "地下室返潮");
    await pc2.getByTestId("nav-queue").click();
    await row(pc2, number).waitFor({ timeout: 5_000 });
    await couch.stop();
    // Both desks dispatch the same complaint while apart: the second dispatch cannot follow
    // the first.
    await act(pc1, number, "dispatch", { handler: "处理人" });
    await act(pc2, number, "dispatch", { handler: "处理人" });
    await couch.start();
    for (const pc of [pc1, pc2]) await waitSynced(pc, 60_000);
    await pc1.waitForTimeout(1_500);
    for (const pc of [pc1, pc2]) await waitSynced(pc, 60_000);
    for (const pc of [pc1, pc2]) {
      await pc.evaluate((n) => (location.hash = `#/c/${n}`), number);
      await pc.getByTestId("detail-conflict").waitFor({ timeout: 10_000 });
      assert.equal(await pc.getByTestId("conflict-set-aside").locator('[data-testid="conflict-event"]').count(), 1);
    }
    const a = await exported(pc1, number, tmp, "pc1-conflict.json");
    const b = await exported(pc2, number, tmp, "pc2-conflict.json");
    assert.equal(a, b, "both PCs keep the same history, both dispatches in it");
    const actions = JSON.parse(a).events.map((e) => e.action);
    assert.deepEqual(actions.filter((x) => x === "dispatch").length, 2, "nothing is dropped");
    // The manager on PC1 keeps what is in effect; PC2 sees it resolved.
    await pc1.evaluate((n) => (location.hash = `#/c/${n}`), number);
    await pc1.getByTestId("conflict-keep_applied").click();
    await pc1.getByTestId("detail-conflict").waitFor({ state: "detached" });
    await pc2.evaluate((n) => (location.hash = `#/c/${n}`), number);
    await pc2.getByTestId("detail-conflict").waitFor({ state: "detached", timeout: 10_000 });
  });

  test("killing the server in the middle of a push of 5,000 loses nothing; the push resumes", async () => {
    const pc2 = devices.pc2.page;
    await pc2.getByTestId("nav-settings").click();
    await pc2.getByTestId("synth-count").fill("5000");
    const before = (await couch.request("GET", `/${couch.db}`)).json.doc_count;
    await pc2.getByTestId("synth-run").click();
    // Kill the server once the push is under way: some batches are sent, the rest wait.
    await pc2.waitForFunction(
      () => {
        const s = document.querySelector('[data-testid="sync-state"]');
        const n = s ? Number(s.dataset.pending) : 0;
        return n > 0 && n < 4500;
      },
      null,
      { timeout: 120_000, polling: 20 },
    );
    await couch.stop();
    const state = pc2.locator('[data-testid="sync-state"][data-state="offline"]');
    await state.waitFor({ timeout: 30_000 });
    // The outbox is read again after the failed request: what was sent is off it.
    await pc2.waitForTimeout(500);
    const waiting = Number(await state.getAttribute("data-pending"));
    assert.ok(waiting > 0 && waiting < 5000, `part was sent before the kill (${waiting} waiting)`);
    await couch.start();
    const onServer = (await couch.request("GET", `/${couch.db}`)).json.doc_count;
    assert.ok(onServer > before, "what was sent before the kill is on the server");
    await waitSynced(pc2, 240_000);
    const after = (await couch.request("GET", `/${couch.db}`)).json;
    assert.equal(after.doc_count, before + 5000, "every complaint is on the server, once");
    // Nothing was sent twice: a complaint written again on the server (revision 2 or later)
    // holds events its first revision did not (the escalation check's), never the same copy.
    const all = (await couch.request("GET", `/${couch.db}/_all_docs?startkey=%22c%3ASH01-SIM%22&endkey=%22c%3ASH01-SIM%EF%BF%B0%22`)).json;
    assert.equal(all.rows.length, 5000);
    for (const r of all.rows.filter((r) => !r.value.rev.startsWith("1-"))) {
      const id = encodeURIComponent(r.id);
      const info = (await couch.request("GET", `/${couch.db}/${id}?revs_info=true`)).json;
      const revs = info._revs_info.map((x) => x.rev);
      const [now, prev] = await Promise.all(
        revs.slice(0, 2).map(async (rev) => (await couch.request("GET", `/${couch.db}/${id}?rev=${rev}`)).json),
      );
      assert.notEqual(JSON.stringify(now.complaint.events), JSON.stringify(prev.complaint.events), `${r.id} was sent again unchanged`);
    }
    console.log(`push of 5,000: ${waiting} waited when the server was killed`);
    // And PC1 has them all.
    const pc1 = devices.pc1.page;
    await waitSynced(pc1, 240_000);
    await pc1.getByTestId("nav-queue").click();
    await pc1.locator('[data-testid="queue-count"]').filter({ hasText: /5,?00[2-9]/ }).waitFor({ timeout: 120_000 });
  });

  test("a wrong password, an unreachable server and a server without CORS get their message; local work stays", async () => {
    const pc2 = devices.pc2.page;
    await pc2.getByTestId("nav-settings").click();
    const result = pc2.getByTestId("sync-test-result");
    const test = async (url, user, password, text) => {
      await pc2.getByTestId("sync-url").fill(url);
      await pc2.getByTestId("sync-user").fill(user);
      await pc2.getByTestId("sync-password").fill(password);
      await pc2.getByTestId("sync-test").click();
      await result.filter({ hasText: text }).waitFor({ timeout: 20_000 });
    };
    await test(couch.dbUrl, "pc2", "wrong", "同步用户名或密码不正确");
    await test(`${couch.url}/nosuchdb`, "pc2", couch.password("pc2"), "服务器上没有这个数据库");
    await test("http://127.0.0.1:9/sh01", "pc2", "x", "无法连接同步服务器");
    const other = await serve();
    try {
      await test(`${other.url}sh01`, "pc2", "x", "没有允许本应用的网址访问");
    } finally {
      await other.stop();
    }
    await test(`${server.url}sh01`, "pc2", "x", "该地址不是同步数据库服务器");
    await test("ftp://example/sh01", "pc2", "x", "服务器地址须以 https:// 开头");
    // Saving the wrong password: the header says why, and work goes on locally.
    await pc2.getByTestId("sync-url").fill(couch.dbUrl);
    await pc2.getByTestId("sync-password").fill("wrong");
    await pc2.getByTestId("sync-save").click();
    await pc2.locator('[data-testid="sync-state"][data-state="error"]', { hasText: "用户名或密码不正确" }).waitFor({ timeout: 20_000 });
    const number = await register(pc2, "赵女士", "门窗密封条脱落");
    await pc2.getByTestId("nav-queue").click();
    await row(pc2, number).waitFor();
    // It waits in the outbox, counted in the header.
    await pc2.waitForFunction(
      () => Number(document.querySelector('[data-testid="sync-state"]')?.dataset.pending) >= 1,
      null,
      { timeout: 10_000 },
    );
    // The right password again: what waited goes out.
    await setSync(pc2, couch, "pc2");
    await waitSynced(pc2, 60_000);
    await row(devices.pc1.page, number).waitFor({ timeout: 60_000 });
  });
});
