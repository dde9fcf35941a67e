// Exchange files as an office uses them (issue 4, first part): a masked export holds no name
// or phone, the NDJSON variant has a header line then one complaint per line, the queue's
// CSV opens in Excel, and two files chosen at once are imported, one of them merging another
// device's edit into a complaint changed here too.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { openDesk } from "./harness.mjs";

async function download(page, testid, dir, name) {
  const [d] = await Promise.all([page.waitForEvent("download"), page.getByTestId(testid).click()]);
  const file = path.join(dir, name);
  await d.saveAs(file);
  return file;
}

describe("exchange files", { timeout: 120_000 }, () => {
  let server, prof, page, number;
  const tmp = path.join(os.tmpdir(), `desk-exchange-${process.pid}`);

  before(async () => {
    await fs.mkdir(tmp, { recursive: true });
    ({ server, prof, page } = await openDesk("SH01", "A"));
    await page.getByTestId("nav-intake").click();
    await page.getByTestId("intake-name").fill("王芳");
    await page.getByTestId("intake-phone").fill("13812345678");
    await page.getByTestId("intake-category").selectOption("工程质量");
    await page.getByTestId("intake-project").fill("滨江华府");
    await page.getByTestId("intake-content").fill("外墙渗水，装修被泡");
    await page.getByTestId("intake-submit").click();
    number = (await page.getByTestId("new-number").innerText()).trim();
  });

  after(async () => {
    await prof.remove();
    await server.stop();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  test("a masked export says so and holds no customer name or phone", async () => {
    await page.getByTestId("nav-exchange").click();
    await page.getByTestId("export-masked").check();
    const file = await download(page, "export-json", tmp, "masked.json");
    const text = await fs.readFile(file, "utf8");
    const json = JSON.parse(text);
    assert.equal(json.masked, true);
    assert.ok(!text.includes("王芳") && !text.includes("13812345678"));
    assert.equal(json.complaints[0].events[0].intake.customer_name, "王*");
    assert.equal(json.complaints[0].events[0].intake.phone, "138****5678");
    await page.getByTestId("export-masked").uncheck();
  });

  test("the NDJSON export is a header line, then one complaint per line", async () => {
    await page.getByTestId("export-ndjson").check();
    const file = await download(page, "export-json", tmp, "all.ndjson");
    const lines = (await fs.readFile(file, "utf8")).trimEnd().split("\n");
    assert.equal(lines.length, 2);
    assert.equal(JSON.parse(lines[0]).format, "complaint-desk-ndjson");
    assert.equal(JSON.parse(lines[1]).number, number);
    await page.getByTestId("export-ndjson").uncheck();
  });

  test("the queue's CSV starts with a BOM and Chinese headers", async () => {
    await page.getByTestId("nav-queue").click();
    await page.locator(`[data-testid="queue-row"][data-number="${number}"]`).waitFor();
    const file = await download(page, "queue-csv", tmp, "queue.csv");
    const bytes = await fs.readFile(file);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = bytes.toString("utf8");
    assert.match(text, /^\uFEFF编号,/);
    assert.ok(text.includes(number));
    assert.ok(text.includes("\r\n"));
  });

  test("two files at once: another device's edit is merged with ours, nothing twice", async () => {
    await page.getByTestId("nav-exchange").click();
    const mine = JSON.parse(await fs.readFile(await download(page, "export-json", tmp, "mine.json"), "utf8"));
    // Device B followed up with the customer, starting from the registration only.
    const theirs = structuredClone(mine);
    delete theirs.checksum;
    theirs.device = "B";
    const reg = theirs.complaints[0].events[0];
    const later = new Date(Date.parse(reg.at) + 3_600_000).toISOString();
    theirs.complaints[0].events.push({
      id: "SH01-B-1-1", at: later, actor: "客服专员", role: "desk", note: "已电话告知客户处理进度", action: "follow_up",
    });
    const theirsFile = path.join(tmp, "theirs.json");
    await fs.writeFile(theirsFile, JSON.stringify(theirs));
    // Meanwhile, here: dispatched.
    await page.goto(`${server.url}#/c/${number}`);
    await page.getByTestId("action-dispatch").click();
    await page.getByTestId("action-field-handler").selectOption("处理人");
    await page.getByTestId("action-confirm").click();
    await page.locator('[data-testid="detail-status"][data-status="dispatched"]').waitFor();

    await page.getByTestId("nav-exchange").click();
    await page.getByTestId("import-file").setInputFiles([theirsFile, path.join(tmp, "mine.json")]);
    const result = page.getByTestId("import-result");
    await result.filter({ hasText: "mine.json" }).waitFor();
    const text = await result.innerText();
    assert.match(text, /theirs\.json）：文件共 1 条，新增 0 条，更新 0 条，合并 1 条（新增 1 条处理记录）/);
    assert.match(text, /mine\.json）：文件共 1 条，新增 0 条，更新 0 条，合并 0 条（新增 0 条处理记录），已存在未变 1 条/);

    await page.goto(`${server.url}#/c/${number}`);
    await page.locator('[data-testid="timeline-event"][data-action="follow_up"]').waitFor();
    assert.equal(await page.getByTestId("timeline-event").count(), 3);
    assert.equal(await page.getByTestId("detail-status").getAttribute("data-status"), "dispatched");
  });

  test("a file from another office adds its complaints; head office sees offices side by side", async () => {
    const mine = await fs.readFile(path.join(tmp, "mine.json"), "utf8");
    const other = JSON.parse(mine.replaceAll("SH01", "BJ02"));
    delete other.checksum;
    const otherFile = path.join(tmp, "bj02.json");
    await fs.writeFile(otherFile, JSON.stringify(other));
    await page.getByTestId("nav-exchange").click();
    await page.getByTestId("import-file").setInputFiles(otherFile);
    await page.getByTestId("import-result").filter({ hasText: "新增 1 条" }).waitFor();

    await page.getByTestId("nav-queue").click();
    await page.locator('[data-testid="queue-count"]', { hasText: /^2$/ }).waitFor();
    await page.getByTestId("filter-office").selectOption("BJ02");
    await page.locator('[data-testid="queue-count"]', { hasText: /^1$/ }).waitFor();
    assert.match(await page.getByTestId("queue-row").getAttribute("data-number"), /^BJ02-A-/);

    await page.getByTestId("nav-dashboard").click();
    const bj = page.locator('[data-testid="office-row"][data-office="BJ02"]');
    await bj.waitFor();
    const exportedAt = other.exported_at.slice(0, 10);
    assert.match(await bj.innerText(), new RegExp(exportedAt));
    await page.locator('[data-testid="office-row"][data-office="SH01"]').waitFor();
  });

  test("files dropped on the import area are imported, with a line per file and a summary", async () => {
    const mine = await fs.readFile(path.join(tmp, "mine.json"), "utf8");
    const texts = ["GZ03", "CD04"].map((code) => {
      const f = JSON.parse(mine.replaceAll("SH01", code));
      delete f.checksum;
      return [`${code}.json`, JSON.stringify(f)];
    });
    await page.getByTestId("nav-exchange").click();
    const dataTransfer = await page.evaluateHandle((files) => {
      const dt = new DataTransfer();
      for (const [name, text] of files) dt.items.add(new File([text], name, { type: "application/json" }));
      return dt;
    }, texts);
    await page.dispatchEvent('[data-testid="import-drop"]', "drop", { dataTransfer });
    const result = page.getByTestId("import-result");
    await result.filter({ hasText: "共 2 个文件：2 个导入完成，0 个未导入" }).waitFor();
    assert.match(await result.innerText(), /GZ03\.json）：文件共 1 条，新增 1 条/);
    assert.match(await result.innerText(), /CD04\.json）：文件共 1 条，新增 1 条/);
    await page.getByTestId("nav-queue").click();
    await page.locator('[data-testid="queue-count"]', { hasText: /^4$/ }).waitFor();
  });
});
