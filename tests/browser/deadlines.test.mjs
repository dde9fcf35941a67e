// Deadlines as a person meets them (issue 3): an old complaint nobody forwarded shows on the
// start screen as overdue, the queue filters it, the detail page shows the missed stage and
// the escalation the app recorded; a work-contact sheet is issued, printed on one A4 page and
// answered; the work calendar is edited in settings with a clear refusal of bad input.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { openDesk, oldComplaintFile, OLD_NUMBER as NUMBER } from "./harness.mjs";

describe("deadlines, escalation, work-contact sheets and the calendar", { timeout: 120_000 }, () => {
  let server, prof, page;
  const tmp = path.join(os.tmpdir(), `desk-deadlines-${process.pid}`);

  before(async () => {
    await fs.mkdir(tmp, { recursive: true });
    ({ server, prof, page } = await openDesk("SH01", "A"));
    const file = path.join(tmp, "old.json");
    await fs.writeFile(file, JSON.stringify(oldComplaintFile()));
    await page.getByTestId("nav-exchange").click();
    await page.getByTestId("import-file").setInputFiles(file);
    await page.getByTestId("import-result").filter({ hasText: "新增 1 条" }).waitFor();
  });

  after(async () => {
    await prof.remove();
    await server.stop();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  test("the start screen shows the overdue complaint, and the queue's deadline filter finds it", async () => {
    await page.reload();
    await page.getByTestId("nav-today").click();
    await page.locator('[data-testid="today-overdue"]', { hasText: /^1$/ }).waitFor();
    await page.locator(`[data-testid="queue-row"][data-number="${NUMBER}"]`).waitFor();
    assert.match(await page.getByTestId("row-due").first().innerText(), /已逾期/);

    await page.getByTestId("nav-queue").click();
    await page.getByTestId("filter-due").selectOption("overdue");
    await page.locator('[data-testid="queue-count"]', { hasText: /^1$/ }).waitFor();
    await page.getByTestId("filter-due").selectOption("today");
    await page.locator('[data-testid="queue-count"]', { hasText: /^0$/ }).waitFor();
  });

  test("the detail page shows the missed stage and the escalation recorded in the timeline", async () => {
    await page.goto(`${server.url}#/c/${NUMBER}`);
    await page.locator('[data-testid="deadline-row"][data-stage="forward"][data-state="overdue"]').waitFor();
    // Months overdue: the ladder has reached its top (head office).
    assert.match(await page.getByTestId("detail-escalation").innerText(), /转达处理人逾期，已升级至：集团客户服务部/);
    await page.locator('[data-testid="timeline-event"][data-action="escalate"]').first().waitFor();
    // Reloading does not escalate again.
    await page.reload();
    await page.getByTestId("detail-escalation").waitFor();
    // One event per rise, each dated when it happened: project manager, GM, head office.
    assert.equal(await page.locator('[data-testid="timeline-event"][data-action="escalate"]').count(), 3);
  });

  test("a work-contact sheet is issued, prints on one A4 page, and its reply is recorded", async () => {
    await page.getByTestId("action-issue_sheet").click();
    await page.getByTestId("action-confirm").click();
    await page.getByTestId("action-error").filter({ hasText: "请填写「部门」" }).waitFor();
    await page.getByTestId("action-field-department").fill("工程部");
    await page.getByTestId("action-field-request").fill("请于 24 小时内核实车库渗水原因并书面回复");
    await page.getByTestId("action-confirm").click();
    await page.getByTestId("sheet-row").waitFor();
    assert.match(await page.getByTestId("sheet-row").innerText(), /剩余 (23小时5\d分|1天0小时|2\d小时)/);

    await page.getByTestId("sheet-open").click();
    await page.getByTestId("sheet-page").waitFor();
    assert.match(await page.getByTestId("sheet-page").innerText(), /工程部/);
    const pdf = await page.pdf({ format: "A4", printBackground: true });
    const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length;
    assert.equal(pages, 1, "the sheet prints on exactly one A4 page");

    await page.goto(`${server.url}#/c/${NUMBER}`);
    await page.getByTestId("action-sheet_reply").click();
    await page.getByTestId("action-field-sheet_reply").fill("系排水管破裂，已安排维修");
    await page.getByTestId("action-confirm").click();
    await page.getByTestId("sheet-row").filter({ hasText: "已回复" }).waitFor();
  });

  test("settings refuse a badly typed work period in Chinese and keep a good one", async () => {
    await page.getByTestId("nav-settings").click();
    const periods = page.getByTestId("settings-periods");
    assert.equal(await periods.inputValue(), "09:00-12:00, 13:30-18:00");
    assert.equal(await page.getByTestId("settings-offset").inputValue(), "480", "UTC+8 by default");
    await periods.fill("9点到12点");
    await page.getByTestId("settings-save").click();
    await page.getByTestId("settings-result").filter({ hasText: "应写成 09:00-12:00" }).waitFor();
    assert.equal(await periods.inputValue(), "9点到12点", "what was typed stays");
    await periods.fill("08:30-12:00, 13:00-17:30");
    await page.getByTestId("settings-save").click();
    await page.getByTestId("settings-result").filter({ hasText: "已重新计算 1 条" }).waitFor();
    await page.reload();
    await page.getByTestId("nav-settings").click();
    assert.equal(await page.getByTestId("settings-periods").inputValue(), "08:30-12:00, 13:00-17:30");
  });
});
