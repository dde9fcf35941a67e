// Shared set-up for the browser suite: a static server for dist/ on 127.0.0.1 that a test can
// stop and restart, and headless Debian Chromium driven by playwright-core.
import http from "node:http";
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
export const DIST = path.resolve(here, "../../dist");

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".wasm": "application/wasm",
  ".css": "text/css",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
  ".svg": "image/svg+xml",
};

/** Serves dist/ on 127.0.0.1; `port` 0 picks a free one. Returns { url, port, stop }. */
export async function serve(port = 0) {
  if (!fs.existsSync(path.join(DIST, "index.html"))) {
    throw new Error("dist/ is missing: build the release bundle first (trunk build --release)");
  }
  const server = http.createServer(async (req, res) => {
    const rel = decodeURIComponent(new URL(req.url, "http://x").pathname).replace(/^\/+/, "");
    const file = path.join(DIST, rel === "" ? "index.html" : rel);
    if (!file.startsWith(DIST)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await fsp.readFile(file);
      res.writeHead(200, {
        "content-type": MIME[path.extname(file)] || "application/octet-stream",
        "cache-control": "no-cache",
      });
      res.end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  const sockets = new Set();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  const actual = server.address().port;
  return {
    port: actual,
    url: `http://127.0.0.1:${actual}/`,
    stop: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/**
 * A persistent browser profile in a fresh temporary directory (or in `keep`, kept between
 * runs); `open()` (re)launches it.
 */
export async function profile(keep) {
  const dir = keep || (await fsp.mkdtemp(path.join(os.tmpdir(), "complaint-desk-")));
  await fsp.mkdir(dir, { recursive: true });
  let context = null;
  return {
    dir,
    async open(viewport = { width: 1366, height: 768 }) {
      context = await chromium.launchPersistentContext(dir, {
        executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
        headless: true,
        args: ARGS,
        viewport,
        acceptDownloads: true,
        locale: "zh-CN",
        timezoneId: "Asia/Shanghai",
      });
      const page = context.pages()[0] || (await context.newPage());
      page.on("pageerror", (e) => console.error("pageerror:", e.message));
      return { context, page };
    },
    async close() {
      if (context) await context.close();
      context = null;
    },
    async remove() {
      await this.close();
      await fsp.rm(dir, { recursive: true, force: true });
    },
  };
}

/** The first manager the harness sets up, and every starter staff member's PIN. */
export const MANAGER = "经理";
export const PINS = { 经理: "1234", 客服专员: "2345", 处理人: "3456", 总经理: "4567" };
/** The initial PIN the manager gives a colleague (changed at their first sign-in). */
export const INITIAL_PIN = "9090";

/** Who has chosen their own PIN, per browser context (the harness sets it up once). */
const ready = new WeakMap();

/** First-run setup with the given codes and the first manager, then waits for the app shell. */
export async function setup(page, office = "SH01", device = "A") {
  await page.getByTestId("setup-office").fill(office);
  await page.getByTestId("setup-device").fill(device);
  await page.getByTestId("setup-manager-name").fill(MANAGER);
  await page.getByTestId("setup-manager-pin").fill(PINS[MANAGER]);
  await page.getByTestId("setup-save").click();
  await page.getByTestId("nav-intake").waitFor();
}

/** The name of the person signed in (from the header), or "" when locked. */
export async function signedIn(page) {
  const header = page.getByTestId("signed-in");
  if ((await header.count()) === 0) return "";
  return (await header.innerText()).replace(/（.*$/, "");
}

/** On the sign-in screen: picks `name` and types `pin`; waits until they are signed in. */
export async function signIn(page, name, pin = PINS[name]) {
  await page.locator(`[data-testid="signin-staff"][data-name="${name}"]`).click();
  await page.getByTestId("signin-pin").fill(pin);
  await page.getByTestId("signin-submit").click();
  await page.locator('[data-testid="signed-in"]', { hasText: name }).waitFor();
}

/**
 * Acts as `name` from now on: switches user with their PIN. The first time in a browser
 * profile the manager sets an initial PIN for them in settings and they choose their own at
 * their first sign-in, as a real colleague would. The page comes back to where it was.
 */
export async function actAs(page, name) {
  if ((await signedIn(page)) === name) return;
  const known = ready.get(page.context()) || new Set([MANAGER]);
  ready.set(page.context(), known);
  const url = page.url();
  if (!known.has(name)) {
    if ((await signedIn(page)) !== MANAGER) {
      await page.getByTestId("switch-user").click();
      await signIn(page, MANAGER);
    }
    await page.getByTestId("nav-settings").click();
    await page.locator(`[data-testid="staff-row"][data-name="${name}"] [data-testid="staff-set-pin"]`).click();
    await page.getByTestId("staff-pin").fill(INITIAL_PIN);
    await page.getByTestId("staff-pin-save").click();
    await page.locator('[data-testid="staff-pin-result"]', { hasText: "已为" }).waitFor();
    await page.getByTestId("switch-user").click();
    await page.locator(`[data-testid="signin-staff"][data-name="${name}"]`).click();
    await page.getByTestId("signin-pin").fill(INITIAL_PIN);
    await page.getByTestId("signin-submit").click();
    await page.getByTestId("signin-new-pin").fill(PINS[name]);
    await page.getByTestId("signin-new-pin2").fill(PINS[name]);
    await page.getByTestId("signin-change-submit").click();
    await page.locator('[data-testid="signed-in"]', { hasText: name }).waitFor();
    known.add(name);
    await page.goto(url);
  } else {
    await page.getByTestId("switch-user").click();
    await signIn(page, name);
  }
}

/**
 * The bundle served on 127.0.0.1 and a fresh browser profile on it, set up as
 * `office`/`device`: `{ server, prof, page }`. Stop with `prof.remove()` and `server.stop()`.
 */
export async function openDesk(office = "SH01", device = "A") {
  const server = await serve();
  const prof = await profile();
  const { page } = await prof.open();
  await page.goto(server.url);
  await setup(page, office, device);
  return { server, prof, page };
}

/** The number of the complaint in {@link oldComplaintFile}. */
export const OLD_NUMBER = "SH01-B-20260302-0001";

/**
 * An export file from office SH01's device B with one complaint registered on 2026-03-02
 * 10:00 and never dispatched: long overdue, so a desk of SH01 escalates it.
 */
export function oldComplaintFile() {
  const at = "2026-03-02T10:00:00+08:00";
  return {
    format: "complaint-desk-export",
    version: 1,
    office: "SH01",
    device: "B",
    exported_at: at,
    settings: {
      office_code: "SH01",
      device_code: "B",
      staff: [{ name: "客服专员", role: "desk" }],
      categories: ["工程质量"],
    },
    complaints: [
      {
        number: OLD_NUMBER,
        office: "SH01",
        events: [
          {
            id: "SH01-B-1-1",
            at,
            actor: "客服专员",
            role: "desk",
            note: "",
            action: "register",
            intake: {
              customer_name: "赵敏",
              phone: "13912345678",
              customer_type: "owner",
              project: "翠湖天地",
              building: "2栋",
              unit: "801",
              event_time: "",
              event_place: "",
              content: "地下车库渗水，车辆被泡",
              desired_remedy: "赔偿损失",
              mood: "angry",
              channel: "phone",
              kind: "complaint",
              category: "工程质量",
              severity: "general",
            },
          },
        ],
        derived: {
          status: "registered",
          category: "工程质量",
          severity: "general",
          handler: null,
          score: null,
          accepted: null,
          received_at: at,
          updated_at: at,
          closed_at: null,
        },
      },
    ],
  };
}

/** Imports the export file at `file` on the exchange screen and waits for "新增 `count` 条". */
export async function importFile(page, file, count) {
  await page.getByTestId("nav-exchange").click();
  await page.getByTestId("import-file").setInputFiles(file);
  await page
    .getByTestId("import-result")
    .filter({ hasText: `新增 ${count} 条` })
    .waitFor({ timeout: 60_000 });
}

/**
 * Registers a general complaint of 王芳 on the intake screen (which must be open) and returns
 * its number, once shown and different from `before`; `prepare`, when given, runs after the
 * fields are filled and before the form is submitted (to set more facts).
 */
export async function registerComplaint(page, content, before = "", prepare = null) {
  await page.getByTestId("intake-name").fill("王芳");
  await page.getByTestId("intake-phone").fill("13812345678");
  await page.getByTestId("intake-category").selectOption("工程质量");
  await page.getByTestId("intake-project").fill("滨江华府");
  await page.getByTestId("intake-building").fill("3栋");
  await page.getByTestId("intake-unit").fill("1202");
  await page.getByTestId("intake-content").fill(content);
  if (prepare) await prepare();
  await page.getByTestId("intake-submit").click();
  await page.waitForFunction((before) => {
    const el = document.querySelector('[data-testid="new-number"]');
    return el && el.textContent.trim() !== "" && el.textContent.trim() !== before;
  }, before);
  return (await page.getByTestId("new-number").innerText()).trim();
}

/** Opens the header's staff menu (a disclosure: clicking an open one would close it). */
export async function openStaffMenu(page) {
  const menu = page.getByTestId("staff-menu");
  if (!(await menu.evaluate((el) => el.open))) await menu.locator("summary").click();
}

/**
 * Sets the idle lock to its longest (240 minutes), for runs that leave the app without input
 * for longer than the default ten minutes (the benchmark's imports and restarts).
 */
export async function keepSignedIn(page) {
  await page.getByTestId("nav-settings").click();
  await page.getByTestId("settings-lock-minutes").fill("240");
  await page.getByTestId("settings-save").click();
  await page.getByTestId("settings-result").filter({ hasText: "设置已保存" }).waitFor();
}

/** Signs the manager in if the app shows its sign-in screen (a profile reused later). */
export async function signInIfLocked(page) {
  const staff = page.locator(`[data-testid="signin-staff"][data-name="${MANAGER}"]`);
  const desk = page.getByTestId("nav-queue");
  await Promise.race([staff.waitFor({ timeout: 600_000 }), desk.waitFor({ timeout: 600_000 })]);
  if ((await staff.count()) > 0) await signIn(page, MANAGER);
}
