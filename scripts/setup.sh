#!/usr/bin/env bash
# Installs what building and testing Service Dojo needs, and only what is missing:
# a second run installs nothing. Usage: scripts/setup.sh [--browser]
#   --browser  also installs Debian's Chromium + ChromeDriver and the e2e npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
# wasm-bindgen-cli must equal the wasm-bindgen the app links against, or the
# generated glue does not match the wasm.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)

step() { printf '\n==> %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# An npm folder is reinstalled only when its lock file changed since the last install.
npm_folder() {
  local dir=$1 stamp="$1/node_modules/.lock-sha256" want
  want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    step "npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund)
    echo "$want" > "$stamp"
  fi
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION\$"; then
  step "cargo install trunk $TRUNK_VERSION (about 15 minutes on 2 cores)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$"; then
  step "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 5 minutes)"
  # Not --locked: one of its locked dependencies is no longer in the registry.
  cargo install --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# wasm-opt comes from npm's binaryen 132: Debian's binaryen 108 emits a wasm that
# crashes at start-up ("WebAssembly.Table.set(): Argument 1 is invalid").
npm_folder tools

if [ "${1:-}" = "--browser" ]; then
  # A CJK font, so that screenshots of the Chinese screens show Chinese, not boxes.
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] || ! fc-list 2>/dev/null | grep -qi 'wenquanyi\|noto.*cjk'; then
    step "apt-get install chromium chromium-driver fonts-wqy-zenhei"
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver fonts-wqy-zenhei
  fi
  npm_folder tests/e2e

  # A real Learning Record Store for the xAPI tests (issue 17): Ralph with its
  # file-system backend, in a venv of its own (tests/lrs/serve.py starts it).
  # Its "lrs" extra imports requests without requiring it (5.1.0), hence requests.
  RALPH_VERSION=5.1.0
  if ! tools/lrs/bin/python -c "import importlib.metadata as m, bcrypt, requests, uvicorn, fastapi
assert m.version('ralph-malph') == '$RALPH_VERSION'" 2>/dev/null; then
    step "pip install ralph-malph $RALPH_VERSION into tools/lrs"
    python3 -m venv tools/lrs
    tools/lrs/bin/pip install --quiet "ralph-malph[lrs]==$RALPH_VERSION" "requests>=2"
  fi
fi
