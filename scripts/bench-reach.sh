#!/usr/bin/env bash
# `./linli bench-reach`: the map page's walking search and reach redraw, timed in Debian's
# headless Chromium on a synthetic 20,000-node grid (tests/reach_bench.rs). Built like the map
# bundle (release profile: opt-level "z", LTO), without Trunk's wasm-opt pass. Prints median and
# 95th percentile; asserts no time.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-300}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! cargo test -p linli --release --locked --features bench --target wasm32-unknown-unknown \
    --test reach_bench -- --nocapture >"$log" 2>&1; then
  cat "$log" >&2
  exit 1
fi
grep -o 'BENCH .*' "$log" | sed 's/^BENCH //'
