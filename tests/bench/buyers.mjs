// Measures the after-sales screens with a large buyer list (issue 12): the import of a
// 5,000-row CSV (preview, then write), the buyer list's first page and a search, and the
// callback worklist with its quotas. Figures are informative (they depend on the machine).
//
//   node tests/bench/buyers.mjs [rows]      (after a release build)
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { openDesk } from "../browser/harness.mjs";

const rows = Number(process.argv[2] || 5000);
const month = new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(new Date()).slice(0, 7);
const [y, m] = month.split("-").map(Number);
const lines = ["姓名,电话,项目,楼栋,房号,签约日期,交房日期,销售顾问"];
for (let i = 0; i < rows; i++) {
  // Signed over the last twelve months; a third handed over this month.
  const back = i % 12;
  const sy = m - back > 0 ? y : y - 1;
  const sm = ((m - back - 1 + 12) % 12) + 1;
  const signed = `${sy}-${String(sm).padStart(2, "0")}-${String((i % 28) + 1).padStart(2, "0")}`;
  const handover = i % 3 === 0 ? `${month}-${String((i % 28) + 1).padStart(2, "0")}` : "";
  lines.push(`客户${i},139${String(i).padStart(8, "0")},项目${i % 5},${i % 20}栋,${1000 + i},${signed},${handover},顾问${i % 25}`);
}
const dir = await fs.mkdtemp(path.join(os.tmpdir(), "desk-buyers-bench-"));
const file = path.join(dir, "buyers.csv");
await fs.writeFile(file, lines.join("\n") + "\n");

const { server, prof, page } = await openDesk("SH01", "A");
const time = async (what, f) => {
  const t = performance.now();
  await f();
  const ms = Math.round(performance.now() - t);
  console.log(`${what}: ${ms} ms`);
};
try {
  await page.getByTestId("nav-buyers").click();
  await time(`preview of ${rows} rows`, async () => {
    await page.getByTestId("buyer-import-file").setInputFiles(file);
    await page.getByTestId("buyer-import-preview").waitFor({ timeout: 120_000 });
  });
  await time(`import of ${rows} rows (one transaction) and the list's first page`, async () => {
    await page.getByTestId("buyer-import-confirm").click();
    await page.getByTestId("buyer-import-result").filter({ hasText: "新增" }).waitFor({ timeout: 120_000 });
    await page.getByTestId("buyer-row").first().waitFor();
  });
  await time("the buyer list opened again (read all, first 100 rows)", async () => {
    await page.getByTestId("nav-callbacks").click();
    await page.getByTestId("quota-signing").waitFor();
    await page.getByTestId("nav-buyers").click();
    await page.getByTestId("buyer-row").nth(99).waitFor();
  });
  await time("a search by phone", async () => {
    await page.getByTestId("buyer-search").fill("13900004321");
    await page.getByTestId("buyer-count").filter({ hasText: "共 1 位" }).waitFor();
  });
  await time("the callback worklist of this month with its quotas", async () => {
    await page.getByTestId("nav-callbacks").click();
    await page.getByTestId("callback-row").first().waitFor();
    await page.getByTestId("quota-signing").filter({ hasText: /\/[1-9]/ }).waitFor();
  });
  console.log(`quota-signing ${await page.getByTestId("quota-signing").innerText()}, quota-handover ${await page.getByTestId("quota-handover").innerText()}, rows shown ${await page.getByTestId("callback-row").count()}`);
} finally {
  await prof.remove();
  await server.stop();
  await fs.rm(dir, { recursive: true, force: true });
}
