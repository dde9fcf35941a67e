// What a new user does, end to end, in headless Chromium against the release bundle:
// set up, register (with a rejected form first), find it in the queue, walk it to archived,
// reload and restart the browser, export, clear, import, reject a bad file, go offline.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { serve, actAs, openDesk } from "./harness.mjs";

const status = (page) => page.getByTestId("detail-status").getAttribute("data-status");

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

describe("the complaint desk, as a new user uses it", { timeout: 120_000 }, () => {
  let server, prof, page, number;
  const tmp = path.join(os.tmpdir(), `desk-e2e-${process.pid}`);

  before(async () => {
    await fs.mkdir(tmp, { recursive: true });
    ({ server, prof, page } = await openDesk("SH01", "A"));
  });

  after(async () => {
    await prof.remove();
    await server.stop();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  test("a rejected form shows messages next to the fields, keeps what was typed, saves nothing", async () => {
    await page.getByTestId("nav-intake").click();
    await page.getByTestId("intake-name").fill("王芳");
    await page.getByTestId("intake-phone").fill("12345");
    await page.getByTestId("intake-submit").click();
    await assert.doesNotReject(page.getByTestId("error-phone").filter({ hasText: "电话格式不正确" }).waitFor());
    assert.match(await page.getByTestId("error-content").innerText(), /请填写投诉内容/);
    assert.match(await page.getByTestId("error-category").innerText(), /请选择类别/);
    assert.equal(await page.getByTestId("error-name").innerText(), "");
    assert.equal(await page.getByTestId("intake-name").inputValue(), "王芳");
    assert.equal(await page.getByTestId("intake-phone").inputValue(), "12345");
    await page.getByTestId("nav-queue").click();
    assert.equal(await page.getByTestId("queue-count").innerText(), "0");
  });

  test("registering shows the new number, and the queue finds it", async () => {
    await page.getByTestId("nav-intake").click();
    await page.getByTestId("intake-name").fill("王芳");
    await page.getByTestId("intake-phone").fill("13812345678");
    await page.getByTestId("intake-channel").selectOption("onsite");
    await page.getByTestId("intake-category").selectOption("工程质量");
    await page.getByTestId("intake-project").fill("滨江华府");
    await page.getByTestId("intake-building").fill("3栋");
    await page.getByTestId("intake-unit").fill("1202");
    await page.getByTestId("intake-content").fill("卫生间渗水 <script>alert(1)</script>，楼下天花板有水渍");
    await page.getByTestId("intake-submit").click();
    number = (await page.getByTestId("new-number").innerText()).trim();
    assert.match(number, /^SH01-A-\d{8}-0001$/);
    // The form is cleared for the next registration.
    assert.equal(await page.getByTestId("intake-name").inputValue(), "");

    await page.getByTestId("nav-queue").click();
    await page.locator(`[data-testid="queue-row"][data-number="${number}"]`).waitFor();
    await page.getByTestId("queue-search").fill("13812345678");
    await page.locator('[data-testid="queue-count"]', { hasText: /^1$/ }).waitFor();
    await page.getByTestId("queue-search").fill("1202");
    await page.locator('[data-testid="queue-count"]', { hasText: /^1$/ }).waitFor();
    await page.getByTestId("queue-search").fill("不存在的内容");
    await page.locator('[data-testid="queue-count"]', { hasText: /^0$/ }).waitFor();
    assert.equal(await page.getByTestId("queue-row").count(), 0);
    await page.getByTestId("queue-search").fill("");
    await page.locator('[data-testid="queue-count"]', { hasText: /^1$/ }).waitFor();
  });

  test("the detail page offers only what the status allows and walks to archived", async () => {
    await page.locator(`[data-testid="queue-row"][data-number="${number}"]`).click();
    await waitStatus(page, "registered");
    // The script typed into the content is shown as text, never run.
    assert.match(await page.locator(".item .value", { hasText: "卫生间渗水" }).innerText(), /<script>/);
    assert.equal(await page.getByTestId("action-approve").count(), 0);
    assert.equal(await page.getByTestId("action-archive").count(), 0);

    await act(page, "dispatch", { handler: "处理人" }, "dispatched");
    await act(page, "acknowledge", {}, "acknowledged");
    await act(page, "investigate", { findings: "防水层破损", responsibility: "施工单位" }, "investigating");
    await act(page, "propose", { plan: "三日内上门维修" }, "plan_proposed");

    // The desk may not approve a plan: refused with a reason, nothing changes.
    await actAs(page, "客服专员");
    await page.getByTestId("action-approve").click();
    await page.getByTestId("action-confirm").click();
    await page.getByTestId("action-error").filter({ hasText: "需要以下角色之一" }).waitFor();
    assert.equal(await status(page), "plan_proposed");
    await page.getByTestId("action-cancel").click();

    await actAs(page, "经理");
    await act(page, "approve", {}, "plan_approved");
    await actAs(page, "处理人");
    await act(page, "carry_out", { result: "已维修完毕" }, "carried_out");
    await act(page, "answer", { reply: "已电话告知客户" }, "answered");
    await actAs(page, "客服专员");
    await act(page, "callback", { score: "4" }, "called_back");
    await act(page, "archive", {}, "archived");
    assert.equal(await page.getByTestId("timeline-event").count(), 10);
    assert.equal(await page.getByTestId("action-archive").count(), 0);
    await page.getByTestId("action-reopen").waitFor();
  });

  test("everything is still there after a reload and after a browser restart", async () => {
    await page.reload();
    await waitStatus(page, "archived");
    assert.equal(await page.getByTestId("timeline-event").count(), 10);
    await prof.close();
    ({ page } = await prof.open());
    await page.goto(`${server.url}#/c/${number}`);
    await waitStatus(page, "archived");
    await page.getByTestId("nav-queue").click();
    await page.locator('[data-testid="queue-count"]', { hasText: /^1$/ }).waitFor();
  });

  test("export, clear, import gives everything back; a bad file writes nothing", async () => {
    await page.getByTestId("nav-exchange").click();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("export-json").click(),
    ]);
    const file = path.join(tmp, "export.json");
    await download.saveAs(file);
    const exported = JSON.parse(await fs.readFile(file, "utf8"));
    assert.equal(exported.format, "complaint-desk-export");
    assert.equal(exported.version, 2);
    assert.equal(exported.office, "SH01");
    assert.equal(exported.complaints.length, 1);
    assert.equal(exported.complaints[0].number, number);
    assert.equal(exported.complaints[0].events.length, 10);
    assert.equal(exported.complaints[0].derived.status, "archived");

    await page.getByTestId("clear-data").click();
    await page.getByTestId("clear-confirm").click();
    await page.getByTestId("import-result").filter({ hasText: "已清空" }).waitFor();
    await page.getByTestId("nav-queue").click();
    await page.locator('[data-testid="queue-count"]', { hasText: /^0$/ }).waitFor();

    await page.getByTestId("nav-exchange").click();
    await page.getByTestId("import-file").setInputFiles(file);
    await page.getByTestId("import-result").filter({ hasText: "新增 1 条" }).waitFor();
    await page.getByTestId("nav-queue").click();
    await page.locator(`[data-testid="queue-row"][data-number="${number}"]`).click();
    await waitStatus(page, "archived");
    assert.equal(await page.getByTestId("timeline-event").count(), 10);

    // Importing the same file again adds nothing.
    await page.getByTestId("nav-exchange").click();
    await page.getByTestId("import-file").setInputFiles(file);
    await page.getByTestId("import-result").filter({ hasText: "新增 0 条" }).waitFor();

    // A truncated file and a file of another version are refused in Chinese; nothing is written.
    const text = await fs.readFile(file, "utf8");
    const truncated = path.join(tmp, "truncated.json");
    await fs.writeFile(truncated, text.slice(0, Math.floor(text.length / 2)));
    await page.getByTestId("import-file").setInputFiles(truncated);
    await page.getByTestId("import-result").filter({ hasText: "未写入任何数据" }).waitFor();
    assert.match(await page.getByTestId("import-result").innerText(), /意外结束.*文件可能不完整/);
    const future = path.join(tmp, "future.json");
    await fs.writeFile(future, JSON.stringify({ ...exported, version: 99, complaints: [] }));
    await page.getByTestId("import-file").setInputFiles(future);
    await page.getByTestId("import-result").filter({ hasText: "版本 99 不受支持" }).waitFor();
    await page.getByTestId("nav-queue").click();
    await page.locator('[data-testid="queue-count"]', { hasText: /^1$/ }).waitFor();
  });

  test("with the server stopped the app still loads, and a new complaint can be registered", async () => {
    await page.evaluate(() =>
      Promise.race([
        navigator.serviceWorker.ready,
        new Promise((_, reject) => setTimeout(() => reject(new Error("service worker not ready")), 20000)),
      ])
    );
    // Make sure this page is controlled by the worker, then take the network away.
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    const port = server.port;
    await server.stop();
    await page.goto(`http://127.0.0.1:${port}/#/intake`);
    await page.getByTestId("intake-form").waitFor();
    await page.getByTestId("intake-name").fill("李强");
    await page.getByTestId("intake-phone").fill("021-62345678");
    await page.getByTestId("intake-category").selectOption("销售管理");
    await page.getByTestId("intake-project").fill("御景湾");
    await page.getByTestId("intake-content").fill("置业顾问承诺的车位优惠没有兑现");
    await page.getByTestId("intake-submit").click();
    const second = (await page.getByTestId("new-number").innerText()).trim();
    assert.match(second, /^SH01-A-\d{8}-0002$/);
    // A deep link works offline too.
    await page.goto(`http://127.0.0.1:${port}/#/c/${second}`);
    await waitStatus(page, "registered");
    server = await serve(port);
  });
});
