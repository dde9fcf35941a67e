// The export file's JSON Schema (public/export.schema.json) against real files: a file written
// by the benchmark's generator (the app's format, tests/bench/gen.mjs), the NDJSON sample that
// `cargo test --test host exchange::files` writes (header line and every complaint line), and
// files broken on purpose that the schema must refuse. Needs no browser.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { writeExport } from "../bench/gen.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, "../..");
const SCHEMA_PATH = path.join(ROOT, "public/export.schema.json");
const NDJSON_SAMPLE = path.join(ROOT, "target/tmp/ndjson-sample.ndjson");
const BUYERS_SAMPLE = path.join(ROOT, "target/tmp/ndjson-buyers-sample.ndjson");

const schema = JSON.parse(fs.readFileSync(SCHEMA_PATH, "utf8"));
// Strict, except for Ajv's tuple lint: `events` is deliberately an open tuple (a `register`
// event, then any number of later events), which strictTuples would flag.
const ajv = new Ajv2020({ allErrors: true, strict: true, strictTuples: false });
addFormats(ajv);
ajv.addSchema(schema);
const validateFile = ajv.getSchema(schema.$id);
const validateHeader = ajv.getSchema(`${schema.$id}#/$defs/ndjsonHeader`);
const validateComplaint = ajv.getSchema(`${schema.$id}#/$defs/complaint`);
const validateBuyerLine = ajv.getSchema(`${schema.$id}#/$defs/buyerLine`);

/** Ajv's errors, one per line, for a failure message (at most `max`). */
function report(errors, max = 20) {
  if (!errors) return "";
  const lines = errors
    .slice(0, max)
    .map((e) => `  ${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`);
  if (errors.length > max) lines.push(`  … and ${errors.length - max} more`);
  return lines.join("\n");
}

function assertValid(validate, value, what) {
  const ok = validate(value);
  assert.ok(ok, `${what} should match the schema:\n${report(validate.errors)}`);
}

/** Asserts that `value` fails, and (given `where`) that an error points at a matching path. */
function assertInvalid(validate, value, what, where) {
  assert.equal(validate(value), false, `${what} should NOT match the schema`);
  assert.ok(validate.errors.length > 0);
  if (where) {
    assert.ok(
      validate.errors.some((e) => where.test(e.instancePath)),
      `${what}: expected an error at ${where}, got:\n${report(validate.errors)}`
    );
  }
}

