// After-sales service as a sales office runs it (issue 12): import the buyer list (as Chinese
// Excel saves it, GBK), refuse a file with a bad row, work the callback worklist (a retry, a
// score, a complaint heard and registered from the callback), hand a leaving salesperson's
// buyers to a colleague (chosen ones, then the rest), and find everything after a reload.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { openDesk } from "./harness.mjs";

// GBK bytes of the Chinese texts of the list, from a GBK encoder outside the app (Node has
// none): the file is put together from these and ASCII.
const GBK = {
  "客户姓名,联系电话,楼盘,楼栋,房号,签约日期,交房日期,置业顾问":
    "bfcdbba7d0d5c3fb2cc1aacfb5b5e7bbb02cc2a5c5cc2cc2a5b6b02cb7bfbac52cc7a9d4bcc8d5c6da2cbdbbb7bfc8d5c6da2cd6c3d2b5b9cbceca",
  王芳: "cdf5b7bc",
  李雷: "c0eec0d7",
  韩梅: "baabc3b7",
  赵强: "d5d4c7bf",
  钱七: "c7aec6df",
  江南府: "bdadc4cfb8ae",
  "1栋": "31b6b0",
  "2栋": "32b6b0",
  "3栋": "33b6b0",
  张销售: "d5c5cffacadb",
  李销售: "c0eecffacadb",
};

function gbkFile(rows) {
  const cell = (t) => (GBK[t] ? Buffer.from(GBK[t], "hex") : Buffer.from(t, "ascii"));
  const parts = [];
  for (const row of rows) {
    row.forEach((t, i) => {
      if (i > 0) parts.push(Buffer.from(","));
      parts.push(cell(t));
    });
    parts.push(Buffer.from("\r\n"));
  }
  return Buffer.concat(parts);
}

/** Today in Shanghai as YYYY-MM-DD. */
function today() {
  return new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(new Date());
}

const TODAY = today();
const MONTH = TODAY.slice(0, 7);
const FIRST = `${MONTH}-01`;

const LIST = [
  ["客户姓名,联系电话,楼盘,楼栋,房号,签约日期,交房日期,置业顾问"],
  ["王芳", "13800001111", "江南府", "1栋", "1203", FIRST, "", "张销售"],
  ["李雷", "13900002222", "江南府", "2栋", "801", FIRST, "", "张销售"],
  ["韩梅", "13700003333", "江南府", "2栋", "802", FIRST, "", "李销售"],
  // Handed over today: the month's only handover, so the sample (ceil 30% of 1) is him.
  ["赵强", "13600004444", "江南府", "3栋", "301", "2025-06-01", TODAY, "张销售"],
  // Handed over long ago: his after-sales period is over.
  ["钱七", "13500005555", "江南府", "3栋", "302", "2025-01-10", "2025-12-31", "张销售"],
];

