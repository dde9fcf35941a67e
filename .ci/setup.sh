#!/usr/bin/env bash
# Installs what the build and the tests need, skipping whatever is already there at the right
# version. Sourced by ./serve.sh, ./test.sh and ./bench.sh; safe to run again and again.
set -euo pipefail

TRUNK_VERSION=0.21.14
# Must equal the `wasm-bindgen = "=X"` pin in Cargo.toml.
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml)
export PATH="$HOME/.cargo/bin:$PWD/tests/node_modules/.bin:$PATH"

say() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }

ensure_build_tools() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32 target"
    rustup target add wasm32-unknown-unknown
  fi
  if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
    say "installing trunk $TRUNK_VERSION (several minutes, once)"
    cargo install trunk --version "$TRUNK_VERSION" --locked
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null | cut -d' ' -f2)" != "$WASM_BINDGEN_VERSION" ]; then
    say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (several minutes, once)"
    # Not --locked: the registry lacks one of its locked dependencies' versions.
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  fi
  ensure_node_modules
}

ensure_node_modules() {
  # wasm-opt (npm `binaryen`) for the release build, playwright-core for the browser tests.
  if [ ! -x tests/node_modules/.bin/wasm-opt ] || [ ! -d tests/node_modules/playwright-core ] \
    || [ tests/package-lock.json -nt tests/node_modules/.package-lock.json ]; then
    say "installing npm packages in tests/"
    (cd tests && npm ci --no-audit --no-fund)
  fi
}

ensure_browser() {
  if [ ! -x /usr/bin/chromium ]; then
    say "installing Debian's chromium"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y chromium chromium-driver
  fi
}

DUCKDB_VERSION=2.0.0
# DuckDB (from PyPI, in a virtualenv under .tools/) for the test that runs the README's query.
ensure_duckdb() {
  local venv=.tools/duckdb
  if [ "$("$venv/bin/python" -c 'import duckdb; print(duckdb.__version__)' 2>/dev/null)" != "$DUCKDB_VERSION" ]; then
    say "installing duckdb $DUCKDB_VERSION (PyPI) in $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "duckdb==$DUCKDB_VERSION"
  fi
}

build_release() {
  # Two entries: the reception tablet's (reception.html, its own small bundle) first, then
  # the desk's into dist/, whose post-build hook (.ci/entries.sh) adds the reception's files
  # before the service worker's list is written (trunk empties dist/ on every run).
  say "building the release bundle (the reception entry, then the desk)"
  trunk build --release --offline=true reception.html --html-output reception.html --dist target/trunk-reception
  trunk build --release --offline
}
