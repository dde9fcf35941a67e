#!/usr/bin/env bash
# Part of the post-build hook (.ci/post-build.sh): writes the hashed file names of this build
# (both entries: the desk's and the reception's, added by .ci/entries.sh), and a build id,
# into the service worker in the staging directory. The reception's own build has no service worker: nothing to do.
set -euo pipefail
dir="${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
cd "$dir"
[ -f sw.js ] || exit 0
files=$(find . -type f ! -name sw.js ! -name index.html | sed 's|^\./||' | sort)
list=$(printf '%s\n' $files | sed 's/.*/, ".\/&"/' | tr -d '\n')
build=$(cat $files | sha256sum | cut -c1-12)
sed -i "s|/\*PRECACHE\*/|$list|; s|__BUILD__|$build|" sw.js
