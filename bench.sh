#!/usr/bin/env bash
# The benchmark (issue 6): builds the release bundle, serves it on 127.0.0.1 and, in headless
# Chromium, seeds N synthetic complaints through the app's import, then prints each figure
# next to its budget and next to the same work in plain JavaScript (tests/bench/).
#
#   ./bench.sh                      N=50,000, plus an import of 100,000
#   N=10000 ./bench.sh              another N
#   BENCH_SMOKE=1 ./bench.sh        N=500, no 100,000 import (CI)
#   BENCH_NO_BUILD=1 ./bench.sh     use dist/ as it is
#   BENCH_BIG=0 ./bench.sh          skip the 100,000 import
#   BENCH_HQ=1 ./bench.sh           head office: 200 files × 5,000 complaints in one tab, with
#                                   its own budgets and plain-JS figures (OFFICES=20 PER=5000
#                                   for a tenth; HQ_PROFILE=<dir> keeps the imported data)
#
# Exits non-zero only when the harness fails, not when a figure is over its budget.
set -euo pipefail
cd "$(dirname "$0")"
source .ci/setup.sh
ensure_build_tools
ensure_browser
if [ "${BENCH_NO_BUILD:-0}" != "1" ]; then
  build_release
fi
if [ "${BENCH_HQ:-0}" = "1" ]; then
  say "head-office benchmark (${OFFICES:-200} files × ${PER:-5000} complaints)"
  exec node tests/bench/head_office.mjs
fi
say "benchmark (N=${N:-$([ "${BENCH_SMOKE:-0}" = 1 ] && echo 500 || echo 50000)})"
exec node tests/bench/bench.mjs
