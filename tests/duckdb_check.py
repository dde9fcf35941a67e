#!/usr/bin/env python3
"""Runs the README's DuckDB queries against the NDJSON samples that `cargo test` writes.

    cargo test --test host exchange::files    # writes target/tmp/ndjson-sample.ndjson
    pip install duckdb
    python3 tests/duckdb_check.py [path]      # default: target/tmp/ndjson-sample.ndjson

Checks that the query returns one row per complaint line (the header line is skipped by
`WHERE number IS NOT NULL`), in file order, with each complaint's number and derived status
as the file holds them (read here with Python's json module). Then runs the README's quota
query (signing callbacks on time / due per project in 2026-03) against the version-2 sample
with buyers (`target/tmp/ndjson-buyers-sample.ndjson`, written by
`cargo test --test host exchange::version2`) and compares it with the same figures worked out
here from the buyer lines. Exits non-zero on a mismatch.
"""

import json
import pathlib
import sys

QUERY = (
    "SELECT number, derived.status FROM read_json_auto('{path}') "
    "WHERE number IS NOT NULL;"
)

# The README's quota query, word for word (after `SET TimeZone`).
QUOTA_QUERY = """
SELECT project,
       count(*) AS due,
       count(*) FILTER (WHERE len(list_filter(entries, lambda e: e.type = 'callback'
           AND e.kind = 'signing' AND e.reached
           AND CAST(e.at AS DATE) <= signed_on + INTERVAL 1 MONTH)) > 0) AS on_time
FROM read_json_auto('{path}', union_by_name = true)
WHERE record = 'buyer' AND strftime(signed_on, '%Y-%m') = '2026-03'
GROUP BY project ORDER BY project;
"""


def month_later(d):
    """The same day a month later, the month's last day when it has no such day."""
    import calendar
    import datetime

    y, m = (d.year + 1, 1) if d.month == 12 else (d.year, d.month + 1)
    return datetime.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def expected_quotas(lines):
    """Per project: buyers signed in 2026-03, and those reached by a signing callback (its
    local date, the first ten characters of its time) within a month of signing."""
    import datetime

    out = {}
    for b in lines:
        if b.get("record") != "buyer" or not b["signed_on"].startswith("2026-03"):
            continue
        signed = datetime.date.fromisoformat(b["signed_on"])
        on_time = any(
            e["type"] == "callback" and e["kind"] == "signing" and e["reached"]
            and datetime.date.fromisoformat(e["at"][:10]) <= month_later(signed)
            for e in b["entries"]
        )
        due, ok = out.get(b["project"], (0, 0))
        out[b["project"]] = (due + 1, ok + int(on_time))
    return sorted((p, d, o) for p, (d, o) in out.items())


def main() -> int:
    root = pathlib.Path(__file__).resolve().parent.parent
    path = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else root / "target/tmp/ndjson-sample.ndjson"
    if not path.exists():
        print(f"{path} is missing: run `cargo test --test host exchange::files` first", file=sys.stderr)
        return 2
    try:
        import duckdb
    except ImportError:
        print("duckdb is not installed: pip install duckdb", file=sys.stderr)
        return 2

    lines = [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]
    header, complaints = lines[0], lines[1:]
    assert header["format"] == "complaint-desk-ndjson", header["format"]
    assert header["count"] == len(complaints), (header["count"], len(complaints))
    expected = [(c["number"], c["derived"]["status"]) for c in complaints]

    query = QUERY.format(path=str(path).replace("'", "''"))
    rows = duckdb.sql(query).fetchall()
    if rows != expected:
        print("mismatch:\n  duckdb:   %r\n  expected: %r" % (rows[:5], expected[:5]), file=sys.stderr)
        return 1
    print(f"duckdb {duckdb.__version__}: {len(rows)} complaints, header skipped; query OK")

    buyers_path = root / "target/tmp/ndjson-buyers-sample.ndjson"
    if not buyers_path.exists():
        print(f"{buyers_path} is missing: run `cargo test --test host exchange::version2` first", file=sys.stderr)
        return 2
    lines = [json.loads(l) for l in buyers_path.read_text(encoding="utf-8").splitlines() if l.strip()]
    expected = expected_quotas(lines)
    con = duckdb.connect()
    con.sql("SET TimeZone = 'Asia/Shanghai'")
    rows = con.sql(QUOTA_QUERY.format(path=str(buyers_path).replace("'", "''"))).fetchall()
    if rows != expected or not expected:
        print("quota mismatch:\n  duckdb:   %r\n  expected: %r" % (rows, expected), file=sys.stderr)
        return 1
    print(f"duckdb: signing callbacks on time / due per project {rows}; quota query OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
