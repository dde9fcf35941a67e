// Staff sign-in with PINs in headless Chromium: the first manager, the lock and the idle
// lock (the page's clock driven by the test), wrong PINs and the wait surviving a reload,
// initial PINs and the change at first sign-in, the GM's PIN at a major approval, the PIN
// records in IndexedDB (checked against Node's own PBKDF2) and the export without them.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs/promises";
import { serve, profile, setup, signIn, actAs, signedIn, registerComplaint, PINS, MANAGER } from "./harness.mjs";

const status = (page) => page.getByTestId("detail-status").getAttribute("data-status");

/** The PIN records as stored in the app's IndexedDB. */
async function storedPins(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open("complaint-desk");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction("meta").objectStore("meta").get("credentials");
          req.onsuccess = () => resolve(JSON.parse(req.result).pins);
          req.onerror = () => reject(req.error);
        };
      }),
  );
}

describe("staff sign-in with PINs", { timeout: 240_000 }, () => {
  let server, prof, page, number;

  before(async () => {
    server = await serve();
    prof = await profile();
    ({ page } = await prof.open());
    // The page's clock is the test's: idle time and waits pass when the test says so.
    await page.clock.install();
    await page.goto(server.url);
    await setup(page, "SH01", "A");
  });

  after(async () => {
    await prof.remove();
    await server.stop();
  });

  test("setup signs the first manager in; the PIN is kept only as PBKDF2-HMAC-SHA256", async () => {
    assert.equal(await signedIn(page), MANAGER);
    const pins = await storedPins(page);
    assert.deepEqual(Object.keys(pins), [MANAGER]);
    const rec = pins[MANAGER];
    assert.ok(rec.iterations >= 100_000, `iterations ${rec.iterations}`);
    assert.equal(rec.salt.length, 32);
    // The browser's Web Crypto made the same key Node's PBKDF2 makes: the record is the
    // standard function of the PIN, and the PIN itself is nowhere.
    const expect = crypto
      .pbkdf2Sync(PINS[MANAGER], Buffer.from(rec.salt, "hex"), rec.iterations, 32, "sha256")
      .toString("hex");
    assert.equal(rec.hash, expect);
    assert.ok(!JSON.stringify(pins).includes(PINS[MANAGER]));
  });

  test("locking shows nothing of the data; the manager's PIN unlocks", async () => {
    await page.getByTestId("nav-intake").click();
    number = await registerComplaint(page, "门窗密封条脱落，雨天漏水");
    await page.getByTestId("lock").click();
    await page.getByTestId("signin-staff").first().waitFor();
    assert.equal(await page.getByTestId("nav-queue").isVisible(), false);
    if (process.env.SCREENSHOTS) {
      await page.setViewportSize({ width: 800, height: 1280 });
      await page.locator(`[data-testid="signin-staff"][data-name="${MANAGER}"]`).click();
      await page.screenshot({ path: `${process.env.SCREENSHOTS}/signin-800x1280.png`, fullPage: true });
      await page.setViewportSize({ width: 1366, height: 768 });
    }
    const text = await page.locator("body").innerText();
    assert.ok(!text.includes("王芳") && !text.includes(number), "the lock screen shows no data");
    // Staff without a PIN are listed, and say so.
    await page.locator('[data-testid="signin-staff"][data-name="处理人"]', { hasText: "未设置密码" }).waitFor();
    await signIn(page, MANAGER);
    await page.getByTestId("nav-queue").waitFor();
  });

  test("a colleague without a PIN cannot sign in until a manager sets one", async () => {
    await page.getByTestId("switch-user").click();
    await page.locator('[data-testid="signin-staff"][data-name="处理人"]').click();
    await page.getByTestId("signin-pin").fill("1111");
    await page.getByTestId("signin-submit").click();
    await page.getByTestId("signin-error").filter({ hasText: "还没有密码" }).waitFor();
    await signIn(page, MANAGER);
    // The manager sets an initial PIN; the colleague chooses their own at first sign-in.
    await actAs(page, "处理人");
    assert.equal(await signedIn(page), "处理人");
    // Handlers do not see the settings.
    assert.equal(await page.getByTestId("nav-settings").count(), 0);
    await actAs(page, MANAGER);
    await page.getByTestId("nav-settings").click();
    const log = page.getByTestId("audit-list");
    await log.filter({ hasText: "为 处理人 设置初始密码" }).waitFor();
    await log.filter({ hasText: "处理人 修改了自己的密码" }).waitFor();
  });

  test("five wrong PINs start a wait that a reload does not end", async () => {
    await page.getByTestId("lock").click();
    await page.locator(`[data-testid="signin-staff"][data-name="${MANAGER}"]`).click();
    for (let i = 1; i <= 5; i++) {
      await page.getByTestId("signin-pin").fill("0000");
      await page.getByTestId("signin-submit").click();
      const expect = i < 5 ? `再错 ${5 - i} 次` : "请 30 秒后再试";
      await page.getByTestId("signin-error").filter({ hasText: expect }).waitFor();
    }
    await page.reload();
    await page.locator(`[data-testid="signin-staff"][data-name="${MANAGER}"]`).click();
    await page.getByTestId("signin-pin").fill(PINS[MANAGER]);
    await page.getByTestId("signin-submit").click();
    await page.getByTestId("signin-error").filter({ hasText: "秒后再试" }).waitFor();
    assert.equal(await signedIn(page), "");
    // Once the wait has passed the right PIN works.
    await page.clock.fastForward("20:00");
    await page.getByTestId("signin-pin").fill(PINS[MANAGER]);
    await page.getByTestId("signin-submit").click();
    await page.locator('[data-testid="signed-in"]', { hasText: MANAGER }).waitFor();
  });

  test("the app locks itself after ten minutes without input", async () => {
    await page.getByTestId("nav-queue").click();
    await page.getByTestId("queue-row").first().waitFor();
    await page.clock.fastForward("09:00");
    assert.equal(await signedIn(page), MANAGER, "not yet after nine minutes");
    await page.clock.fastForward("01:30");
    await page.getByTestId("signin-staff").first().waitFor();
    assert.equal(await page.locator('[data-testid="queue-row"]:visible').count(), 0);
    // The lock screen offers the person who was signed in.
    const pressed = page.locator('[data-testid="signin-staff"][aria-pressed="true"]');
    assert.equal(await pressed.getAttribute("data-name"), MANAGER);
    await page.getByTestId("signin-pin").fill(PINS[MANAGER]);
    await page.getByTestId("signin-submit").click();
    await page.getByTestId("queue-row").first().waitFor();
    // A form half typed when the app locks is still there after signing in again.
    await page.goto(`${server.url}#/c/${number}`);
    await page.getByTestId("action-follow_up").click();
    await page.getByTestId("action-field-note").fill("已电话联系客户，约定周五上门");
    await page.clock.fastForward("10:30");
    await page.getByTestId("signin-staff").first().waitFor();
    assert.equal(await page.getByTestId("action-form").isVisible(), false);
    await page.getByTestId("signin-pin").fill(PINS[MANAGER]);
    await page.getByTestId("signin-submit").click();
    assert.equal(await page.getByTestId("action-field-note").inputValue(), "已电话联系客户，约定周五上门");
  });

  test("approving a major complaint's plan asks the GM's PIN, and the event is the GM's", async () => {
    await actAs(page, "总经理");
    await actAs(page, MANAGER);
    await page.getByTestId("nav-intake").click();
    const major = await registerComplaint(page, "多户业主反映小区规划变更", "", async () => {
      await page.getByTestId("intake-severity").selectOption("major");
      await page.getByTestId("intake-severity_reason").fill("涉及多户业主");
    });
    await page.goto(`${server.url}#/c/${major}`);
    const act = async (name, fields, expect) => {
      await page.getByTestId(`action-${name}`).click();
      for (const [field, value] of Object.entries(fields)) {
        const input = page.getByTestId(`action-field-${field}`);
        if ((await input.evaluate((el) => el.tagName)) === "SELECT") await input.selectOption(value);
        else await input.fill(value);
      }
      await page.getByTestId("action-confirm").click();
      await page.locator(`[data-testid="detail-status"][data-status="${expect}"]`).waitFor();
    };
    await act("dispatch", { handler: "处理人" }, "dispatched");
    await act("acknowledge", {}, "acknowledged");
    await act("investigate", { findings: "规划调整未公示", responsibility: "开发商" }, "investigating");
    await act("propose", { plan: "召开业主说明会" }, "plan_proposed");
    await page.getByTestId("action-approve").click();
    assert.equal(await page.getByTestId("action-confirm").count(), 0);
    // The manager's own PIN is not the GM's.
    await page.getByTestId("stepup-pin").fill(PINS[MANAGER]);
    await page.getByTestId("stepup-confirm").click();
    await page.getByTestId("action-error").filter({ hasText: "密码错误" }).waitFor();
    assert.equal(await status(page), "plan_proposed");
    await page.getByTestId("stepup-pin").fill(PINS["总经理"]);
    await page.getByTestId("stepup-confirm").click();
    await page.locator('[data-testid="detail-status"][data-status="plan_approved"]').waitFor();
    const last = page.getByTestId("timeline-event").last();
    assert.match(await last.innerText(), /总经理（总经理）/);
    assert.equal(await signedIn(page), MANAGER, "the manager stays signed in");
  });

  test("no export file carries a PIN record", async () => {
    const pins = Object.values(await storedPins(page));
    assert.ok(pins.length >= 3);
    await page.getByTestId("nav-exchange").click();
    for (const choose of [async () => {}, async () => page.getByTestId("export-ndjson").check()]) {
      await choose();
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-json").click()]);
      const text = await fs.readFile(await download.path(), "utf8");
      assert.ok(text.includes(number));
      for (const r of pins) {
        assert.ok(!text.includes(r.hash) && !text.includes(r.salt), "a PIN record in the export");
      }
      assert.ok(!/iterations|must_change|lockouts/.test(text));
    }
  });
});

