// A CouchDB-compatible server for the sync tests: `pouchdb-server` from npm (it speaks
// CouchDB's replication protocol), on 127.0.0.1 with its data in a temporary directory, set
// up as an office would set up CouchDB: an admin, one user per device, the office's
// database with those users as its members, and CORS for the app's address.
import { spawn } from "node:child_process";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import net from "node:net";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const BIN = path.resolve(here, "../node_modules/.bin/pouchdb-server");
const ADMIN = ["admin", "admin-secret"];

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

/**
 * Starts the server. Returns `{ url, db, dbUrl, users, start, stop, request, remove }`:
 * `stop()` kills it (as a crash would) and `start()` starts it again on the same port with
 * the same data.
 */
export async function startCouch({ db = "sh01", users = ["pc1", "pc2", "tablet"] } = {}) {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), "complaint-couch-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child = null;
  const auth = "Basic " + Buffer.from(ADMIN.join(":")).toString("base64");

  async function request(method, p, body, headers = {}) {
    const res = await fetch(url + p, {
      method,
      headers: { "content-type": "application/json", authorization: auth, ...headers },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let json = null;
    try {
      json = JSON.parse(text);
    } catch {}
    return { status: res.status, json, text };
  }

  async function start() {
    child = spawn(BIN, ["--port", String(port), "--host", "127.0.0.1", "--dir", dir], {
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.on("data", () => {});
    child.stderr.on("data", () => {});
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        const res = await fetch(url + "/");
        if (res.ok) break;
      } catch {}
      if (Date.now() > deadline) throw new Error("pouchdb-server did not start");
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async function stop() {
    if (!child) return;
    const c = child;
    child = null;
    await new Promise((resolve) => {
      c.on("exit", resolve);
      c.kill("SIGKILL");
    });
  }

  await start();
  // CORS for any origin (the tests' app runs on another port of 127.0.0.1), with the
  // credentials header the app sends.
  // Before the admin exists the server takes configuration from anyone (as a fresh
  // CouchDB does); the admin is set last.
  const open = async (section, key, value) => {
    const res = await fetch(`${url}/_config/${section}/${key}`, {
      method: "PUT",
      body: JSON.stringify(value),
    });
    if (!res.ok) throw new Error(`config ${section}/${key}: ${res.status}`);
  };
  await open("httpd", "enable_cors", "true");
  await open("cors", "origins", "*");
  await open("cors", "credentials", "true");
  await open("cors", "methods", "GET, PUT, POST, HEAD, DELETE");
  await open("cors", "headers", "accept, authorization, content-type, origin, referer");
  await open("admins", ADMIN[0], ADMIN[1]);
  await request("PUT", `/${db}`);
  for (const name of users) {
    await request("PUT", `/_users/org.couchdb.user:${name}`, {
      name,
      password: `${name}-pw`,
      roles: [],
      type: "user",
    });
  }
  await request("PUT", `/${db}/_security`, {
    admins: { names: [ADMIN[0]], roles: [] },
    members: { names: users, roles: [] },
  });
  return {
    url,
    db,
    dbUrl: `${url}/${db}`,
    password: (user) => `${user}-pw`,
    request,
    start,
    stop,
    async remove() {
      await stop();
      await fsp.rm(dir, { recursive: true, force: true });
    },
  };
}

/** Sets sync on the app in `page` (signed in as a manager): fills 同步 and saves. */
export async function setSync(page, couch, user) {
  await page.getByTestId("nav-settings").click();
  await page.getByTestId("sync-url").fill(couch.dbUrl);
  await page.getByTestId("sync-user").fill(user);
  await page.getByTestId("sync-password").fill(couch.password(user));
  await page.getByTestId("sync-save").click();
  await page.locator('[data-testid="sync-save-result"]', { hasText: "已保存" }).waitFor();
}

/** Waits until the header says 已同步 with nothing waiting. */
export async function waitSynced(page, timeout = 30_000) {
  await page
    .locator('[data-testid="sync-state"][data-state="synced"][data-pending="0"]')
    .waitFor({ timeout });
}
