// Two tabs of one browser acting on one complaint at the same moment: every confirmed action
// ends up in the history (none lost to the other tab's write), registrations keep unique
// numbers, and a tab shows what the other changed without a reload.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { openDesk } from "./harness.mjs";

/**
 * Registers a complaint in `page` through the intake form; returns its number. Each has a
 * project of its own, so no two make a same-issue group (which would suggest 重大).
 */
async function register(page, name, phone) {
  await page.getByTestId("nav-intake").click();
  await page.getByTestId("intake-name").fill(name);
  await page.getByTestId("intake-phone").fill(phone);
  await page.getByTestId("intake-category").selectOption("工程质量");
  await page.getByTestId("intake-project").fill(`${name}所在楼盘`);
  await page.getByTestId("intake-content").fill("车库顶棚渗水");
  await page.getByTestId("intake-submit").click();
  return (await page.getByTestId("new-number").innerText()).trim();
}

/** Opens complaint `number` in `page` and the form of `action`, filled with `fields`. */
async function openForm(page, number, action, fields) {
  await page.evaluate((n) => (location.hash = `#/c/${n}`), number);
  await page.getByTestId(`action-${action}`).click();
  for (const [field, value] of Object.entries(fields)) {
    const input = page.getByTestId(`action-field-${field}`);
    if ((await input.evaluate((el) => el.tagName)) === "SELECT") await input.selectOption(value);
    else await input.fill(value);
  }
}

/** Clicks both pages' confirm buttons in the same moment and waits until both forms close. */
async function confirmTogether(a, b) {
  const click = (page) =>
    page.evaluate(() => document.querySelector('[data-testid="action-confirm"]').click());
  await Promise.all([click(a), click(b)]);
  for (const page of [a, b]) {
    await page.getByTestId("action-form").waitFor({ state: "detached", timeout: 10_000 });
  }
}

/** The history of complaint `number` as `page` reads it after a reload: [action, note] pairs. */
async function history(page, number) {
  await page.evaluate((n) => (location.hash = `#/c/${n}`), number);
  await page.reload();
  await page.getByTestId("timeline").waitFor();
  return page.getByTestId("timeline-event").evaluateAll((items) =>
    items.map((li) => [li.getAttribute("data-action"), li.innerText]),
  );
}

describe("two tabs of one browser", { timeout: 180_000 }, () => {
  let server, prof, a, b;

  before(async () => {
    ({ server, prof, page: a } = await openDesk("SH01", "A"));
    b = await a.context().newPage();
    await b.goto(server.url);
    await b.getByTestId("nav-intake").waitFor();
  });

  after(async () => {
    await prof.remove();
    await server.stop();
  });

  test("a dispatch and a follow-up confirmed at once are both kept", async () => {
    const number = await register(a, "王芳", "13812345678");
    await openForm(a, number, "dispatch", { handler: "处理人" });
    await openForm(b, number, "follow_up", { note: "已告知客户正在安排处理" });
    await confirmTogether(a, b);
    const events = await history(a, number);
    const actions = events.map(([action]) => action);
    assert.deepEqual(actions.slice().sort(), ["dispatch", "follow_up", "register"]);
    assert.equal(await a.getByTestId("detail-status").getAttribute("data-status"), "dispatched");
  });

  test("over many rounds of simultaneous actions, every confirmed one is in the history", async () => {
    const rounds = 10;
    const number = await register(a, "李雷", "13912345678");
    for (let i = 0; i < rounds; i++) {
      await openForm(a, number, "follow_up", { note: `甲窗口第${i}次` });
      await openForm(b, number, "follow_up", { note: `乙窗口第${i}次` });
      await confirmTogether(a, b);
      for (const page of [a, b]) {
        assert.equal(await page.getByTestId("action-error").count(), 0, `round ${i}: refused`);
      }
    }
    const events = await history(b, number);
    const notes = events.filter(([action]) => action === "follow_up").map(([, text]) => text);
    assert.equal(notes.length, 2 * rounds, `${notes.length} of ${2 * rounds} actions kept`);
    for (let i = 0; i < rounds; i++) {
      for (const tab of ["甲", "乙"]) {
        assert.ok(
          notes.some((t) => t.includes(`${tab}窗口第${i}次`)),
          `${tab} round ${i} is in the history`,
        );
      }
    }
  });

  test("registrations in both tabs at once keep unique numbers", async () => {
    const numbers = [];
    for (let i = 0; i < 4; i++) {
      for (const [page, name] of [
        [a, `王${"一二三四"[i]}`],
        [b, `李${"一二三四"[i]}`],
      ]) {
        await page.getByTestId("nav-intake").click();
        await page.getByTestId("intake-name").fill(name);
        await page.getByTestId("intake-phone").fill(`1370000000${i}`);
        await page.getByTestId("intake-category").selectOption("工程质量");
        await page.getByTestId("intake-project").fill(`${name}所在楼盘`);
        await page.getByTestId("intake-content").fill("样板间门锁损坏");
      }
      const submit = (page) =>
        page.evaluate(() => document.querySelector('[data-testid="intake-submit"]').click());
      await Promise.all([submit(a), submit(b)]);
      for (const page of [a, b]) {
        await page.getByTestId("new-number").waitFor();
        numbers.push((await page.getByTestId("new-number").innerText()).trim());
      }
    }
    assert.equal(new Set(numbers).size, numbers.length, numbers.join(", "));
  });

  test("a tab shows the other tab's action without a reload; an open form says it changed", async () => {
    const number = await register(a, "韩梅梅", "13512345678");
    await b.evaluate((n) => (location.hash = `#/c/${n}`), number);
    await b.getByTestId("timeline").waitFor();
    // b only looks: a's dispatch appears there by itself.
    await openForm(a, number, "dispatch", { handler: "处理人" });
    await a.getByTestId("action-confirm").click();
    await b
      .locator('[data-testid="detail-status"][data-status="dispatched"]')
      .waitFor({ timeout: 5_000 });
    // b has a form open: a's next action does not throw away what b typed, it says so.
    await openForm(b, number, "follow_up", { note: "客户来电询问进度" });
    await openForm(a, number, "acknowledge", {});
    await a.getByTestId("action-confirm").click();
    await b.getByTestId("action-changed-elsewhere").waitFor({ timeout: 5_000 });
    assert.equal(await b.getByTestId("action-field-note").inputValue(), "客户来电询问进度");
    await b.getByTestId("action-confirm").click();
    await b.getByTestId("action-form").waitFor({ state: "detached" });
    const actions = (await history(b, number)).map(([action]) => action);
    assert.deepEqual(actions.slice().sort(), ["acknowledge", "dispatch", "follow_up", "register"]);
  });
});
