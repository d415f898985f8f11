#!/usr/bin/env bash
# `./linli bench-scale [--scales "1 10 100 district"] [--docs]`: Linli at district scale
# (issue #25). For each scale, `linli-server generate-district` fills a new database in
# target/bench-scale/ ($CARGO_TARGET_DIR/bench-scale/ when set; rows/s, against the same number
# of plain SQLite inserts of a components-shaped row on the same disk: a recursive CTE in the
# sqlite3 shell, one transaction, no index), then the real server on loopback answers, from 200 concurrent keep-alive clients
# (`ingest-bench mix`): resident reads (a component's page, a community's services and walking
# graph, a ballot, a report's public Open311 page), report writes (Open311 POST), committee reads
# (the report queue filtered by status and community, rates, dashboard, a plate, the gap
# matrix), and votes (`ingest-bench load`); then the documents that grow with the district are
# fetched once for their size, the server's VmRSS is read, and `linli-server export` is timed.
# Prints one table (target/bench-scale/latest.md); --docs writes it into docs/benchmarks.md
# between the bench-scale markers. Builds only the server (release).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

scales="1 10 100 district" write_docs=false
while [ $# -gt 0 ]; do
  case $1 in
    --scales) scales=$2; shift 2 ;;
    --docs) write_docs=true; shift ;;
    *) echo "usage: scripts/scale-bench.sh [--scales \"1 10 100 district\"] [--docs]" >&2; exit 2 ;;
  esac
done
CLIENTS=${BENCH_CLIENTS:-200}
REQUESTS=${BENCH_REQUESTS:-4000}
VOTES=${BENCH_VOTES:-2000}
EXPORT_TIMEOUT=${BENCH_EXPORT_TIMEOUT:-900}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
WORK=$TARGET/bench-scale
BIN=$TARGET/release
PASSWORD=bench-scale-password
log() { printf '\033[1m[bench-scale]\033[0m %s\n' "$*" >&2; }
fail() { echo "bench-scale: $*" >&2; exit 1; }
# A step that fails is named in the table's notes and the round goes on, so that what was
# measured is still reported; the script exits non-zero at the end.
FAILED=()
failed_step() { log "$scale: $1 failed"; FAILED+=("$scale: $1"); }

log "building the server (release)"
cargo build --release --locked -q -p linli-server
mkdir -p "$WORK/dist"
echo '<!doctype html><title>Linli</title>' >"$WORK/dist/index.html"
PORT=${LINLI_BENCH_SCALE_PORT:-18490}
BASE=http://127.0.0.1:$PORT
SERVER_PID=""
stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" && wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}
# The server started here is stopped however the script ends: a signal exits, and exit runs this.
trap stop_server EXIT
trap 'exit 130' INT TERM
py() { python3 -c "$@"; }

