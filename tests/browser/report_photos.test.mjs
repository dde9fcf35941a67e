// The monthly report can include a case's photos (issue 13): a late, escalated case gets a
// photo with a later action; in its month's report, ticking 附上案件照片 shows the thumbnail.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { openDesk, importFile, oldComplaintFile, OLD_NUMBER } from "./harness.mjs";

describe("the monthly report with the cases' photos", { timeout: 180_000 }, () => {
  let server, prof, page;

  before(async () => {
    ({ server, prof, page } = await openDesk("SH01", "A"));
  });

  after(async () => {
    await prof.remove();
    await server.stop();
  });

  test("ticking report-photos shows the late case's photo thumbnail", async () => {
    await importFile(
      page,
      { name: "old.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(oldComplaintFile())) },
      1,
    );
    const photo = Buffer.from(
      await page.evaluate(async () => {
        const c = new OffscreenCanvas(400, 300);
        const g = c.getContext("2d");
        g.fillStyle = "hsl(30, 60%, 50%)";
        g.fillRect(0, 0, 400, 300);
        const bytes = new Uint8Array(await (await c.convertToBlob({ type: "image/jpeg" })).arrayBuffer());
        let s = "";
        for (const b of bytes) s += String.fromCharCode(b);
        return btoa(s);
      }),
      "base64",
    );
    await page.goto(`${server.url}#/c/${OLD_NUMBER}`);
    await page.getByTestId("action-dispatch").click();
    await page.getByTestId("action-field-handler").selectOption("处理人");
    await page.getByTestId("attach-input").setInputFiles([{ name: "现场.jpg", mimeType: "image/jpeg", buffer: photo }]);
    await page.locator('[data-testid="attach"][data-busy="false"]').waitFor();
    await page.locator('[data-testid="attach-pending"]').first().waitFor();
    await page.getByTestId("action-confirm").click();
    await page.locator('[data-testid="detail-status"][data-status="dispatched"]').waitFor();
    const thumb = page.locator('[data-testid="attachment-thumb"]').first();
    await thumb.waitFor();
    const hash = await thumb.getAttribute("data-hash");

    await page.goto(`${server.url}#/report/2026-03`);
    await page.locator(`[data-testid="report-case"]`, { hasText: OLD_NUMBER }).waitFor();
    // Not ticked: no photos in the report.
    assert.equal(await page.locator('[data-testid="report"] [data-testid="attachment-thumb"]').count(), 0);
    await page.getByTestId("report-photos").check();
    const row = page.locator(`[data-testid="report-case-photos"][data-number="${OLD_NUMBER}"]`);
    const shown = row.locator(`[data-testid="attachment-thumb"][data-hash="${hash}"]`);
    await shown.waitFor();
    await row.locator("img").first().waitFor();
    assert.ok(await row.locator("img").first().evaluate((img) => img.src.startsWith("blob:")));
    // Unticked: gone again.
    await page.getByTestId("report-photos").uncheck();
    await page.getByTestId("report-photos-list").waitFor({ state: "detached" });
  });
});