describe("a database from before sign-in", { timeout: 120_000 }, () => {
  test("asks one manager for a PIN once, then signs them in", async () => {
    const server = await serve();
    const prof = await profile();
    const { page } = await prof.open();
    try {
      await page.goto(server.url);
      // Settings saved by an older version: no PIN records at all.
      await page.getByTestId("setup-office").waitFor();
      await page.evaluate(
        () =>
          new Promise((resolve, reject) => {
            const open = indexedDB.open("complaint-desk");
            open.onsuccess = () => {
              const tx = open.result.transaction("meta", "readwrite");
              tx.objectStore("meta").put(
                JSON.stringify({
                  office_code: "SH01",
                  device_code: "A",
                  staff: [
                    { name: "客服专员", role: "desk" },
                    { name: "经理", role: "manager" },
                  ],
                  categories: ["工程质量"],
                }),
                "settings",
              );
              tx.oncomplete = resolve;
              tx.onerror = () => reject(tx.error);
            };
            open.onerror = () => reject(open.error);
          }),
      );
      await page.reload();
      await page.getByTestId("first-manager").waitFor();
      assert.equal(await page.getByTestId("setup-manager-name").inputValue(), "经理");
      await page.getByTestId("setup-manager-pin").fill("12");
      await page.getByTestId("setup-manager-save").click();
      await page.getByTestId("signin-error").filter({ hasText: "4 到 8 位数字" }).waitFor();
      await page.getByTestId("setup-manager-pin").fill("8642");
      await page.getByTestId("setup-manager-save").click();
      await page.locator('[data-testid="signed-in"]', { hasText: "经理" }).waitFor();
    } finally {
      await prof.remove();
      await server.stop();
    }
  });
});
