#!/usr/bin/env bash
# Part of the post-build hook (.ci/post-build.sh), in the desk's build (index.html): adds the
# reception tablet's entry, built just before by its own trunk run (`build_release` in
# .ci/setup.sh: `trunk build reception.html --html-output reception.html
# --dist target/trunk-reception`), to the staging directory, so the service worker's list
# and dist/ hold both entries. Trunk 0.21 builds one HTML file per run and empties its dist
# directory each time, so the two entries cannot be built into dist/ one after the other.
set -euo pipefail
dir="${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
case "$(basename "${TRUNK_HTML_FILE:-index.html}")" in
  index.html) ;;
  *) exit 0 ;; # the reception's own build: nothing to add
esac
from="${TRUNK_SOURCE_DIR:-.}/target/trunk-reception"
if [ ! -f "$from/reception.html" ]; then
  echo "entries.sh: $from/reception.html is missing: build the reception entry first (build_release in .ci/setup.sh)" >&2
  exit 1
fi
# Its page, its hashed script and wasm; the style sheet has the same hashed name as the desk's.
for f in "$from"/*; do
  name=$(basename "$f")
  [ -e "$dir/$name" ] || cp "$f" "$dir/$name"
done
