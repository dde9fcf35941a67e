// The queue's list rows, written as one piece of HTML each: what a customer's name or a
// project holds is shown as text and never becomes markup; a saved complaint is found at once
// by a Chinese word (the posting lists kept current by the save) and by an ASCII one (the
// scan); the rows keep their focus ring and open the complaint; the count's `data-source` says
// what the loading message says.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { openDesk, registerComplaint } from "./harness.mjs";

const NAME = "<i>李</i>四\"'&";
const PROJECT = "<img src=x onerror=\"window.__pwned=1\">翠湖";

describe("the queue's rows", { timeout: 120_000 }, () => {
  let server, prof, page, number;

  before(async () => {
    ({ server, prof, page } = await openDesk("SH01", "A"));
    await page.getByTestId("nav-intake").click();
    number = await registerComplaint(page, "外墙空鼓", "", async () => {
      await page.getByTestId("intake-name").fill(NAME);
      await page.getByTestId("intake-project").fill(PROJECT);
    });
    await page.getByTestId("nav-intake").click();
    await registerComplaint(page, "入户门变形", number);
  });

  after(async () => {
    await prof.remove();
    await server.stop();
  });

  test("names and projects with markup in them show as typed and run nothing", async () => {
    await page.getByTestId("nav-queue").click();
    const row = page.locator(`[data-testid="queue-row"][data-number="${number}"]`);
    await row.waitFor();
    assert.equal(await row.locator(".who b").innerText(), NAME);
    assert.match(await row.locator(".where").innerText(), /^<img src=x onerror="window.__pwned=1">翠湖 /);
    assert.equal(await row.locator("i, img").count(), 0, "no element made from the texts");
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(await row.locator('[data-status="registered"]').innerText(), "已登记");
  });

  test("a Chinese word and an ASCII word both find the saved complaint", async () => {
    const count = page.getByTestId("queue-count");
    for (const [q, n] of [["李", "1"], ["李</i>四", "1"], ["翠湖", "1"], ["<img", "1"], ["空鼓", "1"], ["渗水", "0"], ["王芳", "1"], ["", "2"]]) {
      await page.getByTestId("queue-search").fill(q);
      await page.locator('[data-testid="queue-count"]', { hasText: new RegExp(`^${n}$`) }).waitFor();
      assert.equal(await page.getByTestId("queue-row").count(), Number(n), q);
    }
    assert.equal(await count.innerText(), "2");
  });

  test("the count's data-source says what the loading message says, frame by frame", async () => {
    const tab = await page.context().newPage();
    // Each frame from the start: where the rows come from, and whether the message
    // 正在建立搜索索引 is shown.
    await tab.addInitScript(() => {
      const seen = (window.__seen = []);
      const look = () => {
        const count = document.querySelector('[data-testid="queue-count"]');
        if (count) seen.push([count.dataset.source ?? null, !!document.querySelector('[data-testid="queue-loading"]')]);
        requestAnimationFrame(look);
      };
      requestAnimationFrame(look);
    });
    await tab.goto(`${server.url}#/queue`);
    await tab.locator('[data-testid="queue-count"]:not([data-source="first-page"])').waitFor();
    await tab.getByTestId("queue-loading").waitFor({ state: "detached" });
    await tab.waitForTimeout(100);
    const seen = await tab.evaluate(() => window.__seen);
    await tab.close();
    assert.ok(seen.length > 0);
    for (const [source, loading] of seen) {
      assert.ok(["first-page", "summaries", "snapshot"].includes(source), `data-source is ${source}`);
      assert.equal(source === "first-page", loading, JSON.stringify(seen));
    }
    assert.notEqual(seen.at(-1)[0], "first-page");
  });

  test("a row takes the focus by keyboard with its ring inside it, and Enter opens it", async () => {
    await page.getByTestId("queue-csv").focus();
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press("Tab");
      if (await page.evaluate(() => document.activeElement?.dataset.testid === "queue-row")) break;
    }
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      const s = getComputedStyle(el);
      return { id: el.dataset.testid, number: el.dataset.number, style: s.outlineStyle, width: parseFloat(s.outlineWidth), offset: s.outlineOffset };
    });
    assert.equal(focused.id, "queue-row");
    assert.ok(focused.style !== "none" && focused.width >= 2, JSON.stringify(focused));
    assert.equal(focused.offset, "-3px", "drawn inside the row, where the rows around cannot cover it");
    await page.keyboard.press("Enter");
    await page.getByTestId("detail-number").filter({ hasText: focused.number }).waitFor();
  });
});
