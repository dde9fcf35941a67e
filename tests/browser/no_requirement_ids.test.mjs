// No requirement id (R-01..R-33) on any screen or print (issue 9): every screen is opened
// with data in it (an escalated old complaint, two new ones from one customer, a
// work-contact sheet, refusals of bad input) and its text, on screen and in print media, is
// searched for /R-\d{2}/. The host test tests/host/layout/requirement_ids.rs checks the sources.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {
  serve,
  profile,
  setup,
  importFile,
  registerComplaint,
  oldComplaintFile,
  OLD_NUMBER,
} from "./harness.mjs";

/** Where the page shows a requirement id: its text (shown and hidden), title and attributes. */
function idsShown(page) {
  return page.evaluate(() => {
    const re = /R-\d{2}/g;
    const found = [];
    const look = (where, text) => {
      for (const m of (text || "").matchAll(re)) {
        found.push(`${where}: …${text.slice(Math.max(0, m.index - 20), m.index + 24)}…`);
      }
    };
    look("text", document.body.innerText);
    // Hidden text too (print-only parts, closed panels), without scripts and styles.
    const clone = document.body.cloneNode(true);
    clone.querySelectorAll("script, style, template").forEach((e) => e.remove());
    look("hidden text", clone.textContent);
    look("document title", document.title);
    for (const el of document.querySelectorAll("[title], [placeholder], [aria-label], [alt]")) {
      for (const a of ["title", "placeholder", "aria-label", "alt"]) {
        if (el.hasAttribute(a)) look(`${el.tagName.toLowerCase()}[${a}]`, el.getAttribute(a));
      }
    }
    return found;
  });
}

/** Asserts that `screen` shows no requirement id, on screen and as printed. */
async function assertNoIds(page, screen) {
  assert.deepEqual(await idsShown(page), [], `${screen}: requirement ids on screen`);
  await page.emulateMedia({ media: "print" });
  try {
    assert.deepEqual(await idsShown(page), [], `${screen}: requirement ids on paper`);
  } finally {
    await page.emulateMedia({ media: "screen" });
  }
}

