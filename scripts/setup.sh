#!/usr/bin/env bash
# Installs everything Linli's build and tests need on a fresh machine of this kind, skipping
# whatever is already present at the pinned version. Safe to run any number of times.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
# Must equal the `wasm-bindgen` version pinned with `=` in Cargo.toml (tests/tidy.rs checks).
WASM_BINDGEN_VERSION=0.2.130

log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# Root owns apt here; elsewhere sudo is used when present.
SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then SUDO=sudo; fi

apt_missing=()
command -v chromium >/dev/null || apt_missing+=(chromium)
command -v chromedriver >/dev/null || apt_missing+=(chromium-driver)
# A CJK font, so screenshots and the kiosk show Chinese rather than boxes.
fc-list 2>/dev/null | grep -qi 'wenquanyi\|noto sans cjk' || apt_missing+=(fonts-wqy-microhei)
command -v brotli >/dev/null || apt_missing+=(brotli)
command -v sqlite3 >/dev/null || apt_missing+=(sqlite3)
command -v jq >/dev/null || apt_missing+=(jq)
command -v curl >/dev/null || apt_missing+=(curl)
if [ ${#apt_missing[@]} -gt 0 ]; then
  log "apt: installing ${apt_missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${apt_missing[@]}"
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "rustup: adding wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt

# Tool installs do not need the release profile's LTO; without it they build minutes faster.
export CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16

if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION\$"; then
  log "cargo: installing trunk $TRUNK_VERSION (about 10 minutes on 2 cores)"
  cargo install --locked --force trunk --version "$TRUNK_VERSION"
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$" \
  || ! command -v wasm-bindgen-test-runner >/dev/null; then
  log "cargo: installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 3 minutes)"
  # Its own lock file asks for a crate version the index lacks, so not --locked.
  cargo install --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# npm packages (binaryen's wasm-opt, terser for the glue, Playwright, axe-core, jsQR) at the versions in
# package-lock.json.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm: installing packages from package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error
fi
# `./linli faults` needs schemathesis and `./linli bench` also pabutools, pinned in
# scripts/requirements-{faults,bench}.txt and kept in one venv under target/py. Only those
# commands ask for them (--python faults|bench), so `./linli run` never pays for the install.
if [ "${1:-}" = "--python" ]; then
  want=${2:?--python faults|bench}
  venv=target/py
  if ! cmp -s "scripts/requirements-$want.txt" "$venv/$want.installed" 2>/dev/null; then
    log "pip: installing scripts/requirements-$want.txt into $venv"
    if [ ! -x "$venv/bin/pip" ] && ! python3 -m venv "$venv" 2>/dev/null; then
      # Debian's python3 makes venvs only with python3-venv.
      rm -rf "$venv"
      $SUDO apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends python3 python3-venv
      python3 -m venv "$venv"
    fi
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "scripts/requirements-$want.txt"
    cp "scripts/requirements-$want.txt" "$venv/$want.installed"
  fi
fi
log "tools ready"