describe("after-sales buyers", { timeout: 240_000 }, () => {
  let server, prof, page;
  const tmp = path.join(os.tmpdir(), `desk-buyers-${process.pid}`);
  const row = (name) => page.getByTestId("buyer-row").filter({ hasText: name });
  const callback = (name, kind) =>
    page.locator(`[data-testid="callback-row"][data-kind="${kind}"]`).filter({ hasText: name });

  before(async () => {
    await fs.mkdir(tmp, { recursive: true });
    await fs.writeFile(path.join(tmp, "buyers-gbk.csv"), gbkFile(LIST.map((r) => (r.length === 1 ? [r[0]] : r))));
    await fs.writeFile(
      path.join(tmp, "bad.csv"),
      "\ufeff姓名,电话,项目,楼栋,房号,签约日期,交房日期,销售顾问\n新客户,13300006666,江南府,5栋,501,2026-02-30,,张销售\n",
    );
    ({ server, prof, page } = await openDesk("SH01", "A"));
    // The salespeople on the staff list.
    await page.getByTestId("nav-settings").click();
    for (const name of ["张销售", "李销售"]) {
      await page.getByTestId("staff-name").fill(name);
      await page.getByTestId("staff-role").selectOption("handler");
      await page.getByTestId("staff-add").click();
    }
    await page.getByTestId("settings-save").click();
    await page.getByTestId("settings-result").filter({ hasText: "已保存" }).waitFor();
  });

  after(async () => {
    await prof.remove();
    await server.stop();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  test("a GBK buyer list is previewed, then imported; importing it again adds nothing", async () => {
    await page.getByTestId("nav-buyers").click();
    await page.getByTestId("buyer-import-file").setInputFiles(path.join(tmp, "buyers-gbk.csv"));
    const preview = page.getByTestId("buyer-import-preview");
    await preview.filter({ hasText: "新增 5 位" }).waitFor();
    assert.match(await preview.innerText(), /王芳/);
    assert.equal(await page.getByTestId("buyer-row").count(), 0, "nothing written before the confirm");
    await page.getByTestId("buyer-import-confirm").click();
    await page.getByTestId("buyer-import-result").filter({ hasText: "新增 5 位" }).waitFor();
    await page.getByTestId("buyer-row").nth(4).waitFor();
    assert.equal(await page.getByTestId("buyer-row").count(), 5);
    assert.match(await row("钱七").innerText(), /服务期已结束/);

    await page.getByTestId("buyer-import-file").setInputFiles(path.join(tmp, "buyers-gbk.csv"));
    await preview.filter({ hasText: "已有未变 5 位" }).waitFor();
    await page.getByTestId("buyer-import-confirm").click();
    await page.getByTestId("buyer-import-result").filter({ hasText: "新增 0 位" }).waitFor();
    assert.equal(await page.getByTestId("buyer-row").count(), 5);

    await page.getByTestId("buyer-search").fill("13900002222");
    assert.equal(await page.getByTestId("buyer-row").count(), 1);
    assert.match(await page.getByTestId("buyer-row").innerText(), /李雷/);
    await page.getByTestId("buyer-search").fill("");
  });

  test("a file with a bad row is refused whole, naming the row and the reason", async () => {
    await page.getByTestId("buyer-import-file").setInputFiles(path.join(tmp, "bad.csv"));
    const result = page.getByTestId("buyer-import-result");
    await result.filter({ hasText: "第 2 行" }).waitFor();
    assert.match(await result.innerText(), /第 2 行（新客户）：签约日期 2026-02-30 不是有效的日期/);
    assert.equal(await page.getByTestId("buyer-import-preview").count(), 0);
    assert.equal(await page.getByTestId("buyer-row").count(), 5);
  });

  test("the callback worklist: a retry, a score, and the month's quotas", async () => {
    await page.getByTestId("nav-callbacks").click();
    await page.getByTestId("quota-month").fill(MONTH);
    await page.getByTestId("quota-signing").filter({ hasText: "0/3" }).waitFor();
    assert.equal(await page.getByTestId("quota-handover").innerText(), "0/1");
    assert.equal(await page.locator('[data-testid="callback-row"][data-kind="signing"]').count(), 3);
    assert.equal(await callback("赵强", "handover").count(), 1);

    // Not reached: stays due, one attempt counted.
    await callback("王芳", "signing").getByTestId("callback-open").click();
    await page.getByTestId("callback-reached").uncheck();
    await page.getByTestId("callback-save").click();
    await callback("王芳", "signing").filter({ hasText: "未接通 1 次" }).waitFor();
    assert.notEqual(await callback("王芳", "signing").getAttribute("data-state"), "done");
    // Reached, score 4.
    await callback("王芳", "signing").getByTestId("callback-open").click();
    await page.getByTestId("callback-score").selectOption("4");
    await page.getByTestId("callback-praise").fill("销售顾问服务周到");
    await page.getByTestId("callback-save").click();
    await page.locator('[data-testid="callback-row"][data-state="done"]').filter({ hasText: "王芳" }).waitFor();
    await page.getByTestId("quota-signing").filter({ hasText: "1/3" }).waitFor();
    assert.equal(await page.getByTestId("quota-score").innerText(), "4.00");
  });

  test("a complaint heard in a callback opens the intake form filled from the buyer, linked both ways", async () => {
    await callback("李雷", "signing").getByTestId("callback-open").click();
    await page.getByTestId("callback-score").selectOption("2");
    await page.getByTestId("callback-grievance").fill("客厅墙面开裂");
    await page.getByTestId("callback-save").click();
    await page.getByTestId("callback-complaint").click();
    await page.getByTestId("intake-buyer").waitFor();
    assert.equal(await page.getByTestId("intake-name").inputValue(), "李雷");
    assert.equal(await page.getByTestId("intake-phone").inputValue(), "13900002222");
    assert.equal(await page.getByTestId("intake-unit").inputValue(), "801");
    await page.getByTestId("intake-category").selectOption("工程质量");
    await page.getByTestId("intake-content").fill("回访中反映：客厅墙面开裂");
    await page.getByTestId("intake-submit").click();
    const number = (await page.getByTestId("new-number").innerText()).trim();
    assert.match(number, /^SH01-A-\d{8}-\d{4}$/);

    await page.getByTestId("nav-callbacks").click();
    await page.getByTestId("quota-month").fill(MONTH);
    await page.getByTestId("quota-complaints").filter({ hasText: "1" }).waitFor();
    assert.equal(await page.getByTestId("quota-signing").innerText(), "2/3");

    // The buyer's record lists the complaint; the intake can also pick a buyer by search.
    await page.getByTestId("nav-buyers").click();
    await row("李雷").getByRole("link").click();
    await page.getByTestId("buyer-complaints").getByText(number).waitFor();
    await page.getByTestId("nav-intake").click();
    await page.getByTestId("intake-buyer-search").fill("1203");
    await page.getByTestId("intake-buyer-option").click();
    assert.equal(await page.getByTestId("intake-name").inputValue(), "王芳");
  });

  test("a leaving salesperson's buyers are handed over: chosen ones, then all the rest", async () => {
    await page.getByTestId("nav-buyers").click();
    await page.getByTestId("buyers-reassign").click();
    await page.getByTestId("reassign-from").selectOption("张销售");
    assert.equal(await page.getByTestId("buyer-row").count(), 4, "张销售's buyers");
    await row("王芳").getByTestId("buyer-pick").check();
    await page.getByTestId("reassign-to").selectOption("李销售");
    await page.getByTestId("reassign-confirm").click();
    await page.getByTestId("reassign-result").filter({ hasText: "已将 1 位客户移交给 李销售" }).waitFor();
    // Only the salesperson chosen: all of their buyers still in service.
    await page.getByTestId("reassign-from").selectOption("张销售");
    await page.getByTestId("reassign-confirm").click();
    await page.getByTestId("reassign-result").filter({ hasText: "已将 2 位客户移交给 李销售" }).waitFor();
    assert.match(await page.getByTestId("reassign-result").innerText(), /另有 1 位售后服务期已结束/);

    await page.getByTestId("nav-callbacks").click();
    await page.getByTestId("quota-month").fill(MONTH);
    await callback("王芳", "handover_task").waitFor();
    assert.equal(await page.locator('[data-testid="callback-row"][data-kind="handover_task"]').count(), 3);
    await callback("赵强", "handover_task").getByTestId("callback-introduced").click();
    await page.locator('[data-testid="callback-row"][data-kind="handover_task"]').nth(2).waitFor({ state: "detached" });
    assert.equal(await page.locator('[data-testid="callback-row"][data-kind="handover_task"]').count(), 2);
  });

  test("after a reload everything is still there", async () => {
    await page.reload();
    await page.getByTestId("nav-buyers").click();
    await page.getByTestId("buyer-row").nth(4).waitFor();
    assert.equal(await page.getByTestId("buyer-row").count(), 5);
    assert.match(await row("王芳").innerText(), /李销售/);
    assert.match(await row("钱七").innerText(), /张销售/);
    await row("王芳").getByRole("link").click();
    const owners = page.getByTestId("buyer-ownership").locator("tbody tr");
    await owners.nth(1).waitFor();
    assert.match(await owners.nth(0).innerText(), /张销售/);
    assert.match(await owners.nth(1).innerText(), /李销售\s+\d{4}-\d{2}-\d{2}\s+至今/);
    assert.match(await page.getByTestId("buyer-log").innerText(), /满意度 4 分/);

    await page.getByTestId("nav-callbacks").click();
    await page.getByTestId("quota-month").fill(MONTH);
    await page.getByTestId("quota-signing").filter({ hasText: "2/3" }).waitFor();
    assert.equal(await page.getByTestId("quota-complaints").innerText(), "1");
    assert.equal(await page.locator('[data-testid="callback-row"][data-kind="handover_task"]').count(), 2);
  });
});
