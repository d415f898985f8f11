#!/usr/bin/env bash
# Prints the first-load bytes of the built SPA (what a resident downloads to open any page):
# the wasm, the JS glue and the CSS, raw, gzip -9 and brotli -q 11; then the scanner's decoder
# worker (dist/qr-worker-simd* and the plain dist/qr-worker*: the scanner fetches one of the two
# when it opens), the vote page's bundle (dist/v, what a household downloads from its code
# sheet's QR, and the ballot list), the report form's bundle (dist/report), the tracking bundle
# (dist/track: a report's progress and "me"), the map page's bundle (dist/map; its tile worker,
# dist/map/map-tiles*, fetched only when the operator configured licensed tiles, apart), the
# circle's community list (dist/circles), the committee bundle and the kiosk's.
# With --max-brotli N, fails when the first load's brotli total exceeds N bytes; with
# --ceiling DIR=N (repeatable), when the bundle in DIR (dist/v, dist/report, …) exceeds N.
set -euo pipefail
cd "$(dirname "$0")/.."
max=""
declare -A ceilings=()
while [ $# -gt 0 ]; do
  case $1 in
    --max-brotli) max=$2; shift 2 ;;
    --ceiling) ceilings[${2%%=*}]=${2#*=}; shift 2 ;;
    *) echo "usage: size.sh [--max-brotli N] [--ceiling DIR=N]…" >&2; exit 2 ;;
  esac
done
over=0
[ -f dist/index.html ] || { echo "no dist/: build first (./linli run or trunk build --release)" >&2; exit 1; }

total_raw=0 total_gz=0 total_br=0
printf '%-44s %10s %10s %10s\n' file raw gzip brotli
# The decoder worker is started by the scanner page, never by index.html; fail loudly if that
# ever changes, since it would then be part of the first load without being counted.
if grep -q 'qr-worker' dist/index.html; then
  echo "FAIL: dist/index.html loads the decoder worker; it must stay out of the first load" >&2
  exit 1
fi
for file in $(find dist -maxdepth 1 -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' \) ! -name 'qr-worker*' | sort); do
  raw=$(stat -c %s "$file")
  gz=$(gzip -9 -c "$file" | wc -c)
  br=$(brotli -q 11 -c "$file" | wc -c)
  total_raw=$((total_raw + raw)) total_gz=$((total_gz + gz)) total_br=$((total_br + br))
  printf '%-44s %10d %10d %10d\n' "${file#dist/}" "$raw" "$gz" "$br"
done
printf '%-44s %10d %10d %10d\n' "first load (wasm + js + css)" "$total_raw" "$total_gz" "$total_br"
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
decoder qr-worker-simd "QR decoder worker, SIMD (scanner opens)"
decoder qr-worker "QR decoder worker, plain (scanner opens)"
# A bundle's page loads everything in its folder except workers it starts on demand (map-tiles*).
bundle() {
  local dir=$1 label=$2
  [ -d "$dir" ] || return 0
  # shellcheck disable=SC2046 # file names from Trunk have no spaces
  group "$label" $(find "$dir" -maxdepth 1 -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' \) ! -name 'map-tiles*')
  local ceiling=${ceilings[$dir]:-}
  if [ -n "$ceiling" ] && [ "$group_br" -gt "$ceiling" ]; then
    echo "FAIL: $dir is $group_br bytes brotli, over its ceiling of $ceiling" >&2
    over=1
  fi
}
bundle dist/v "vote page bundle (/v/<ballot>, from a code's QR)"
bundle dist/report "report form bundle (/c/<code>/report, /report)"
bundle dist/track "tracking bundle (/r/<id>, /me)"
bundle dist/map "map page bundle (/map/<community>, the 15-minute circle)"
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
bundle dist/circles "community list bundle (/map, the circle's communities)"
bundle dist/admin "committee bundle (/admin, not for residents)"
bundle dist/kiosk "kiosk bundle (/kiosk, community-centre screens)"
if [ -n "$max" ]; then
  if [ "$total_br" -gt "$max" ]; then
    echo "FAIL: first load is $total_br bytes brotli, over the budget of $max" >&2
    exit 1
  fi
  echo "within budget: $total_br ≤ $max bytes brotli"
fi
for dir in "${!ceilings[@]}"; do
  [ -d "$dir" ] || { echo "FAIL: no $dir to hold to its ceiling" >&2; over=1; }
done
[ "$over" = 0 ] || exit 1
[ ${#ceilings[@]} = 0 ] || echo "within ceilings: $(for dir in "${!ceilings[@]}"; do printf '%s ≤ %s  ' "$dir" "${ceilings[$dir]}"; done)"
