#!/usr/bin/env bash
# Prints the release bundle's size per file and in total, raw and gzipped
# (gzip -9, as a web server would send it). Usage: scripts/size.sh [dist-folder]
set -euo pipefail
cd "$(dirname "$0")/.."
dist=${1:-dist}
[ -f "$dist/index.html" ] || { echo "no build in $dist: run trunk build --release --offline first" >&2; exit 1; }
total=0; total_gz=0
printf '%-44s %10s %10s\n' file bytes gzip
for f in "$dist"/*.html "$dist"/*.js "$dist"/*.wasm "$dist"/*.css; do
  [ -f "$f" ] || continue
  raw=$(stat -c %s "$f"); gz=$(gzip -9c "$f" | wc -c)
  total=$((total + raw)); total_gz=$((total_gz + gz))
  printf '%-44s %10d %10d\n' "$(basename "$f")" "$raw" "$gz"
done
printf '%-44s %10d %10d\n' "total (html + js + wasm + css)" "$total" "$total_gz"
# Loaded when needed, not at start: scenario bodies (when opened) and rules (idle time).
for sub in scenarios rules; do
  [ -d "$dist/$sub" ] || continue
  n=0; raw=0; gz=0
  for f in "$dist/$sub"/*.json; do
    n=$((n + 1)); raw=$((raw + $(stat -c %s "$f"))); gz=$((gz + $(gzip -9c "$f" | wc -c)))
  done
  printf '%-44s %10d %10d\n' "$sub/ ($n files, loaded when needed)" "$raw" "$gz"
done
