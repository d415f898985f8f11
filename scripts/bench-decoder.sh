#!/usr/bin/env bash
# `./linli bench-decoder`: scores the QR decoder on the ZXing blackbox photographs in
# ../shared/data/qr (every image at 0°, 90°, 180°, 270°; exact text match), natively and as the
# wasm module the scanner loads, and times it per frame against jsQR on the same frames in the
# same headless Chromium run.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
data=${1:-../shared/data/qr}

echo "== native (cargo run --release -p qr-decode --bin qr-bench)"
cargo run --release --locked -q -p qr-decode --bin qr-bench -- "$data"

# The wasm half measures the module exactly as shipped, so it needs the release build.
if [ ! -f dist/qr-worker_bg.wasm ]; then
  trunk build --release --offline
fi
echo
echo "== wasm in Chromium, against jsQR on the same frames"
node scripts/bench_decoder_wasm.mjs "$data"
