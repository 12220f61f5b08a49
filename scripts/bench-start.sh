#!/usr/bin/env bash
# Start-up benchmark (issue 14): builds the app and a bare Leptos 0.8 counter
# (src/bin/bench-counter.rs, same release profile and wasm-opt level) and
# measures both in one headless-Chromium run at 1× and 4× CPU throttling.
# Prints medians and ratios; never fails on a slow figure.
# Usage: scripts/bench-start.sh [runs]   (BENCH_NO_BUILD=1 reuses dist/ and dist-counter/)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$PATH"
runs=${1:-5}
if [ -z "${BENCH_NO_BUILD:-}" ]; then
  trunk build --release --offline >/dev/null
  trunk build --release --offline --dist dist-counter bench/counter.html >/dev/null
fi
node tools/bench-start.mjs dist dist-counter "$runs"
