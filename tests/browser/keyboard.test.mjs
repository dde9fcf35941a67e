// Every step by keyboard (issue 16): a user without a mouse skips to the content, registers a
// complaint (Enter submits the form), finds it in the queue (Enter opens the row), opens an
// action form and closes it with Escape, then dispatches the complaint. Only page.keyboard
// is used; the focused element always shows a ring.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { openDesk } from "./harness.mjs";

/** The test id of the focused element, or its tag name when it has none. */
const focused = (page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el ? el.getAttribute("data-testid") || el.tagName.toLowerCase() : "";
  });

/** Presses Tab (Shift+Tab with `back`) until the element with `testid` has the focus. */
async function tabTo(page, testid, { back = false, max = 120 } = {}) {
  for (let i = 0; i < max; i++) {
    if ((await focused(page)) === testid) return;
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
  }
  throw new Error(`${testid} never got the focus by ${back ? "Shift+Tab" : "Tab"}`);
}

/** Types `text` into the field `testid`, reached by Tab. */
async function typeInto(page, testid, text) {
  await tabTo(page, testid);
  await page.keyboard.type(text);
}

/** Chooses the option with value `value` of the focused select with the arrow keys. */
async function arrowTo(page, testid, value) {
  await tabTo(page, testid);
  await page.keyboard.press("Home");
  for (let i = 0; i < 40; i++) {
    if ((await page.getByTestId(testid).inputValue()) === value) return;
    await page.keyboard.press("ArrowDown");
  }
  throw new Error(`${testid}: no option ${value}`);
}

/** The focused element's outline, as the user sees it: style and width in pixels. */
const ring = (page) =>
  page.evaluate(() => {
    const s = getComputedStyle(document.activeElement);
    return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
  });

async function assertRing(page, where) {
  const r = await ring(page);
  assert.ok(r.style !== "none" && r.width >= 2, `${where}: no visible focus ring (${JSON.stringify(r)})`);
}

describe("the desk by keyboard only", { timeout: 120_000 }, () => {
  let server, prof, page, number;

  before(async () => {
    ({ server, prof, page } = await openDesk("SH01", "A"));
    // The set-up's click leaves the focus somewhere; start from the top as a fresh visit does.
    await page.goto(`${server.url}#/`);
    await page.reload();
    await page.getByTestId("nav-intake").waitFor();
  });

  after(async () => {
    await prof.remove();
    await server.stop();
  });

  test("the first Tab reaches the skip link, which moves the focus to the content", async () => {
    await page.keyboard.press("Tab");
    assert.equal(await focused(page), "skip-link");
    assert.ok(await page.getByTestId("skip-link").isVisible(), "the skip link shows when focused");
    await assertRing(page, "skip link");
    await page.keyboard.press("Enter");
    assert.equal(await page.evaluate(() => document.activeElement.id), "main");
    assert.equal(new URL(page.url()).hash, "#/", "the route stays");
  });

  test("registering: Tab through the form, type, Enter submits", async () => {
    await tabTo(page, "nav-intake", { back: true });
    await assertRing(page, "navigation link");
    await page.keyboard.press("Enter");
    await page.getByTestId("intake-form").waitFor();
    await typeInto(page, "intake-name", "王芳");
    await assertRing(page, "text field");
    await typeInto(page, "intake-phone", "13812345678");
    await arrowTo(page, "intake-category", "工程质量");
    await assertRing(page, "select");
    await typeInto(page, "intake-project", "滨江华府");
    await typeInto(page, "intake-building", "3栋");
    await typeInto(page, "intake-unit", "1202");
    await typeInto(page, "intake-content", "卫生间渗水，楼下天花板有水渍");
    await tabTo(page, "intake-event_place", { back: true });
    await page.keyboard.press("Enter");
    await page.getByTestId("new-number").filter({ hasText: /^SH01-A-\d{8}-\d{4}$/ }).waitFor();
    number = (await page.getByTestId("new-number").innerText()).trim();
  });

  test("the queue: Enter on a row opens the complaint", async () => {
    await tabTo(page, "nav-queue", { back: true });
    await page.keyboard.press("Enter");
    await page.locator('[data-testid="queue-count"]', { hasText: /^1$/ }).waitFor();
    await tabTo(page, "queue-row");
    await assertRing(page, "queue row");
    await page.keyboard.press("Enter");
    await page.getByTestId("detail-number").filter({ hasText: number }).waitFor();
  });

  test("an action form takes the focus, Escape closes it; the dispatch goes through by keyboard", async () => {
    await tabTo(page, "action-dispatch");
    await page.keyboard.press("Enter");
    await page.getByTestId("action-form").waitFor();
    await page.waitForFunction(() => document.activeElement?.dataset.testid === "action-field-handler");
    await page.keyboard.press("Escape");
    await page.getByTestId("action-form").waitFor({ state: "detached" });
    assert.equal(await focused(page), "action-dispatch", "the focus is back on the button");

    await tabTo(page, "action-dispatch", { back: true });
    await page.keyboard.press("Enter");
    await arrowTo(page, "action-field-handler", "处理人");
    await tabTo(page, "action-confirm");
    await assertRing(page, "button");
    await page.keyboard.press("Enter");
    await page.locator('[data-testid="detail-status"][data-status="dispatched"]').waitFor();
  });
});
