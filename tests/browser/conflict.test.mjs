// Two devices' incompatible actions on one complaint (issue 17): this device cancelled it
// while device B had a plan proposed and approved. Importing B's file keeps both: the
// complaint is marked, the detail page shows both branches, a handler is asked to call a
// manager, the manager resolves it by a new event, and after a reload it stays resolved.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { openDesk, registerComplaint, actAs } from "./harness.mjs";

async function download(page, testid, dir, name) {
  const [d] = await Promise.all([page.waitForEvent("download"), page.getByTestId(testid).click()]);
  const file = path.join(dir, name);
  await d.saveAs(file);
  return file;
}

async function waitStatus(page, code) {
  await page.locator(`[data-testid="detail-status"][data-status="${code}"]`).waitFor();
}

/** Opens an action's form, fills it, confirms, and waits for the new status. */
async function act(page, name, fields, expect) {
  await page.getByTestId(`action-${name}`).click();
  for (const [field, value] of Object.entries(fields)) {
    const input = page.getByTestId(`action-field-${field}`);
    const tag = await input.evaluate((el) => el.tagName);
    if (tag === "SELECT") await input.selectOption(value);
    else await input.fill(value);
  }
  await page.getByTestId("action-confirm").click();
  await waitStatus(page, expect);
}

describe("a conflict between two devices' histories", { timeout: 180_000 }, () => {
  let server, prof, page, number;
  const tmp = path.join(os.tmpdir(), `desk-conflict-${process.pid}`);

  before(async () => {
    await fs.mkdir(tmp, { recursive: true });
    ({ server, prof, page } = await openDesk("SH01", "A"));
    await page.getByTestId("nav-intake").click();
    number = await registerComplaint(page, "卫生间渗水，楼下天花板有水渍");
    await page.goto(`${server.url}#/c/${number}`);
    await act(page, "dispatch", { handler: "处理人" }, "dispatched");
    await act(page, "acknowledge", {}, "acknowledged");
    await act(page, "investigate", { findings: "防水层破损", responsibility: "施工单位" }, "investigating");
  });

  after(async () => {
    await prof.remove();
    await server.stop();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  test("both branches are kept and shown; the manager resolves it by a new event", async () => {
    // What both devices held when they went apart.
    await page.getByTestId("nav-exchange").click();
    const common = JSON.parse(await fs.readFile(await download(page, "export-json", tmp, "common.json"), "utf8"));
    // Device B: a plan proposed and approved, a minute and two after the investigation.
    const theirs = structuredClone(common);
    delete theirs.checksum;
    theirs.device = "B";
    const events = theirs.complaints[0].events;
    const last = Date.parse(events[events.length - 1].at);
    // Office time (+08:00), as the app writes it.
    const at = (min) => new Date(last + min * 60_000 + 8 * 3_600_000).toISOString().replace("Z", "+08:00");
    events.push(
      { id: "SH01-B-1-1", at: at(1), actor: "处理人", role: "handler", note: "", action: "propose", plan: "三日内上门维修防水层", expected_done: "" },
      { id: "SH01-B-2-2", at: at(2), actor: "经理", role: "manager", note: "同意", action: "approve" },
    );
    const theirsFile = path.join(tmp, "theirs.json");
    await fs.writeFile(theirsFile, JSON.stringify(theirs));

    // Here, meanwhile: cancelled.
    await page.goto(`${server.url}#/c/${number}`);
    await act(page, "cancel", { note: "客户撤回投诉" }, "cancelled");
    await page.getByTestId("detail-conflict").waitFor({ state: "detached" });

    await page.getByTestId("nav-exchange").click();
    await page.getByTestId("import-file").setInputFiles(theirsFile);
    const result = page.getByTestId("import-result");
    await result.filter({ hasText: "合并 1 条" }).waitFor();
    assert.match(await result.innerText(), /其中 1 条投诉两台设备的处理互不相容/);

    // The queue row carries the badge.
    await page.getByTestId("nav-queue").click();
    await page.locator(`[data-testid="queue-row"][data-number="${number}"] [data-testid="row-conflict"]`).waitFor();

    // The detail page: the cancellation in effect, B's plan and approval set aside.
    await page.goto(`${server.url}#/c/${number}`);
    const card = page.getByTestId("detail-conflict");
    await card.waitFor();
    await waitStatus(page, "cancelled");
    const applied = await page.getByTestId("conflict-applied").innerText();
    const setAside = await page.getByTestId("conflict-set-aside").innerText();
    assert.match(applied, /作废/);
    assert.match(setAside, /提交方案：三日内上门维修防水层/);
    assert.match(setAside, /批准方案/);
    assert.match(setAside, /经理（经理）/);
    assert.equal(await page.getByTestId("timeline-set-aside").count(), 2);
    await page.locator('[data-testid="timeline-event"][data-action="conflict"]').waitFor();

    // A handler sees the card and is asked to call a manager.
    await actAs(page, "处理人");
    await page.goto(`${server.url}#/c/${number}`);
    await page.getByTestId("conflict-ask-manager").waitFor();
    assert.equal(await page.getByTestId("conflict-use_set_aside").count(), 0);

    // The manager keeps B's plan: the cancellation no longer stands.
    await actAs(page, "经理");
    await page.goto(`${server.url}#/c/${number}`);
    await page.getByTestId("conflict-keep_applied").waitFor();
    await page.getByTestId("conflict-note").fill("与客户核实，继续维修");
    await page.getByTestId("conflict-use_set_aside").click();
    await card.waitFor({ state: "detached" });
    await waitStatus(page, "plan_approved");
    const resolution = page.locator('[data-testid="timeline-event"][data-action="resolve_conflict"]');
    await resolution.waitFor();
    assert.match(await resolution.innerText(), /处理冲突：改用被搁置的处理/);
    assert.match(await resolution.innerText(), /经理（经理）/);
    assert.match(await resolution.innerText(), /与客户核实，继续维修/);
    assert.equal(await page.getByTestId("timeline-set-aside").count(), 1);

    // After a reload it is still resolved, and the queue row has lost its badge.
    await page.reload();
    await waitStatus(page, "plan_approved");
    assert.equal(await page.getByTestId("detail-conflict").count(), 0);
    await page.getByTestId("nav-queue").click();
    const row = page.locator(`[data-testid="queue-row"][data-number="${number}"]`);
    await row.waitFor();
    assert.equal(await row.getByTestId("row-conflict").count(), 0);
  });
});
