// An import bigger than the browser lets this site store: the message says the device's
// storage is full, how much is used and allowed, and what to do; nothing is written.
// Chromium's DevTools protocol gives the origin a small quota before it first uses storage.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { serve, profile, setup } from "./harness.mjs";
import { writeExport } from "../bench/gen.mjs";

const QUOTA = 6 * 1024 * 1024;

describe("an import that does not fit in the storage quota", { timeout: 180_000 }, () => {
  let server, prof, page, file;
  const tmp = path.join(os.tmpdir(), `desk-quota-${process.pid}`);

  before(async () => {
    await fs.mkdir(tmp, { recursive: true });
    // About 30 MB of JSON: far more than the quota, however the browser packs it.
    ({ path: file } = await writeExport(path.join(tmp, "big.json"), 20_000));
    server = await serve();
    prof = await profile();
    ({ page } = await prof.open());
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Storage.overrideQuotaForOrigin", {
      origin: server.url.replace(/\/$/, ""),
      quotaSize: QUOTA,
    });
    await page.goto(server.url);
    await setup(page, "SH01", "A");
  });

  after(async () => {
    await prof.remove();
    await server.stop();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  test("is refused in Chinese with the usage and the quota, and writes no complaint", async () => {
    await page.getByTestId("nav-exchange").click();
    await page.getByTestId("import-file").setInputFiles(file);
    const result = page.getByTestId("import-result");
    await result.filter({ hasText: "存储空间已满" }).waitFor({ timeout: 150_000 });
    const text = await result.innerText();
    // The figures are the browser's own estimate (Chromium's estimate does not reflect the
    // DevTools override, so only their presence is checked here).
    assert.match(text, /已用 \d+ MB，上限 \d+ MB/, text);
    assert.match(text, /没有写入任何数据/, text);
    assert.doesNotMatch(text.replace("big.json", ""), /[A-Za-z]{4,}/, `no English in: ${text}`);
    await page.getByTestId("nav-queue").click();
    await page.locator('[data-testid="queue-count"]', { hasText: /^0$/ }).waitFor();
    await page.reload();
    await page.getByTestId("nav-queue").click();
    await page.locator('[data-testid="queue-count"]', { hasText: /^0$/ }).waitFor();
  });
});
