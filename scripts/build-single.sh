#!/usr/bin/env bash
# Builds the one-file edition: dist-single/service-dojo.html, with the
# JavaScript, the wasm and the CSS inside, to run from a USB stick (file://).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/tools/node_modules/.bin:$PATH"
trunk build --release --offline
node tools/single-file.mjs dist dist-single/service-dojo.html
printf 'gzip -9: %d bytes\n' "$(gzip -9c dist-single/service-dojo.html | wc -c)"
