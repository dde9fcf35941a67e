// Reception mode on the show-flat tablet, at 800×1280 in headless Chromium: it cannot start
// without a project list; a customer registers as they would, sees the number and the reply
// date, and the next customer gets a blank form; no address, back button or reload leads
// off the reception screen or shows another customer; leaving takes a staff PIN.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs/promises";
import path from "node:path";
import { serve, profile, setup, openStaffMenu, PINS, MANAGER } from "./harness.mjs";

const PORTRAIT = { width: 800, height: 1280 };
const LANDSCAPE = { width: 1280, height: 800 };
const shots = process.env.SCREENSHOTS;

async function shot(page, name) {
  if (!shots) return;
  await fs.mkdir(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

/** Whether the page scrolls sideways. */
const sideways = (page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

describe("reception mode on the tablet", { timeout: 240_000 }, () => {
  let server, prof, page, number;

  before(async () => {
    server = await serve();
    prof = await profile();
    ({ page } = await prof.open(PORTRAIT));
    await page.goto(server.url);
    await setup(page, "SH01", "T");
  });

  after(async () => {
    await prof.remove();
    await server.stop();
  });

  test("cannot start while the office has no projects, and says so", async () => {
    await openStaffMenu(page);
    await page.getByTestId("reception-start").click();
    await page.getByTestId("reception-start-error").filter({ hasText: "请先在“设置 → 楼盘与楼栋”中添加楼盘" }).waitFor();
    assert.equal(await page.getByTestId("reception-form").count(), 0);
  });

  test("starts from the staff menu once projects are listed", async () => {
    await page.getByTestId("nav-settings").click();
    await page.getByTestId("project-name").fill("翠湖天地");
    await page.getByTestId("project-buildings").fill("1栋、2栋、3栋");
    await page.getByTestId("project-add").click();
    await page.getByTestId("settings-phone").fill("021-55550000");
    await page.getByTestId("settings-save").click();
    await page.getByTestId("settings-result").filter({ hasText: "设置已保存" }).waitFor();
    await page.locator('[data-testid="project-row"][data-name="翠湖天地"]').waitFor();
    await shot(page, "signin-settings-staff");
    await openStaffMenu(page);
    await page.getByTestId("reception-start").click();
    await page.getByTestId("reception-form").waitFor();
    assert.equal(await page.getByTestId("nav-queue").count(), 0);
  });

  test("a customer registers at 800×1280: errors next to the fields, nothing typed lost", async () => {
    await page.getByTestId("reception-name").fill("王女士");
    await page.getByTestId("reception-phone").fill("13912345678");
    assert.equal(await page.getByTestId("reception-phone").getAttribute("inputmode"), "numeric");
    await page.getByTestId("reception-project").selectOption("翠湖天地");
    await page.getByTestId("reception-building").selectOption("2栋");
    await page.getByTestId("reception-unit").fill("801");
    await page.getByTestId("reception-content").fill("样板间的窗户与交付的不一样");
    await page.getByTestId("reception-remedy").fill("按样板间更换");
    await shot(page, "reception-form-800x1280");
    // Without a mood and the consent it is refused, with the reasons beside the fields.
    await page.getByTestId("reception-submit").click();
    await page.getByText("请阅读并勾选同意").waitFor();
    await page.getByText("请选择您现在的心情").waitFor();
    assert.equal(await page.getByTestId("reception-name").inputValue(), "王女士");
    assert.equal(await page.getByTestId("reception-content").inputValue(), "样板间的窗户与交付的不一样");
    await page.locator('[data-testid="reception-mood"][data-mood="upset"]').click();
    await page.getByTestId("reception-consent").check();
    // The customer adds a scan of the page of the contract they mean.
    await page.getByTestId("attach-input").setInputFiles([
      { name: "合同第三页.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n% 合同第三页\n%%EOF\n") },
    ]);
    await page.locator('[data-testid="attach"][data-busy="false"]').waitFor();
    await page.locator('[data-testid="attach-pending"]').first().waitFor();
    // Every control is at least 44 px tall, and nothing scrolls sideways.
    const small = await page.evaluate(() =>
      [...document.querySelectorAll('[data-testid="reception-form"] input, [data-testid="reception-form"] select, [data-testid="reception-form"] button')]
        .filter((el) => el.type !== "checkbox" && el.getBoundingClientRect().height < 44)
        .map((el) => el.dataset.testid || el.tagName),
    );
    assert.deepEqual(small, []);
    assert.equal(await sideways(page), false);
    await page.getByTestId("reception-submit").click();
    await page.getByTestId("reception-thanks").waitFor();
    number = (await page.getByTestId("reception-number").innerText()).trim();
    assert.match(number, /^SH01-T-\d{8}-\d{4}$/);
    assert.match((await page.getByTestId("reception-due").innerText()).trim(), /^\d{4}-\d{2}-\d{2}$/);
    await shot(page, "reception-thanks-800x1280");
  });

  test("the next customer gets a blank form with nothing of the last one", async () => {
    await page.getByTestId("reception-next").click();
    await page.getByTestId("reception-form").waitFor();
    for (const f of ["name", "phone", "unit", "content"]) {
      assert.equal(await page.getByTestId(`reception-${f}`).inputValue(), "", f);
    }
    assert.equal(await page.getByTestId("reception-consent").isChecked(), false);
    assert.equal(await page.locator('[data-testid="attach-pending"]').count(), 0);
    const text = await page.locator("body").innerText();
    assert.ok(!text.includes("王女士") && !text.includes(number));
    assert.ok(!page.url().includes("%"), "no customer data in the address");
  });

  test("works in landscape without sideways scrolling", async () => {
    await page.setViewportSize(LANDSCAPE);
    await page.getByTestId("reception-form").waitFor();
    assert.equal(await sideways(page), false);
    await shot(page, "reception-form-1280x800");
    await page.setViewportSize(PORTRAIT);
  });

  test("no address, back button or reload leaves the reception screen", async () => {
    for (const hash of ["#/queue", `#/c/${number}`, "#/exchange", "#/settings", "#/dashboard"]) {
      await page.goto(`${server.url}${hash}`);
      await page.getByTestId("reception-form").waitFor();
      assert.equal(await page.getByTestId("nav-queue").count(), 0, hash);
      assert.equal(await page.getByTestId("queue-row").count(), 0, hash);
      const text = await page.locator("body").innerText();
      assert.ok(!text.includes("王女士") && !text.includes("13912345678"), hash);
    }
    await page.goBack();
    await page.getByTestId("reception-form").waitFor();
    await page.reload();
    await page.getByTestId("reception-form").waitFor();
    assert.equal(await page.getByTestId("nav-queue").count(), 0);
    // A browser restart keeps the mode too.
    await prof.close();
    ({ page } = await prof.open(PORTRAIT));
    await page.goto(`${server.url}#/queue`);
    await page.getByTestId("reception-form").waitFor();
  });

  test("the staff dialog exports this device's complaints for the desk after a PIN", async () => {
    await page.getByTestId("reception-exit").click();
    await page.locator(`[data-testid="signin-staff"][data-name="${MANAGER}"]`).click();
    await page.getByTestId("reception-exit-pin").fill(PINS[MANAGER]);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("reception-export").click()]);
    const file = JSON.parse(await fs.readFile(await download.path(), "utf8"));
    assert.deepEqual(file.complaints.map((c) => c.number), [number]);
    assert.equal(file.complaints[0].events[0].intake.channel, "onsite");
    await page.getByTestId("reception-export-result").filter({ hasText: "已导出 1 条投诉" }).waitFor();
    // Still in reception mode; the dialog closes back to the form.
    await page.getByTestId("reception-exit-cancel").click();
    await page.getByTestId("reception-form").waitFor();
  });

  test("leaving takes a staff PIN: a wrong one is refused, the right one opens the desk", async () => {
    await page.getByTestId("reception-exit").click();
    await page.locator(`[data-testid="signin-staff"][data-name="${MANAGER}"]`).click();
    await page.getByTestId("reception-exit-pin").fill("0000");
    await page.getByTestId("reception-exit-confirm").click();
    await page.getByTestId("reception-exit-error").filter({ hasText: "密码错误" }).waitFor();
    assert.equal(await page.getByTestId("nav-queue").count(), 0);
    await page.getByTestId("reception-exit-pin").fill(PINS[MANAGER]);
    await page.getByTestId("reception-exit-confirm").click();
    await page.getByTestId("nav-queue").waitFor();
    // The customer's complaint is on the desk: channel 案场, received by who opened the mode.
    await page.goto(`${server.url}#/c/${number}`);
    await page.locator('[data-testid="detail-status"][data-status="registered"]').waitFor();
    const first = page.getByTestId("timeline-event").first();
    assert.match(await first.innerText(), new RegExp(`${MANAGER}（经理）`));
    assert.match(await page.locator("body").innerText(), /案场/);
    await page.locator('[data-testid="attachment-thumb"][data-name="合同第三页.pdf"]').waitFor();
    await page.getByTestId("nav-settings").click();
    await page.getByTestId("audit-list").filter({ hasText: "本设备退出案场接待模式" }).waitFor();
  });
});
