#!/usr/bin/env bash
# `./linli bench-import [--rows N] [--xlsx-rows N]`: imports at district scale (issue #20).
# A fresh Tongzhou deployment in target/bench-import/, its places made through the API as a
# district administrator makes them — 22 streets, 594 communities (a communities CSV uploaded to
# POST admin/imports/communities) and 40 maintainer units — then a components census of N rows
# (300,000 by default) generated the same way every time (scripts/import_bench_data.py) and
# imported by `linli-server import` with the server stopped: a dry run, the import itself, the
# same file again (all left), the GBK copy and an XLSX of the first N rows of --xlsx-rows
# (100,000) as dry runs; then the CSV uploaded to the running server as a dry run. Prints one
# table (file, bytes, rows, seconds, rows/s, peak RSS) and writes it as JSON to
# target/bench-import/results.json. Seconds are wall-clock for the whole command, reading the
# file included; peak RSS is /usr/bin/time -v's, or the server's VmHWM for an upload. Asserts
# only that each import gives the counts it must: a benchmark of wrong work is no benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

rows=300000 xlsx_rows=100000
while [ $# -gt 0 ]; do
  case $1 in
    --rows) rows=$2; shift 2 ;;
    --xlsx-rows) xlsx_rows=$2; shift 2 ;;
    *) echo "usage: scripts/import-bench.sh [--rows N] [--xlsx-rows N (0: no XLSX)]" >&2; exit 2 ;;
  esac
done
[ "$xlsx_rows" -le "$rows" ] || xlsx_rows=$rows

WORK=$ROOT/target/bench-import
SERVER=${CARGO_TARGET_DIR:-$ROOT/target}/release/linli-server
PASSWORD=bench-import-password
log() { printf '\033[1m[bench-import]\033[0m %s\n' "$*" >&2; }
fail() { echo "bench-import: $*" >&2; exit 1; }

log "building the server (release)"
cargo build --release --locked -q -p linli-server

rm -rf "$WORK" && mkdir -p "$WORK/data" "$WORK/dist"
DB=$WORK/linli.sqlite
# The API needs no SPA; the server wants an index.html to serve.
echo '<!doctype html><title>Linli</title>' >"$WORK/dist/index.html"

log "generating $rows components (and an XLSX of $xlsx_rows) in target/bench-import/data"
python3 scripts/import_bench_data.py "$WORK/data" "$rows" "$xlsx_rows"

LINLI_ADMIN_PASSWORD=$PASSWORD "$SERVER" --db "$DB" init --district 110112 --name-zh 通州区 \
  --name-en "Tongzhou District" >"$WORK/init.log"

PORT=${LINLI_BENCH_IMPORT_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
BASE=http://127.0.0.1:$PORT
SERVER_PID=""
stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" && wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}
trap stop_server EXIT
start_server() {
  LINLI_LOG=${LINLI_LOG:-warn} "$SERVER" --db "$DB" --dist "$WORK/dist" serve --port "$PORT" \
    >>"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  local i
  for ((i = 0; i < 150; i++)); do
    curl -sf -o /dev/null "$BASE/api/v1/meta.json" && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  fail "the server did not start (see target/bench-import/server.log)"
}
JAR=$WORK/cookies.txt
sign_in() {
  curl -sf -c "$JAR" -o /dev/null -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$PASSWORD\"}" "$BASE/api/v1/session/login" ||
    fail "cannot sign in as admin"
}
post() { curl -sf -b "$JAR" -o /dev/null -H 'Content-Type: application/json' -d "$2" "$BASE$1" || fail "POST $1 $2"; }

RESULTS=()
ROWS_MD=()
now() { date +%s.%N; }
# One measured import: its label, file, seconds, peak RSS (kB) and the summary's counts.
record() {
  local label=$1 file=$2 seconds=$3 rss_kb=$4 rows_read=$5 outcome=$6
  local bytes rate mb
  bytes=$(stat -c %s "$file")
  rate=$(python3 -c "import sys; print(round(int(sys.argv[1]) / float(sys.argv[2])))" "$rows_read" "$seconds")
  mb=$(python3 -c "import sys; print(round(int(sys.argv[1]) / 1024, 1))" "$rss_kb")
  seconds=$(printf '%.2f' "$seconds")
  ROWS_MD+=("| $label | $(basename "$file") | $bytes | $rows_read | $seconds | $rate | $mb | $outcome |")
  RESULTS+=("$(jq -nc --arg run "$label" --arg file "$(basename "$file")" --argjson bytes "$bytes" \
    --argjson rows "$rows_read" --argjson seconds "$seconds" --argjson rows_per_second "$rate" \
    --argjson peak_rss_mb "$mb" --arg outcome "$outcome" \
    '{run: $run, file: $file, bytes: $bytes, rows: $rows, seconds: $seconds,
      rows_per_second: $rows_per_second, peak_rss_mb: $peak_rss_mb, outcome: $outcome}')")
  log "$label: $rows_read rows in $seconds s ($rate rows/s, $mb MB peak): $outcome"
}
# "add A change C leave L retire R refused F" from an import summary (JSON).
outcome_of() { jq -r '"add \(.add) change \(.change) leave \(.leave) retire \(.retire) refused \(.refused | length)"' <<<"$1"; }

# An upload to the running server, timed with curl; the server's own peak RSS (VmHWM) after it.
upload() {
  local label=$1 kind=$2 file=$3 query=$4 expected=$5 out seconds
  out=$(curl -s -b "$JAR" -w '\n%{time_total}' --data-binary "@$file" \
    -H 'Content-Type: application/octet-stream' \
    "$BASE/api/v1/admin/imports/$kind?file=$(basename "$file")$query")
  seconds=$(tail -n1 <<<"$out")
  out=$(sed '$d' <<<"$out")
  local outcome
  outcome=$(outcome_of "$out") || fail "$label: the server answered $out"
  [ "$outcome" = "$expected" ] || fail "$label: $outcome, not $expected"
  record "$label" "$file" "$seconds" "$(awk '/^VmHWM/ {print $2}' "/proc/$SERVER_PID/status")" \
    "$(jq -r .rows <<<"$out")" "$outcome"
}

# `linli-server import` under /usr/bin/time -v, the server stopped.
cli_import() {
  local label=$1 file=$2 expected=$3
  shift 3
  local started ended status=0
  started=$(now)
  /usr/bin/time -v -o "$WORK/time.txt" "$SERVER" --db "$DB" import --kind components "$@" "$file" \
    >"$WORK/import.out" 2>&1 || status=$?
  ended=$(now)
  [ "$status" = 0 ] || { cat "$WORK/import.out" >&2; fail "$label: linli-server import exited with $status"; }
  local counts outcome
  counts=$(grep -m1 '^  add ' "$WORK/import.out")
  outcome=$(awk '{print "add", $2, "change", $4, "leave", $6, "retire", $8, "refused", $10}' <<<"$counts")
  # shellcheck disable=SC2053 # $expected is a pattern: * for a count that depends on the data
  [[ $outcome == $expected ]] || fail "$label: $outcome, not $expected"
  record "$label" "$file" "$(python3 -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$started" "$ended")" \
    "$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time.txt")" \
    "$(awk 'NR == 1 {print $1}' "$WORK/import.out")" "$outcome"
}

