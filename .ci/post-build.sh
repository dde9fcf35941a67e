#!/usr/bin/env bash
# Trunk's post-build hook, one script because trunk runs the hooks of a stage all at once:
# in this order, add the reception entry to the desk's build (.ci/entries.sh), write the
# service worker's list of every file (.ci/sw-precache.sh), then each page's script hash
# into its Content-Security-Policy (.ci/csp.mjs).
set -euo pipefail
here="$(dirname "$0")"
bash "$here/entries.sh"
bash "$here/sw-precache.sh"
node "$here/csp.mjs"