ROWS=() GROWS=()
started_all=$SECONDS
load_before=$(cut -d' ' -f1 /proc/loadavg)
for scale in $scales; do
  scale_started=$SECONDS
  DB=$WORK/$scale.sqlite
  rm -f "$DB" "$DB"-wal "$DB"-shm "${DB%.sqlite}.key"
  log "$scale: generating"
  LINLI_LOG=warn LINLI_ADMIN_PASSWORD=$PASSWORD "$BIN/linli-server" --db "$DB" \
    generate-district --seed 7 --scale "$scale" >"$WORK/$scale.generate.txt"
  read -r rows gen_seconds < <(awk '$1 == "total" {print $2, $4}' "$WORK/$scale.generate.txt")
  gen_rate=$(py "print(round($rows / $gen_seconds))")
  RAW=$WORK/raw.sqlite
  rm -f "$RAW" "$RAW"-wal "$RAW"-shm
  raw_started=$(date +%s.%N)
  sqlite3 "$RAW" "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
    CREATE TABLE t (code TEXT, name TEXT, community_id TEXT, lat REAL, lon REAL, address TEXT, unit_id TEXT, state TEXT);
    BEGIN; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $rows)
    INSERT INTO t SELECT printf('11211201%08d', i), '【生成】路灯 ' || i, 'gen-c001', 39.9, 116.6,
      '【生成】第1社区 ' || i || '号旁', 'gen-u01-1', 'normal' FROM n; COMMIT;" >/dev/null
  raw_rate=$(py "import time; print(round($rows / (time.time() - $raw_started)))")
  ratio=$(py "print(round($gen_rate / $raw_rate, 2))")
  sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
  db_mb=$(py "print(round($(stat -c %s "$DB") / 1e6, 1))")

  log "$scale: serving"
  # The generator seals nothing (no phone numbers, no unspent codes): there is no key file to
  # keep, and the server makes one.
  LINLI_LOG=warn "$BIN/linli-server" --db "$DB" --dist "$WORK/dist" serve --port "$PORT" --replace-lost-key \
    --limit-reports 1000000/1m --limit-photos 1000000/1m --limit-support 1000000/1m \
    >>"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for ((i = 0; i < 300; i++)); do
    curl -sf -o /dev/null "$BASE/api/v1/meta.json" && break
    kill -0 "$SERVER_PID" 2>/dev/null && sleep 0.1 || break
  done
  if ! key=$(curl -sf "$BASE/api/v1/meta.json" | jq -er .client_api_key); then
    failed_step "starting the server (see $WORK/server.log)"
    stop_server
    continue
  fi
  q() { sqlite3 -batch "$DB" "$1"; }
  LIST=$WORK/$scale.list
  : >"$LIST.resident" ; : >"$LIST.committee"
  while read -r code; do
    printf 'component page\tGET\t/api/v1/components/%s.json\n' "$code" >>"$LIST.resident"
  done < <(q "SELECT code FROM components ORDER BY random() LIMIT 50")
  while read -r id; do
    printf 'services\tGET\t/api/v1/services/%s.json\n' "$id" >>"$LIST.resident"
    printf 'walking graph\tGET\t/api/v1/walking-graphs/%s.json\n' "$id" >>"$LIST.resident"
    printf 'report queue\tGET\t/api/v1/admin/requests.json?status=open&community=%s\n' "$id" >>"$LIST.committee"
    printf 'gap matrix\tGET\t/api/v1/admin/gaps/%s.json\n' "$id" >>"$LIST.committee"
  done < <(q "SELECT id FROM communities ORDER BY random() LIMIT 20")
  while read -r id; do
    printf 'ballot\tGET\t/api/v1/ballots/%s.json\n' "$id" >>"$LIST.resident"
  done < <(q "SELECT id FROM ballots ORDER BY random() LIMIT 20")
  while read -r id; do
    printf 'report page\tGET\t/open311/v2/requests/%s.json\n' "$id" >>"$LIST.resident"
  done < <(q "SELECT id FROM service_requests ORDER BY random() LIMIT 50")
  while IFS='|' read -r code lat lon; do
    printf 'report write\tPOST\t/open311/v2/requests.json\t{"api_key":"%s","service_code":"other","lat":%s,"long":%s,"description":"【生成】压测反映"}\n' \
      "$key" "$lat" "$lon" >>"$LIST.resident"
  done < <(q "SELECT code, lat, lon FROM components ORDER BY random() LIMIT 20")
  while read -r code; do
    printf 'plate\tGET\t/api/v1/admin/plates/%s.svg\n' "$code" >>"$LIST.committee"
  done < <(q "SELECT code FROM components ORDER BY random() LIMIT 20")
  printf 'rates\tGET\t/api/v1/admin/rates.json\n' >>"$LIST.committee"
  printf 'dashboard\tGET\t/api/v1/admin/dashboard.json\n' >>"$LIST.committee"
  "$BIN/ingest-bench" mix --addr "127.0.0.1:$PORT" --list "$LIST.resident" --clients "$CLIENTS" \
    --requests "$REQUESTS" >"$WORK/$scale.resident.jsonl" || failed_step "resident mix"
  "$BIN/ingest-bench" mix --addr "127.0.0.1:$PORT" --password "$PASSWORD" --list "$LIST.committee" \
    --clients "$CLIENTS" --requests "$((REQUESTS / 4))" >"$WORK/$scale.committee.jsonl" || failed_step "committee mix"
  # How fresh a community's static copy stays on a vote day: while the votes come in, the
  # community is refreshed in an export folder (`export --community`) again and again; a vote is
  # in the copy at the latest two refreshes after it was cast.
  "$BIN/ingest-bench" load --addr "127.0.0.1:$PORT" --password "$PASSWORD" --ballot bench-scale \
    --community gen-c001 --clients "$CLIENTS" --votes "$VOTES" --record "$WORK/$scale.votes.txt" --json \
    >"$WORK/$scale.votes.json" &
  load_pid=$!
  rm -rf "$WORK/fresh" && : >"$WORK/$scale.refresh.txt"
  while kill -0 "$load_pid" 2>/dev/null; do
    refresh_started=$(date +%s.%N)
    LINLI_LOG=warn "$BIN/linli-server" --db "$DB" --dist "$WORK/dist" export --out "$WORK/fresh" \
      --community gen-c001 >/dev/null 2>&1 || { failed_step "community refresh under the vote load"; break; }
    py "import time; print(round(time.time() - $refresh_started, 2))" >>"$WORK/$scale.refresh.txt"
  done
  if wait "$load_pid"; then votes=$(cat "$WORK/$scale.votes.json"); else
    votes='{"p50_ms": null, "p99_ms": null}'; failed_step "vote load"; fi
  rm -rf "$WORK/fresh"
  refreshes=$(py "import sys; t=[float(l) for l in open('$WORK/$scale.refresh.txt') if l.strip()]; print(f'{max(t)} ({len(t)} runs)' if t else '–')")
  # What residents and kiosks read, for one community (gen-c001, its street, the square of one of
  # its buildings), then the district's whole lists, read by the committee pages and as open data.
  # The square is named as linli_core::reach::NearTile::of names it: floor(degrees / 0.01).
  IFS='|' read -r street square < <(q "SELECT c.street_id, CAST(floor(b.lat / 0.01) AS INT) || '_' ||
    CAST(floor(b.lon / 0.01) AS INT) FROM communities c JOIN buildings b ON b.community_id = c.id
    WHERE c.id = 'gen-c001' ORDER BY b.code LIMIT 1")
  for path in /api/v1/streets.json "/api/v1/communities/by-street/$street.json" \
    "/api/v1/communities/near/$square.json" /api/v1/ballots/by-community/gen-c001.json \
    /api/v1/components.json /api/v1/components/by-community/gen-c001.json \
    /api/v1/buildings/by-community/gen-c001.json /api/v1/services/gen-c001.json \
    /api/v1/walking-graphs/gen-c001.json /open311/v2/requests.json \
    /api/v1/communities.json /api/v1/ballots.json; do
    bytes=$(curl -s -o /dev/null -w '%{size_download}' -b <(echo) \
      "$BASE$path" || echo 0)
    GROWS+=("$scale|$path|$bytes")
  done
  # Read last, once the server has answered everything the round asks of it.
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    rss_mb=$(py "print(round($(awk '/^VmRSS/ {print $2}' "/proc/$SERVER_PID/status") / 1024, 1))")
  else
    rss_mb="–" && failed_step "serving (the server stopped, see $WORK/server.log)"
  fi
  stop_server

  # The whole export, then the same again after one component is renamed (incremental), then one
  # community's refresh into a fresh folder. At district size the whole export is some 640,000
  # files and minutes of disk writes; BENCH_DISTRICT_EXPORT=0 leaves it out there.
  export_s="–" export_mb="–" again_s="–" again_written="–"
  run_export() { LINLI_LOG=warn timeout "$EXPORT_TIMEOUT" "$BIN/linli-server" --db "$DB" --dist "$WORK/dist" export "$@"; }
  seconds_since() { py "import time; print(round(time.time() - $1, 1))"; }
  if [ "$scale" != district ] || [ "${BENCH_DISTRICT_EXPORT:-1}" = 1 ]; then
    log "$scale: exporting"
    rm -rf "$WORK/export"
    export_started=$(date +%s.%N)
    if run_export --out "$WORK/export" >"$WORK/$scale.export.txt" 2>&1; then
      export_s=$(seconds_since "$export_started")
      export_mb="$(find "$WORK/export" -type f | wc -l) / $(py "print(round($(du -sb "$WORK/export" | cut -f1) / 1e6, 1))")"
      q "UPDATE components SET name = name || '（改）' WHERE code = (SELECT min(code) FROM components)"
      again_started=$(date +%s.%N)
      if run_export --out "$WORK/export" >"$WORK/$scale.export-again.txt" 2>&1; then
        again_s=$(seconds_since "$again_started")
        again_written=$(grep -o '[0-9]* files written' "$WORK/$scale.export-again.txt" | cut -d' ' -f1)
      else
        failed_step "incremental export"
      fi
    else
      export_s="> $EXPORT_TIMEOUT (stopped)"
    fi
    rm -rf "$WORK/export"
  fi
  rm -rf "$WORK/community"
  community_started=$(date +%s.%N)
  if run_export --out "$WORK/community" --community gen-c001 >"$WORK/$scale.export-community.txt" 2>&1; then
    community_s=$(seconds_since "$community_started")
  else
    community_s="–" && failed_step "community export"
  fi
  rm -rf "$WORK/community"

  # A figure a failed step did not measure is a dash.
  figure() { jq -rs --arg g "$2" --arg f "$3" 'map(select(.group == $g) | .[$f]) | first // "–" | if type == "number" then (. * 10 | round / 10) else . end' "$1"; }
  res=$WORK/$scale.resident.jsonl com=$WORK/$scale.committee.jsonl
  pair() { echo "$(figure "$1" "$2" p50_ms) / $(figure "$1" "$2" p99_ms)"; }
  failed=$(jq -s 'map(.failed) | add // "–"' "$res" "$com")
  ROWS+=("| $scale | $rows | $gen_seconds | $gen_rate | $raw_rate | $ratio | $db_mb | $(pair "$res" 'component page') | $(pair "$res" services) | $(pair "$res" 'walking graph') | $(pair "$res" ballot) | $(pair "$res" 'report page') | $(pair "$res" 'report write') | $(jq -r 'def ms: if . == null then "–" else . * 10 | round / 10 end; "\(.p50_ms | ms) / \(.p99_ms | ms)"' <<<"$votes") | $(figure "$com" 'report queue' p99_ms) | $(figure "$com" rates p99_ms) | $(figure "$com" dashboard p99_ms) | $(figure "$com" plate p99_ms) | $(figure "$com" 'gap matrix' p99_ms) | $failed | $export_s | $export_mb | $again_s ($again_written files) | $community_s | $refreshes | $rss_mb | $((SECONDS - scale_started)) |")
  log "$scale: done in $((SECONDS - scale_started)) s"
done

{
  echo "Measured $(date -u +'%Y-%m-%d %H:%M UTC') on $(nproc) cores ($(uname -m)), \`./linli bench-scale --scales \"$scales\"\`, release build, seed 7, $CLIENTS concurrent clients ($REQUESTS resident requests, $((REQUESTS / 4)) committee requests, $VOTES votes per scale), load average $load_before before and $(cut -d' ' -f1 /proc/loadavg) after; $((SECONDS - started_all)) s in all. Latencies in ms, p50 / p99 (committee: p99)."
  echo
  echo "| scale | rows | generate, s | rows/s | raw SQLite rows/s | ratio | DB, MB | component page | services | walking graph | ballot | report page | report write | vote | queue | rates | dashboard | plate | gaps | not 2xx | export, s | export, files / MB | again after one change, s | one community, s | community refresh under the vote load, s (max) | VmRSS, MB | run, s |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "Documents by size (bytes, one unauthenticated GET): what a resident or kiosk reads for one community (gen-c001), then the district's whole lists, which only the committee pages and open data read:"
  echo
  echo "| scale | document | bytes |"
  echo "|---|---|---:|"
  for g in "${GROWS[@]}"; do IFS='|' read -r s p b <<<"$g"; echo "| $s | \`$p\` | $b |"; done
  if [ ${#FAILED[@]} -gt 0 ]; then
    echo
    echo "Steps that failed (their figures are dashes): $(IFS=';'; echo "${FAILED[*]}" | sed 's/;/; /g')."
  fi
} >"$WORK/latest.md"
cat "$WORK/latest.md"

if $write_docs; then
  python3 scripts/write_between_markers.py bench-scale "$WORK/latest.md" docs/benchmarks.md
  log "docs/benchmarks.md updated"
fi
[ ${#FAILED[@]} -eq 0 ] || fail "${#FAILED[@]} step(s) failed: see the table's notes"
