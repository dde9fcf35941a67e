#!/usr/bin/env bash
# Installs whatever is missing and runs every check and test: format, lints (host and
# wasm32), host tests of the domain, then the browser suite in headless Chromium against
# the release bundle, and a small benchmark smoke run.
set -euo pipefail
cd "$(dirname "$0")"
source .ci/setup.sh
ensure_build_tools
ensure_browser

say "cargo fmt --check"
cargo fmt --check
say "clippy (host and wasm32)"
cargo clippy --all-targets -- -D warnings
cargo clippy --target wasm32-unknown-unknown -- -D warnings
say "host tests"
cargo test
say "the README's DuckDB query over an NDJSON export (written by cargo test)"
ensure_duckdb
.tools/duckdb/bin/python tests/duckdb_check.py
build_release
say "browser tests (headless Chromium)"
node --test --test-concurrency=1 tests/browser/
say "benchmark smoke run (500 complaints; figures are informative)"
BENCH_NO_BUILD=1 BENCH_SMOKE=1 ./bench.sh