describe("no requirement id on any screen or print", { timeout: 180_000 }, () => {
  let server, prof, page, first, second;
  const tmp = path.join(os.tmpdir(), `desk-no-ids-${process.pid}`);

  before(async () => {
    await fs.mkdir(tmp, { recursive: true });
    server = await serve();
    prof = await profile();
    ({ page } = await prof.open());
  });

  after(async () => {
    await prof.remove();
    await server.stop();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  test("the first-run setup screen", async () => {
    await page.goto(server.url);
    await page.getByTestId("setup-office").waitFor();
    await page.getByTestId("setup-save").click(); // refused: the codes are missing
    await page.getByTestId("setup-error").filter({ hasText: /\S/ }).waitFor();
    await assertNoIds(page, "setup");
    await setup(page, "SH01", "A");
  });

  test("the exchange screen, with an import and a refused file", async () => {
    const file = path.join(tmp, "old.json");
    await fs.writeFile(file, JSON.stringify(oldComplaintFile()));
    await importFile(page, file, 1);
    await assertNoIds(page, "exchange after an import");
    const future = path.join(tmp, "future.json");
    await fs.writeFile(future, JSON.stringify({ ...oldComplaintFile(), version: 99 }));
    await page.getByTestId("import-file").setInputFiles(future);
    await page.getByTestId("import-result").filter({ hasText: "未写入任何数据" }).waitFor();
    await assertNoIds(page, "exchange after a refused file");
  });

  test("the intake form: empty, with major facts, refused, and registered", async () => {
    await page.getByTestId("nav-intake").click();
    await page.getByTestId("intake-form").waitFor();
    await assertNoIds(page, "intake");
    await page.getByTestId("intake-submit").click();
    await page.getByTestId("error-content").filter({ hasText: "请填写投诉内容" }).waitFor();
    await assertNoIds(page, "intake with errors");

    const major = async () => {
      await page.getByTestId("intake-media").check();
      await page.getByTestId("intake-lawsuit").check();
      await page.getByTestId("intake-suggestion").filter({ hasText: "媒体曝光" }).waitFor();
      await assertNoIds(page, "intake with a major suggestion");
      await page.getByTestId("intake-severity").selectOption("major");
    };
    const register = async (content, facts, before = "") => {
      const number = await registerComplaint(page, content, before, facts);
      assert.match(number, /^SH01-A-\d{8}-\d{4}$/);
      return number;
    };
    first = await register("卫生间渗水，楼下天花板有水渍", null);
    await assertNoIds(page, "intake after registering");
    second = await register("渗水仍未修好，已联系媒体", major, first);
  });

  test("the start screen and the queue", async () => {
    await page.getByTestId("nav-today").click();
    await page.locator('[data-testid="today-overdue"]', { hasText: /^1$/ }).waitFor();
    await assertNoIds(page, "start screen");
    await page.getByTestId("nav-queue").click();
    await page.locator('[data-testid="queue-count"]', { hasText: /^3$/ }).waitFor();
    await assertNoIds(page, "queue");
  });

  test("a complaint's detail, an action form, its registration form and a work-contact sheet", async () => {
    await page.goto(`${server.url}#/c/${OLD_NUMBER}`);
    await page.getByTestId("detail-escalation").waitFor();
    await page.locator('[data-testid="timeline-event"][data-action="escalate"]').first().waitFor();
    await assertNoIds(page, "detail of an escalated complaint");

    await page.goto(`${server.url}#/c/${second}`);
    await page.getByTestId("detail-status").waitFor();
    await page.getByTestId("action-issue_sheet").click();
    await page.getByTestId("action-confirm").click();
    await page.getByTestId("action-error").filter({ hasText: "请填写「部门」" }).waitFor();
    await assertNoIds(page, "detail with a refused action form");
    await page.getByTestId("action-field-department").fill("工程部");
    await page.getByTestId("action-field-request").fill("请核实渗水原因并书面回复");
    await page.getByTestId("action-confirm").click();
    await page.getByTestId("sheet-row").waitFor();
    await assertNoIds(page, "detail with a sheet");

    await page.getByTestId("detail-print-form").click();
    await page.getByTestId("form-page").waitFor();
    assert.match(page.url(), /#\/form\//);
    await page.getByTestId("form-step").first().waitFor();
    await assertNoIds(page, "registration form");

    await page.goto(`${server.url}#/c/${second}`);
    await page.getByTestId("sheet-open").click();
    await page.getByTestId("sheet-page").filter({ hasText: "工程部" }).waitFor();
    assert.match(page.url(), /#\/sheet\//);
    await assertNoIds(page, "work-contact sheet");
  });

  test("the dashboard and the monthly reports", async () => {
    await page.getByTestId("nav-dashboard").click();
    await page.locator('[data-testid="dash-total"]', { hasText: /^\d+$/ }).waitFor();
    await page.locator('[data-testid="dash-repeats"]', { hasText: /^[1-9]/ }).waitFor();
    await assertNoIds(page, "dashboard");

    await page.getByTestId("dash-report").click();
    await page.getByTestId("report").waitFor();
    await page.getByTestId("report-repeat").first().waitFor();
    await assertNoIds(page, "this month's report");

    // March holds the escalated complaint: the report's list of late and escalated cases.
    await page.goto(`${server.url}#/report/2026-03`);
    await page.getByTestId("report-case").first().waitFor();
    await assertNoIds(page, "March's report");
  });

  test("the settings, with a refused work period", async () => {
    await page.getByTestId("nav-settings").click();
    await page.getByTestId("settings-periods").waitFor();
    await assertNoIds(page, "settings");
    await page.getByTestId("settings-periods").fill("9点到12点");
    await page.getByTestId("settings-save").click();
    await page.getByTestId("settings-result").filter({ hasText: "应写成 09:00-12:00" }).waitFor();
    await assertNoIds(page, "settings with a refusal");
  });

  test("the after-sales screens: buyers, a refused buyer list, a buyer, the worklist", async () => {
    const month = new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(new Date()).slice(0, 7);
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "desk-ids-buyers-"));
    const good = path.join(dir, "buyers.csv");
    const bad = path.join(dir, "bad.csv");
    await fs.writeFile(good, `姓名,电话,项目,房号,签约日期,销售顾问\n王芳,13800001111,江南府,1203,${month}-01,客服专员\n`);
    await fs.writeFile(bad, "姓名,电话,项目,房号,签约日期,销售顾问\n王芳,1,江南府,1203,2026-01-01,客服专员\n");
    await page.getByTestId("nav-buyers").click();
    await page.getByTestId("buyer-import-file").setInputFiles(bad);
    await page.getByTestId("buyer-import-result").filter({ hasText: "第 2 行" }).waitFor();
    await assertNoIds(page, "a refused buyer list");
    await page.getByTestId("buyer-import-file").setInputFiles(good);
    await page.getByTestId("buyer-import-confirm").click();
    await page.getByTestId("buyer-row").first().waitFor();
    await assertNoIds(page, "buyers");
    await page.getByTestId("buyer-row").first().getByRole("link").click();
    await page.getByTestId("buyer-ownership").waitFor();
    await assertNoIds(page, "a buyer");
    await page.getByTestId("nav-callbacks").click();
    await page.getByTestId("callback-row").first().waitFor();
    await assertNoIds(page, "the callback worklist");
    await fs.rm(dir, { recursive: true, force: true });
  });

  test("the check itself finds an id put on the page", async () => {
    await page.evaluate(() => {
      const p = document.createElement("p");
      p.textContent = "重大投诉判定（R-07）";
      document.body.append(p);
    });
    assert.equal((await idsShown(page)).length, 2, "found in the shown and the hidden text");
  });
});
