// The page's Content-Security-Policy: the app itself runs (its loader is allowed by hash),
// an inline script injected into the page does not, nor a script from another origin, and
// the app refuses to show itself inside another site's frame.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { serve, profile, setup } from "./harness.mjs";

describe("the content security policy", { timeout: 120_000 }, () => {
  let server, prof, page, other;

  before(async () => {
    server = await serve();
    // Another origin on 127.0.0.1 serving a script and a page that frames the app.
    other = http.createServer((req, res) => {
      if (req.url === "/evil.js") {
        res.writeHead(200, { "content-type": "text/javascript" }).end("window.__remote = 1;");
      } else {
        res.writeHead(200, { "content-type": "text/html" }).end(`<iframe src="${server.url}" width="800" height="600"></iframe>`);
      }
    });
    await new Promise((r) => other.listen(0, "127.0.0.1", r));
    prof = await profile();
    ({ page } = await prof.open());
    await page.goto(server.url);
    await setup(page, "SH01", "A");
  });

  after(async () => {
    await prof.remove();
    await server.stop();
    await new Promise((r) => other.close(r));
  });

  test("the policy is strict and the app runs under it", async () => {
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]{44}'/);
    assert.match(csp, /object-src 'none'/);
    // Requests go to the app itself and to the office's sync server: any https address, and
    // plain http only on this computer.
    assert.match(csp, /connect-src 'self' https: http:\/\/localhost:\* http:\/\/127\.0\.0\.1:\*;/);
    assert.doesNotMatch(csp, /'unsafe-eval'/);
    // Nothing but the sync server's addresses names another origin.
    const others = csp.replace(/connect-src [^;]*;/, "");
    assert.doesNotMatch(others, /https?:/);
    await page.getByTestId("nav-queue").waitFor();
  });

  test("an injected inline script does not run", async () => {
    const violations = await page.evaluate(async () => {
      const seen = [];
      document.addEventListener("securitypolicyviolation", (e) => seen.push(e.violatedDirective));
      const s = document.createElement("script");
      s.textContent = "window.__injected = 1;";
      document.body.appendChild(s);
      const img = document.createElement("img");
      img.setAttribute("src", "x");
      img.setAttribute("onerror", "window.__handler = 1");
      document.body.appendChild(img);
      await new Promise((r) => setTimeout(r, 300));
      return seen;
    });
    assert.equal(await page.evaluate(() => window.__injected), undefined);
    assert.equal(await page.evaluate(() => window.__handler), undefined);
    assert.ok(violations.some((d) => d.startsWith("script-src")), `violations: ${violations}`);
  });

  test("a script from another origin does not load", async () => {
    const port = other.address().port;
    await page.evaluate(async (src) => {
      const s = document.createElement("script");
      s.src = src;
      document.body.appendChild(s);
      await new Promise((r) => setTimeout(r, 500));
    }, `http://127.0.0.1:${port}/evil.js`);
    assert.equal(await page.evaluate(() => window.__remote), undefined);
  });

  test("inside another site's frame the app shows no data", async () => {
    const framing = await page.context().newPage();
    await framing.goto(`http://127.0.0.1:${other.address().port}/`);
    const frame = framing.frames().find((f) => f.url().startsWith(server.url));
    assert.ok(frame, "the frame loaded");
    await frame.getByTestId("fatal-error").waitFor();
    assert.equal(await frame.getByTestId("nav-queue").count(), 0);
    await framing.close();
  });
});
