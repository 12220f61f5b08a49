#!/usr/bin/env bash
# Runs every test: native (unit, calibration, scenario walks, validator), the
# `dojo validate` command on the built-in library, then the release build in
# headless Chromium. Installs first whatever is missing (scripts/setup.sh).
# Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --browser
export PATH="$PWD/tools/node_modules/.bin:$PATH"

echo; echo "==> native tests (cargo test)"
cargo test --all-targets

echo; echo "==> dojo validate scenarios/*.json"
cargo run --quiet --release --bin dojo -- validate scenarios/*.json

echo; echo "==> release build (trunk build --release --offline)"
trunk build --release --offline

echo; echo "==> bundle size"
scripts/size.sh dist

echo; echo "==> single-file edition (dist-single/service-dojo.html)"
node tools/single-file.mjs dist dist-single/service-dojo.html

echo; echo "==> end-to-end tests in headless Chromium"
(cd tests/e2e && npm test)

echo; echo "==> start-up benchmark against a bare Leptos counter (reported, never fails)"
trunk build --release --offline --dist dist-counter bench/counter.html >/dev/null \
  && BENCH_NO_BUILD=1 scripts/bench-start.sh 3 \
  || echo "(the benchmark did not run to its end: see above; no test depends on it)"

echo; echo "All tests passed."
