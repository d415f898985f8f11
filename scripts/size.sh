#!/usr/bin/env bash
# Prints the bytes of the built SPA, raw, gzip -9 and brotli -q 11: each bundle's page (the wasm,
# the JS glue and the CSS it loads), in the order and with the labels of the bundle table
# (crates/bundles/src/lib.rs), the residents' first load first; and the workers a page starts only
# when needed: the scanner's decoder (dist/qr-worker-simd* and the plain dist/qr-worker*, one of
# which the scanner fetches when it opens) and the map's tile worker (only with licensed tiles).
# Fails when a bundle's brotli total exceeds the ceiling the table gives it.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 0 ] || { echo "usage: size.sh (the ceilings are the bundle table's)" >&2; exit 2; }
over=0
[ -f dist/index.html ] || { echo "no dist/: build first (./linli run or trunk build --release)" >&2; exit 1; }

printf '%-44s %10s %10s %10s\n' file raw gzip brotli
# The decoder worker is started by the scanner page, never by index.html; fail loudly if that
# ever changes, since it would then be part of the first load without being counted.
if grep -q 'qr-worker' dist/index.html; then
  echo "FAIL: dist/index.html loads the decoder worker; it must stay out of the first load" >&2
  exit 1
fi
# Prints one line for a group of files, LABEL then their bytes summed raw, gzip and brotli; the
# brotli sum is left in $group_br.
group() {
  local label=$1 raw=0 gz=0 file
  shift
  group_br=0
  for file in "$@"; do
    raw=$((raw + $(stat -c %s "$file")))
    gz=$((gz + $(gzip -9 -c "$file" | wc -c)))
    group_br=$((group_br + $(brotli -q 11 -c "$file" | wc -c)))
  done
  printf '%-44s %10d %10d %10d\n' "$label" "$raw" "$gz" "$group_br"
}
# The scanner's module comes in two builds and a phone downloads one: with wasm SIMD where the
# engine has it, plain otherwise (scanner_module.rs).
decoder() {
  local build=$1 label=$2 file
  local files=("dist/$build.js" "dist/${build}_bg.wasm" "dist/${build}_loader.js")
  for file in "${files[@]}"; do
    [ -f "$file" ] || { echo "FAIL: $file is missing" >&2; exit 1; }
  done
  group "$label" "${files[@]}"
}
# A bundle's page loads everything in its folder except the workers it starts on demand, and, for
# the residents' bundle in dist/ itself, the other bundles' folders.
bundle() {
  local dir=$1 ceiling=$2 label=$3
  [ -d "$dir" ] || { echo "FAIL: no $dir: build it (./linli run builds every bundle)" >&2; over=1; return 0; }
  # shellcheck disable=SC2046 # file names from Trunk have no spaces
  group "$label" $(find "$dir" -maxdepth 1 -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' \) \
    ! -name 'qr-worker*' ! -name 'map-tiles*' | sort)
  if [ "$ceiling" != - ] && [ "$group_br" -gt "$ceiling" ]; then
    echo "FAIL: $dir is $group_br bytes brotli, over its ceiling of $ceiling" >&2
    over=1
  elif [ "$ceiling" != - ]; then
    within+=("${dir#dist/} $group_br ≤ $ceiling")
  fi
}
within=()
while IFS='|' read -r dir _entry ceiling label; do
  bundle "dist${dir:+/$dir}" "$ceiling" "$label"
done < <(cargo run -q --locked -p linli-bundles -- list)
decoder qr-worker-simd "QR decoder worker, SIMD (scanner opens)"
decoder qr-worker "QR decoder worker, plain (scanner opens)"
if [ -d dist/map ]; then
  # Like the decoder: the map page starts the tile worker itself, only when tiles are on.
  if grep -q 'map-tiles' dist/map/index.html; then
    echo "FAIL: dist/map/index.html loads the tile worker; it must stay out of the map's first load" >&2
    exit 1
  fi
  # shellcheck disable=SC2046 # file names from Trunk have no spaces
  group "map tile worker (only with licensed tiles)" \
    $(find dist/map -maxdepth 1 -type f -name 'map-tiles*' \( -name '*.wasm' -o -name '*.js' \))
fi
[ "$over" = 0 ] || exit 1
echo "within ceilings (brotli bytes): ${within[*]}"
