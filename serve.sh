#!/usr/bin/env bash
# Installs whatever is missing, builds the release bundle and serves it on 127.0.0.1.
# Usage: ./serve.sh            (port 8080; PORT=9000 ./serve.sh for another)
set -euo pipefail
cd "$(dirname "$0")"
source .ci/setup.sh
ensure_build_tools
build_release
exec python3 .ci/serve.py --dir dist --port "${PORT:-8080}"