describe("export file schema", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "desk-export-schema-"));
  let file;

  before(async () => {
    const out = path.join(tmp, "complaints.json");
    const info = await writeExport(out, 300);
    assert.equal(info.complaints, 300);
    file = JSON.parse(fs.readFileSync(out, "utf8"));
  });

  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test("the schema compiled and names its parts", () => {
    assert.equal(schema.$schema, "https://json-schema.org/draft/2020-12/schema");
    assert.equal(typeof validateFile, "function");
    assert.equal(typeof validateHeader, "function");
    assert.equal(typeof validateComplaint, "function");
  });

  test("a generated export file (300 complaints) matches", (t) => {
    assertValid(validateFile, file, "the generated file");
    const actions = new Set(file.complaints.flatMap((c) => c.events.map((e) => e.action)));
    t.diagnostic(`${file.complaints.length} complaints, actions seen: ${[...actions].sort().join(" ")}`);
  });

  test("the NDJSON sample written by cargo test matches, line by line", (t) => {
    if (!fs.existsSync(NDJSON_SAMPLE)) {
      const rel = path.relative(ROOT, NDJSON_SAMPLE);
      t.diagnostic(`${rel} is missing (written by cargo test --test host exchange::files)`);
      t.skip("no NDJSON sample");
      return;
    }
    const lines = fs
      .readFileSync(NDJSON_SAMPLE, "utf8")
      .replace(/^\uFEFF/, "")
      .split("\n")
      .map((l) => l.replace(/\r$/, ""))
      .filter((l) => l.trim() !== "");
    assert.ok(lines.length >= 1, "the sample has a header line");
    const header = JSON.parse(lines[0]);
    assertValid(validateHeader, header, "line 1 (header)");
    // Every other line is a complaint; the JSON file's own schema must refuse the header.
    assertInvalid(validateFile, header, "the NDJSON header as a JSON export file");
    for (const [i, line] of lines.slice(1).entries()) {
      assertValid(validateComplaint, JSON.parse(line), `line ${i + 2}`);
    }
    assert.equal(header.count, lines.length - 1, "count is the number of complaint lines");
    t.diagnostic(`header and ${lines.length - 1} complaint lines valid`);
  });

  test("a version-2 NDJSON sample with buyers matches: complaint lines, then buyer lines", (t) => {
    if (!fs.existsSync(BUYERS_SAMPLE)) {
      t.skip("no buyers sample (written by cargo test --test host exchange::version2)");
      return;
    }
    const lines = fs.readFileSync(BUYERS_SAMPLE, "utf8").split("\n").filter((l) => l.trim() !== "");
    const header = JSON.parse(lines[0]);
    assertValid(validateHeader, header, "line 1 (header)");
    assert.equal(header.version, 2);
    assert.ok(header.buyers > 0, "the sample has buyers");
    assert.equal(lines.length, 1 + header.count + header.buyers);
    for (const [i, line] of lines.slice(1, 1 + header.count).entries()) {
      assertValid(validateComplaint, JSON.parse(line), `line ${i + 2}`);
    }
    for (const [i, line] of lines.slice(1 + header.count).entries()) {
      assertValid(validateBuyerLine, JSON.parse(line), `buyer line ${i + 1}`);
    }
    // A buyer reached without a score, or an entry of an unknown type, is refused.
    const buyer = JSON.parse(lines[1 + header.count]);
    const noScore = structuredClone(buyer);
    const call = noScore.entries.find((e) => e.type === "callback" && e.reached);
    delete call.score;
    assertInvalid(validateBuyerLine, noScore, "a reached callback without a score");
    const odd = structuredClone(buyer);
    odd.entries[0].type = "visit";
    assertInvalid(validateBuyerLine, odd, "an entry of an unknown type", /entries\/0\/type/);
    t.diagnostic(`${header.count} complaint lines and ${header.buyers} buyer lines valid`);
  });

  describe("broken files are refused", () => {
    /** A deep copy of the generated file with `edit` applied to it. */
    const broken = (edit) => {
      const copy = structuredClone(file);
      edit(copy);
      return copy;
    };
    /** The first complaint whose history has an event of `action`. */
    const withAction = (f, action) => {
      const c = f.complaints.find((c) => c.events.some((e) => e.action === action));
      assert.ok(c, `the generated file has a ${action} event`);
      return c.events.find((e) => e.action === action);
    };

    test("wrong format", () => {
      const f = broken((f) => (f.format = "complaint-desk-backup"));
      assertInvalid(validateFile, f, "format complaint-desk-backup", /^\/format$/);
    });

    test("version 3", () => {
      assertInvalid(validateFile, broken((f) => (f.version = 3)), "version 3", /^\/version$/);
    });

    test("an event with an unknown action", () => {
      assertInvalid(
        validateFile,
        broken((f) => (withAction(f, "acknowledge").action = "teleport")),
        "an event with action teleport",
        /^\/complaints\/\d+\/events\/\d+\/action$/
      );
    });

    test("a dispatch event without handler", () => {
      const missing = broken((f) => delete withAction(f, "dispatch").handler);
      assertInvalid(validateFile, missing, "dispatch without handler", /^\/complaints\/\d+\/events\/\d+$/);
      const nulled = broken((f) => (withAction(f, "dispatch").handler = null));
      assertInvalid(validateFile, nulled, "dispatch with handler null", /\/events\/\d+\/handler$/);
    });

    test("a callback with score 6", () => {
      const f = broken((f) => (withAction(f, "callback").score = 6));
      assertInvalid(validateFile, f, "callback score 6", /\/events\/\d+\/score$/);
    });

    test("an `at` without offset", () => {
      assertInvalid(
        validateFile,
        broken((f) => {
          const e = f.complaints[0].events[0];
          e.at = e.at.replace(/([+-]\d\d:\d\d|Z)$/, "");
          assert.match(e.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?$/);
        }),
        "an event time without offset",
        /^\/complaints\/0\/events\/0\/at$/
      );
    });

    test("a complaint with no events", () => {
      const f = broken((f) => (f.complaints[0].events = []));
      assertInvalid(validateFile, f, "a complaint with no events", /^\/complaints\/0\/events$/);
      const line = { ...file.complaints[0], events: [] };
      assertInvalid(validateComplaint, line, "an NDJSON complaint line with no events", /^\/events$/);
    });

    test("attach and detach events (issue 13): well formed ones match, broken ones are refused", () => {
      const HASH = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
      const withFiles = (edit) =>
        broken((f) => {
          const c = f.complaints[0];
          const last = c.events.at(-1);
          const base = { id: `${last.id}9`, at: last.at, actor: "客服专员", role: "desk", note: "" };
          const id = `${base.id}-1`;
          c.events.push(
            { ...base, action: "attach", attachments: [{ id, name: "墙面.jpg", type: "image/jpeg", size: 250000, hash: HASH }] },
            { ...base, id: `${last.id}8`, action: "detach", attachment: id },
          );
          f.settings.attachments = { max_document_mb: 20, keep_original_photos: false };
          edit(c.events.at(-2), c.events.at(-1), f);
        });
      assertValid(validateFile, withFiles(() => {}), "a file with attach and detach events");
      const last = (f) => f.complaints[0].events.length - 2;
      const bad = [
        ["an attach without files", (a) => (a.attachments = []), /attachments$/],
        ["an attach without its list", (a) => delete a.attachments, /events\/\d+$/],
        ["an attachment with a bad hash", (a) => (a.attachments[0].hash = "ABC"), /attachments\/0\/hash$/],
        ["an attachment without a type", (a) => delete a.attachments[0].type, /attachments\/0$/],
        ["a detach without its attachment", (_, d) => delete d.attachment, /events\/\d+$/],
        ["a document limit of 0 MB", (_, __, f) => (f.settings.attachments.max_document_mb = 0), /max_document_mb$/],
      ];
      for (const [what, edit, where] of bad) {
        const f = withFiles(edit);
        assert.ok(last(f) > 0);
        assertInvalid(validateFile, f, what, where);
      }
    });

    test("a history that does not start with register", () => {
      assertInvalid(
        validateFile,
        broken((f) => {
          const c = f.complaints.find((c) => c.events.length > 1);
          c.events.shift();
        }),
        "a history starting with its second event",
        /\/events\/0\/action$/
      );
    });
  });
});
