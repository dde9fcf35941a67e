// The rules of the sources as a person meets them, in headless Chromium against the release
// bundle: acknowledging a phone and a letter complaint with the channel's script, the GM's
// first look on the start screen and its clock, a group incident with a meeting record, a
// compensation above the handler's limit refused until a manager approves it, a written
// reply passing the manager and the GM before the answer, an HQ case
// settled on the spot and returned with its form.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { actAs, openDesk, registerComplaint, PINS } from "./harness.mjs";

async function waitStatus(page, code) {
  await page.locator(`[data-testid="detail-status"][data-status="${code}"]`).waitFor();
}

/** Opens an action's form, fills it (checkboxes take booleans), confirms, and waits for the
 * timeline to show the event. */
async function act(page, name, fields = {}) {
  const before = await page.locator(`[data-testid="timeline-event"][data-action="${name}"]`).count();
  await page.getByTestId(`action-${name}`).click();
  for (const [field, value] of Object.entries(fields)) {
    const input = page.getByTestId(`action-field-${field}`);
    if (typeof value === "boolean") {
      await input.setChecked(value);
      continue;
    }
    const tag = await input.evaluate((el) => el.tagName);
    if (tag === "SELECT") await input.selectOption(value);
    else await input.fill(value);
  }
  await page.getByTestId("action-confirm").click();
  await page
    .locator(`[data-testid="timeline-event"][data-action="${name}"]`)
    .nth(before)
    .waitFor();
}

async function openComplaint(page, number) {
  await page.evaluate((n) => (location.hash = `#/c/${n}`), number);
  await page.getByTestId("detail-number").filter({ hasText: number }).waitFor();
}

async function register(page, content, channel, before = "") {
  await page.getByTestId("nav-intake").click();
  return registerComplaint(page, content, before, async () => {
    await page.getByTestId("intake-channel").selectOption(channel);
  });
}

const stageState = (page, stage) =>
  page.locator(`[data-testid="deadline-row"][data-stage="${stage}"]`).getAttribute("data-state");

