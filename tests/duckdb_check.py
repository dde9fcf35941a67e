#!/usr/bin/env python3
"""Runs the README's DuckDB query against the NDJSON sample that `cargo test` writes.

    cargo test --test host exchange::files    # writes target/tmp/ndjson-sample.ndjson
    pip install duckdb
    python3 tests/duckdb_check.py [path]      # default: target/tmp/ndjson-sample.ndjson

Checks that the query returns one row per complaint line (the header line is skipped by
`WHERE number IS NOT NULL`), in file order, with each complaint's number and derived status
as the file holds them (read here with Python's json module). Exits non-zero on a mismatch.
"""

import json
import pathlib
import sys

QUERY = (
    "SELECT number, derived.status FROM read_json_auto('{path}') "
    "WHERE number IS NOT NULL;"
)


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
    return 0


if __name__ == "__main__":
    sys.exit(main())
