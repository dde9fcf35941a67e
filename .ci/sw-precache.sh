#!/usr/bin/env bash
# Trunk post-build hook: writes the hashed file names of this build, and a build id, into
# the service worker in the staging directory.
set -euo pipefail
dir="${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
cd "$dir"
files=$(find . -type f ! -name sw.js ! -name index.html | sed 's|^\./||' | sort)
list=$(printf '%s\n' $files | sed 's/.*/, ".\/&"/' | tr -d '\n')
build=$(cat $files | sha256sum | cut -c1-12)
sed -i "s|/\*PRECACHE\*/|$list|; s|__BUILD__|$build|" sw.js
