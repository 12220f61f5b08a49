#!/usr/bin/env bash
# Builds Service Dojo (release) and serves it on http://127.0.0.1:8080/,
# installing first whatever the build needs and is missing (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/tools/node_modules/.bin:$PATH"
echo
echo "Service Dojo: http://127.0.0.1:${PORT:-8080}/   (Ctrl+C to stop)"
exec trunk serve --release --offline --address 127.0.0.1 --port "${PORT:-8080}"
