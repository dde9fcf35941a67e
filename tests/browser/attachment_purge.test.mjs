// The manager's purge of removed attachments (issue 13): two photos attached, one removed,
// the complaint archived; a manager's purge deletes the removed photo's file from IndexedDB
// and keeps the other, the timeline shows the purge, and a handler is not offered it.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { openDesk, registerComplaint, actAs } from "./harness.mjs";

/** A small JPEG of one colour, made in the page. */
async function makePhoto(page, hue) {
  const b64 = await page.evaluate(async (hue) => {
    const c = new OffscreenCanvas(640, 480);
    const g = c.getContext("2d");
    g.fillStyle = `hsl(${hue}, 60%, 50%)`;
    g.fillRect(0, 0, 640, 480);
    g.fillStyle = "#fff";
    g.fillRect(hue % 300, 100, 120, 80);
    const blob = await c.convertToBlob({ type: "image/jpeg", quality: 0.9 });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let s = "";
    for (const b of bytes) s += String.fromCharCode(b);
    return btoa(s);
  }, hue);
  return Buffer.from(b64, "base64");
}

/** Whether IndexedDB's `files` store holds a file under `hash`. */
async function isStored(page, hash) {
  return page.evaluate(async (hash) => {
    const db = await new Promise((ok, ko) => {
      const r = indexedDB.open("complaint-desk");
      r.onsuccess = () => ok(r.result);
      r.onerror = () => ko(r.error);
    });
    const found = await new Promise((ok, ko) => {
      const r = db.transaction("files").objectStore("files").get(hash);
      r.onsuccess = () => ok(r.result !== undefined);
      r.onerror = () => ko(r.error);
    });
    db.close();
    return found;
  }, hash);
}

async function act(page, name, fields, expect) {
  await page.getByTestId(`action-${name}`).click();
  for (const [field, value] of Object.entries(fields)) {
    const input = page.getByTestId(`action-field-${field}`);
    const tag = await input.evaluate((el) => el.tagName);
    if (tag === "SELECT") await input.selectOption(value);
    else await input.fill(value);
  }
  await page.getByTestId("action-confirm").click();
  await page.locator(`[data-testid="detail-status"][data-status="${expect}"]`).waitFor();
}

describe("purging removed attachments of an archived complaint", { timeout: 180_000 }, () => {
  let server, prof, page;

  before(async () => {
    ({ server, prof, page } = await openDesk("SH01", "A"));
  });

  after(async () => {
    await prof.remove();
    await server.stop();
  });

  test("a manager purges the removed photo's file; the kept one stays; a handler sees no button", async () => {
    const photos = [await makePhoto(page, 20), await makePhoto(page, 200)];
    await page.getByTestId("nav-intake").click();
    const number = await registerComplaint(page, "阳台玻璃破裂，见照片", "", async () => {
      await page.getByTestId("attach-input").setInputFiles([
        { name: "玻璃.jpg", mimeType: "image/jpeg", buffer: photos[0] },
        { name: "阳台.jpg", mimeType: "image/jpeg", buffer: photos[1] },
      ]);
      await page.locator('[data-testid="attach"][data-busy="false"]').waitFor();
      await page.locator('[data-testid="attach-pending"]').nth(1).waitFor();
    });
    await page.goto(`${server.url}#/c/${number}`);
    const thumbs = page.locator('[data-testid="attachment-thumb"]');
    await thumbs.nth(1).waitFor();
    const gone = await thumbs.nth(0).getAttribute("data-hash");
    const kept = await thumbs.nth(1).getAttribute("data-hash");
    assert.notEqual(gone, kept);
    await thumbs.nth(0).click();
    await page.getByTestId("attachment-remove").click();
    await page.getByTestId("attachment-view").waitFor({ state: "detached" });
    await page.locator('[data-testid="timeline-event"][data-action="detach"]').waitFor();
    // Not archived yet: no purge offered, the removed file is still stored.
    assert.equal(await page.getByTestId("attachment-purge").count(), 0);
    assert.ok(await isStored(page, gone));

    await act(page, "dispatch", { handler: "处理人" }, "dispatched");
    await actAs(page, "处理人");
    await act(page, "acknowledge", {}, "acknowledged");
    await act(page, "investigate", { findings: "玻璃自爆", responsibility: "施工单位" }, "investigating");
    await act(page, "propose", { plan: "更换玻璃" }, "plan_proposed");
    await actAs(page, "经理");
    await act(page, "approve", {}, "plan_approved");
    await actAs(page, "处理人");
    await act(page, "carry_out", { result: "已更换" }, "carried_out");
    await act(page, "answer", { reply: "已告知客户" }, "answered");
    await act(page, "callback", { score: "5" }, "called_back");
    await act(page, "archive", {}, "archived");
    // A handler is not offered the purge.
    assert.equal(await page.getByTestId("attachment-purge").count(), 0);

    await actAs(page, "经理");
    await page.locator('[data-testid="detail-status"][data-status="archived"]').waitFor();
    await page.getByTestId("attachment-purge").click();
    await page.locator('[data-testid="timeline-event"][data-action="purge_files"]').waitFor();
    assert.match(
      await page.locator('[data-testid="timeline-event"][data-action="purge_files"]').innerText(),
      /清除已移除附件的文件 1 个/,
    );
    assert.equal(await isStored(page, gone), false, "the removed photo's file is deleted");
    assert.ok(await isStored(page, kept), "the photo still shown is kept");
    // Nothing left to purge: the button goes; the kept photo still shows after a reload.
    assert.equal(await page.getByTestId("attachment-purge").count(), 0);
    await page.reload();
    await page.locator(`[data-testid="attachment-thumb"][data-hash="${kept}"]`).waitFor();
    assert.equal(await page.locator('[data-testid="timeline-event"][data-action="detach"]').count(), 1);
    assert.equal(await page.getByTestId("attachment-purge").count(), 0);
  });
});
