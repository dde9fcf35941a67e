// The app's two entries: the desk (index.html) and the reception tablet (reception.html, its
// own small bundle). A device in reception mode lands on the reception page from any address
// without downloading the desk's bundle; a device not in reception mode is sent to the desk;
// leaving reception mode opens the desk; both pages work offline from the service worker.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serve, profile, setup, openStaffMenu, PINS, MANAGER } from "./harness.mjs";

const TABLET = { width: 800, height: 1280 };

/** The bundle files (`*_bg.wasm`) the page fetched while `run` ran, by entry name. */
async function wasmFetched(page, run) {
  const seen = [];
  const listen = (req) => {
    const m = req.url().match(/\/([a-z-]+)-[0-9a-f]+_bg\.wasm$/);
    if (m) seen.push(m[1]);
  };
  page.on("requestfinished", listen);
  try {
    await run();
  } finally {
    page.off("requestfinished", listen);
  }
  return seen;
}

describe("the desk's and the reception tablet's entries", { timeout: 240_000 }, () => {
  let server, prof, page;

  before(async () => {
    server = await serve();
    prof = await profile();
    ({ page } = await prof.open(TABLET));
    await page.goto(server.url);
    await setup(page, "SH01", "R");
  });

  after(async () => {
    await prof.remove();
    await server.stop();
  });

  test("the reception page on a device not in reception mode opens the desk", async () => {
    await page.goto(`${server.url}reception.html`);
    await page.getByTestId("nav-queue").waitFor();
    assert.equal(new URL(page.url()).pathname, "/");
    assert.equal(await page.getByTestId("reception-form").count(), 0);
  });

  test("starting reception mode opens the reception page, with its own bundle only", async () => {
    await page.getByTestId("nav-settings").click();
    await page.getByTestId("project-name").fill("翠湖天地");
    await page.getByTestId("project-buildings").fill("1栋");
    await page.getByTestId("project-add").click();
    await page.getByTestId("settings-save").click();
    await page.getByTestId("settings-result").filter({ hasText: "设置已保存" }).waitFor();
    await openStaffMenu(page);
    const fetched = await wasmFetched(page, async () => {
      await page.getByTestId("reception-start").click();
      await page.getByTestId("reception-form").waitFor();
    });
    assert.equal(new URL(page.url()).pathname, "/reception.html");
    assert.deepEqual(fetched, ["reception"]);
  });

  test("the desk's address in reception mode lands on the reception page before the desk's bundle loads", async () => {
    for (const address of [server.url, `${server.url}#/queue`, `${server.url}index.html#/settings`]) {
      const fetched = await wasmFetched(page, async () => {
        await page.goto(address);
        await page.getByTestId("reception-form").waitFor();
      });
      assert.equal(new URL(page.url()).pathname, "/reception.html", address);
      assert.equal(new URL(page.url()).hash, "", address);
      assert.ok(!fetched.includes("complaint-desk"), `${address}: fetched ${fetched}`);
      assert.equal(await page.getByTestId("nav-queue").count(), 0, address);
    }
  });

  test("offline, both pages load from the service worker; leaving reception mode opens the desk", async () => {
    await page.evaluate(() =>
      Promise.race([
        navigator.serviceWorker.ready,
        new Promise((_, reject) => setTimeout(() => reject(new Error("service worker not ready")), 20000)),
      ])
    );
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    const port = server.port;
    await server.stop();
    try {
      await page.goto(`http://127.0.0.1:${port}/#/queue`);
      await page.getByTestId("reception-form").waitFor();
      assert.equal(new URL(page.url()).pathname, "/reception.html");
      await page.getByTestId("reception-exit").click();
      await page.locator(`[data-testid="signin-staff"][data-name="${MANAGER}"]`).click();
      await page.getByTestId("reception-exit-pin").fill(PINS[MANAGER]);
      await page.getByTestId("reception-exit-confirm").click();
      await page.getByTestId("nav-queue").waitFor();
      assert.equal(new URL(page.url()).pathname, "/");
      assert.equal(await page.getByTestId("reception-form").count(), 0);
    } finally {
      server = await serve(port);
    }
  });
});