describe("the rules of the sources, as the office meets them", { timeout: 180_000 }, () => {
  let server, prof, page;

  before(async () => {
    ({ server, prof, page } = await openDesk("SH01", "A"));
    await actAs(page, "客服专员");
  });

  after(async () => {
    await prof.remove();
    await server.stop();
  });

  test("a phone and a letter complaint are acknowledged with the channel's script and reply date", async () => {
    const phone = await register(page, "电话：卫生间渗水", "phone");
    const letter = await register(page, "来函：车位划线不清", "letter", phone);
    for (const [number, opening] of [
      [phone, "您反映的问题已经登记"],
      [letter, "您的来函我们已经收到"],
    ]) {
      await openComplaint(page, number);
      assert.equal(await stageState(page, "notify"), "open");
      await page.getByTestId("action-notify_received").click();
      const script = await page.getByTestId("action-field-script").inputValue();
      assert.ok(script.startsWith(`王芳您好，${opening}`), script);
      assert.ok(script.includes(number), script);
      // The promised reply date is the answer deadline shown on the page.
      const answerDue = await page
        .locator('[data-testid="deadline-row"][data-stage="answer"] td')
        .nth(1)
        .innerText();
      assert.ok(script.includes(answerDue.trim()), `${script} / ${answerDue}`);
      await page.getByTestId("action-confirm").click();
      await page.locator('[data-testid="timeline-event"][data-action="notify_received"]').waitFor();
      assert.equal(await stageState(page, "notify"), "met");
      // Told once: the step is no longer offered.
      assert.equal(await page.getByTestId("action-notify_received").count(), 0);
    }
  });

  test("the GM sees what awaits the first look, decides, and the clock stops", async () => {
    const number = await register(page, "入户门变形，要求更换", "phone");
    await page.getByTestId("nav-today").click();
    const row = page.locator(`[data-testid="today-gm-row"][data-number="${number}"]`);
    await row.waitFor();
    await actAs(page, "总经理");
    await openComplaint(page, number);
    assert.equal(await stageState(page, "gm_review"), "open");
    // The desk could dispatch meanwhile; the desk reports to the GM, who decides a major
    // handling with a lead and confirms with their PIN (only the GM may record the look).
    await actAs(page, "客服专员");
    await page.getByTestId("action-gm_review").click();
    await page.getByTestId("action-field-decision").selectOption("major");
    await page.getByTestId("stepup-pin").fill(PINS["总经理"]);
    await page.getByTestId("stepup-confirm").click();
    await page.getByTestId("action-error").filter({ hasText: "事件负责人" }).waitFor();
    await page.getByTestId("action-field-incident_lead").fill("经理");
    await page.getByTestId("stepup-pin").fill(PINS["总经理"]);
    await page.getByTestId("stepup-confirm").click();
    await page.locator('[data-testid="timeline-event"][data-action="gm_review"]').waitFor();
    assert.match(
      await page.locator('[data-testid="timeline-event"][data-action="gm_review"]').innerText(),
      /总经理/
    );
    assert.equal(await stageState(page, "gm_review"), "met");
    assert.match(await page.getByTestId("detail-gm-look").innerText(), /按重大投诉处理/);
    assert.match(await page.getByTestId("detail-incident-lead").innerText(), /经理/);
    await page.getByTestId("nav-today").click();
    await page.getByTestId("today-overdue").waitFor();
    assert.equal(await row.count(), 0);
    await actAs(page, "客服专员");
  });

  test("a group incident gets its lead, team and a meeting record", async () => {
    const number = await register(page, "多户业主集体投诉：小区绿化与宣传不符", "onsite");
    await actAs(page, "经理");
    await openComplaint(page, number);
    await act(page, "incident_team", { lead: "经理", team: "工程部张工、客服专员" });
    await act(page, "meeting", {
      held_at: "2026-03-05T14:00",
      place: "售楼处二楼会议室",
      attendees: "业主代表五人、经理、客服专员",
      agreed: "两周内提交绿化整改方案",
    });
    await act(page, "mediator", { mediator: "街道人民调解委员会", involvement: "参加第二次会谈" });
    const meeting = page.getByTestId("meeting-row");
    assert.equal(await meeting.count(), 1);
    assert.match(await meeting.innerText(), /售楼处二楼会议室[\s\S]*两周内提交绿化整改方案/);
    assert.match(await page.getByTestId("detail-incident-lead").innerText(), /工程部张工/);
    assert.match(await page.getByTestId("mediator-row").innerText(), /街道人民调解委员会/);
    await actAs(page, "客服专员");
  });

  test("compensation above the handler's limit is refused until a manager approves it, and the written reply passes each level", async () => {
    const number = await register(page, "地下室渗水泡坏家具，要求赔偿", "phone");
    await openComplaint(page, number);
    await act(page, "dispatch", { handler: "处理人" });
    await actAs(page, "处理人");
    await act(page, "acknowledge");
    await act(page, "investigate", { findings: "管道渗漏", responsibility: "施工单位" });
    await act(page, "compensate", { amount: "5000", proposal: "赔偿家具损失" });
    await act(page, "propose", { plan: "维修管道并赔偿家具损失" });
    await waitStatus(page, "plan_proposed");
    // The manager may approve plans, but not before the compensation is approved.
    await actAs(page, "经理");
    await page.getByTestId("action-approve").click();
    await page.getByTestId("action-confirm").click();
    await page.getByTestId("action-error").filter({ hasText: "5000 元" }).waitFor();
    await waitStatus(page, "plan_proposed");
    await page.getByTestId("action-cancel").click();
    await act(page, "approve_compensation");
    assert.match(await page.getByTestId("compensation-row").innerText(), /经理（经理）/);
    await act(page, "approve");
    await waitStatus(page, "plan_approved");

    // The written reply passes the manager, then the GM, before the customer is answered.
    await actAs(page, "处理人");
    await act(page, "carry_out", { result: "管道已修复，家具损失已赔付" });
    await act(page, "draft_reply", { reply: "王芳女士：经核查，渗水系管道渗漏所致，已修复并赔偿 5000 元。" });
    await page.getByTestId("action-answer").click();
    await page.getByTestId("action-field-reply").fill("已寄出书面答复");
    await page.getByTestId("action-confirm").click();
    await page.getByTestId("action-error").filter({ hasText: "下一级：经理" }).waitFor();
    await page.getByTestId("action-cancel").click();
    await actAs(page, "总经理");
    await page.getByTestId("action-approve_reply").click();
    await page.getByTestId("action-confirm").click();
    await page.getByTestId("action-error").filter({ hasText: "应由「经理」" }).waitFor();
    await page.getByTestId("action-cancel").click();
    await actAs(page, "经理");
    await act(page, "approve_reply");
    await actAs(page, "总经理");
    await act(page, "approve_reply");
    await actAs(page, "处理人");
    await act(page, "answer", { reply: "已寄出书面答复" });
    await waitStatus(page, "answered");
    await actAs(page, "客服专员");
  });

  test("an HQ case settled on the spot is listed until its form is sent back", async () => {
    await page.getByTestId("nav-intake").click();
    const number = await registerComplaint(page, "集团转来：物业费收费标准疑问", "", async () => {
      await page.getByTestId("intake-channel").selectOption("group_hq");
      await page.getByTestId("intake-received_by").fill("集团客服小李");
      await page.getByTestId("intake-settled").check();
      await page.getByTestId("intake-settle-reply").fill("已电话说明收费标准及依据");
    });
    await openComplaint(page, number);
    await waitStatus(page, "answered");
    await page.getByTestId("nav-today").click();
    const row = page.locator(`[data-testid="today-hq-row"][data-number="${number}"]`);
    await row.waitFor();
    await openComplaint(page, number);
    const download = page.waitForEvent("download");
    await page.getByTestId("detail-export-one").click();
    const file = await download;
    assert.equal(file.suggestedFilename(), `${number}.json`);
    await page.getByTestId("detail-print-form").click();
    await page.getByTestId("form-title").filter({ hasText: "客户投诉处理表" }).waitFor();
    await openComplaint(page, number);
    await act(page, "return_hq");
    assert.match(await page.getByTestId("detail-hq-state").innerText(), /已于 .* 回传/);
    await page.getByTestId("nav-today").click();
    await page.getByTestId("today-overdue").waitFor();
    assert.equal(await row.count(), 0);
  });
});
