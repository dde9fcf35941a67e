// What the benchmarks print: figures formatted alike, and the table
// `what | figure | budget | plain JS | ratio | verdict` with the details and the failed checks
// under it (bench.mjs for the office, head_office.mjs for head office).
import fsp from "node:fs/promises";

/** The median (the mean of the middle two for an even count); NaN for none. */
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};

/** A duration in ms as the tables print it (ms below a second, s above). */
export const fmtMs = (ms) => (ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`);

/** A count with thousands separators. */
export const fmtN = (n) => n.toLocaleString("en-US");

/** A ratio as the tables print it (`1.23x`). */
export const fmtX = (r, digits = 2) => (Number.isFinite(r) ? `${r.toFixed(digits)}x` : "—");

/**
 * The rows, details and failed checks of one run. `smoke` makes the verdicts informative;
 * `extra` goes into the JSON as it is.
 */
export function report({ smoke = false, ...extra } = {}) {
  const results = { ...extra, smoke, rows: [], details: [], problems: [] };
  return {
    results,
    /** One row of the table. */
    row: (what, figure, budget, plain, ratio, verdict, note) => results.rows.push({ what, figure, budget, plain, ratio, verdict, note }),
    /** One line under the table. */
    detail: (s) => results.details.push(s),
    /** A check that failed: the figures may not mean what they say. */
    problem: (s) => results.problems.push(s),
    /** The verdict of a figure against its budget: ok, OVER, or — when there is none. */
    verdict(ok) {
      if (ok === null || ok === undefined) return "—";
      return smoke ? (ok ? "ok (smoke)" : "over (smoke)") : ok ? "ok" : "OVER";
    },
    /** Prints the table under `title`, then the details and the failed checks. */
    print(title) {
      const head = ["what", "figure", "budget", "plain JS", "ratio", "verdict"];
      const body = results.rows.map((r) => [r.what, r.figure, r.budget, r.plain, r.ratio, r.verdict]);
      const width = (s) => [...s].reduce((w, ch) => w + (/[\u1100-\uffff]/.test(ch) && !/[→≤—]/.test(ch) ? 2 : 1), 0);
      const cols = head.map((_, i) => Math.max(width(head[i]), ...body.map((r) => width(String(r[i] ?? "")))));
      const line = (cells) => "| " + cells.map((c, i) => String(c ?? "") + " ".repeat(cols[i] - width(String(c ?? "")))).join(" | ") + " |";
      const out = [title, line(head), "|" + cols.map((w) => "-".repeat(w + 2)).join("|") + "|"];
      for (const r of body) out.push(line(r));
      out.push("");
      for (const d of results.details) out.push(`  ${d}`);
      if (results.problems.length) {
        out.push("", "checks that failed:");
        for (const p of results.problems) out.push(`  ! ${p}`);
      }
      console.log(out.join("\n"));
    },
    /** Writes everything as JSON to BENCH_JSON, when it is set. */
    async save() {
      if (process.env.BENCH_JSON) await fsp.writeFile(process.env.BENCH_JSON, JSON.stringify(results, null, 2));
    },
  };
}