started_all=$SECONDS
# The machine is shared: the load beside the figures says how far to trust them.
load_before=$(cut -d' ' -f1 /proc/loadavg)
log "the places, through the API: 22 streets, 594 communities (a CSV upload), 40 units"
start_server
sign_in
while IFS=$'\t' read -r id name_zh name_en; do
  post /api/v1/admin/streets "$(jq -nc --arg id "$id" --arg zh "$name_zh" --arg en "$name_en" \
    '{id: $id, name_zh: $zh, name_en: $en}')"
done <"$WORK/data/streets.tsv"
communities=$(($(wc -l <"$WORK/data/communities.csv") - 1))
upload "communities, upload (apply)" communities "$WORK/data/communities.csv" "&apply=true" \
  "add $communities change 0 leave 0 retire 0 refused 0"
while IFS=$'\t' read -r id name phone; do
  post /api/v1/admin/units "$(jq -nc --arg id "$id" --arg name "$name" --arg phone "$phone" \
    '{id: $id, name: $name, phone: $phone}')"
done <"$WORK/data/units.tsv"
stop_server

CSV=$WORK/data/components.csv
log "components, with the server stopped"
cli_import "(a) dry run" "$CSV" "add $rows change 0 leave 0 retire 0 refused 0"
cli_import "(b) import (--apply)" "$CSV" "add $rows change 0 leave 0 retire 0 refused 0" --apply
cli_import "(c) the same file again (--apply)" "$CSV" "add 0 change 0 leave $rows retire 0 refused 0" --apply
cli_import "(d) GBK copy, dry run" "$WORK/data/components-gbk.csv" "add 0 change 0 leave $rows retire 0 refused 0"
if [ "$xlsx_rows" -gt 0 ]; then
  # The workbook lists some of each community's components: the others would be retired.
  cli_import "(e) XLSX, dry run" "$WORK/data/components.xlsx" "add 0 change 0 leave $xlsx_rows retire * refused 0"
fi
[ "$(sqlite3 -batch "$DB" 'SELECT count(*) FROM components')" = "$rows" ] || fail "the database does not hold $rows components"

log "components, uploaded to a freshly started server (dry run)"
start_server
sign_in
upload "(f) upload, dry run" components "$CSV" "" "add 0 change 0 leave $rows retire 0 refused 0"
stop_server

{
  echo "Measured $(date -u +'%Y-%m-%d %H:%M UTC') on $(nproc) cores ($(uname -m)), \`./linli bench-import --rows $rows --xlsx-rows $xlsx_rows\`, release build, a fresh Tongzhou deployment (22 streets, $communities communities, 40 units), load average $load_before before and $(cut -d' ' -f1 /proc/loadavg) after; $((SECONDS - started_all)) s in all. Seconds are wall-clock for the whole command (reading the file included); peak RSS is the import command's, or the server process's for an upload."
  echo
  echo "| run | file | bytes | rows | seconds | rows/s | peak RSS, MB | counts |"
  echo "|---|---|---:|---:|---:|---:|---:|---|"
  printf '%s\n' "${ROWS_MD[@]}"
} | tee "$WORK/latest.md"
printf '%s\n' "${RESULTS[@]}" | jq -s --arg measured "$(date -u +%FT%TZ)" --argjson cores "$(nproc)" \
  --argjson components "$rows" --argjson xlsx_rows "$xlsx_rows" \
  --argjson load_before "$load_before" --argjson load_after "$(cut -d' ' -f1 /proc/loadavg)" \
  '{measured: $measured, cores: $cores, load_before: $load_before, load_after: $load_after,
    components: $components, xlsx_rows: $xlsx_rows, runs: .}' \
  >"$WORK/results.json"
log "wrote target/bench-import/results.json"
