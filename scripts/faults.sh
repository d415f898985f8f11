#!/usr/bin/env bash
# `./linli faults`: the reliability and security checks that need a real server process (issue
# #7). The router-level versions live in crates/server/tests (200 concurrent casts of one code,
# 50 sequential and 20 concurrent Idempotency-Key resends, 401/403 on committee endpoints,
# headers on the test SPA); these add what only a real process shows:
#   kill     SIGKILL the release server during 200-client vote load, restart on the same file:
#            every 2xx vote is there, no code votes twice, totals = accepted votes
#   resend   one Idempotency-Key sent 50 times over real TCP, 25 at once: one record, one answer
#   schema   schemathesis against /api/v1/openapi.json (Open311 paths included): no 5xx, no
#            status, content type or body outside the schema, also with a committee session
#   open311  a real GeoReport v2 client from PyPI (georeport, XML through xmltodict) in both
#            formats: services, a definition, a POSTed report read back alone and in the list,
#            the XML and JSON requests the same; every .xml document read with Python's own
#            parser (root elements, discovery's formats, a 404 as <errors>): scripts/open311_client.py
#   headers  security headers + CSP on every HTML page of the built bundles (residents, /admin/,
#            /v/), 401 from every committee endpoint in the OpenAPI document without a session, and
#            403 for another community's committee member
#   logs     the server's logs (debug) during the vote and report flows hold none of the voting
#            codes or phone numbers used
#   backup   `linli-server backup` during 200-client vote load, restored into a new database
#            (with the key file) and served by a new server: every vote acknowledged before the
#            backup began is there under its receipt, its code is spent (a re-vote gets 409),
#            integrity_check ok; prints the backup's seconds and bytes and the votes in it
#   disk     the server's data directory on a small tmpfs it mounts, filled up: a vote, a report
#            and a report with a photo answer 503 with the sentence while the pages, ballots and
#            Open311 reads answer 200 and /readyz says not ready; once space is freed the same
#            writes succeed (the refused vote's code was not spent), integrity_check ok, and only
#            the writes acknowledged are stored. Needs root (mount), not the load tool or schemathesis.
# Each check runs even when an earlier one failed. `./linli faults [CHECK…]` runs some only.
# Needs the release build and the pinned Python packages (./linli faults makes both).
# LINLI_FAULTS_PORT (18490) and the next port are used; SCHEMATHESIS_EXAMPLES (25) per operation.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PORT=${LINLI_FAULTS_PORT:-18490}
BASE=http://127.0.0.1:$PORT
WORK=$ROOT/target/faults
SERVER=${LINLI_SERVER_BIN:-$ROOT/target/release/linli-server}
BENCH=${INGEST_BENCH_BIN:-$ROOT/target/release/ingest-bench}
ST=$ROOT/target/py/bin/schemathesis
PASSWORD=faults-password
export LINLI_ADMIN_PASSWORD=$PASSWORD
# Every database here starts empty and gets the labelled sample.
export LINLI_SAMPLE_IF_EMPTY=1
# schemathesis signs in and posts from 127.0.0.1 hundreds of times a minute; the abuse limits
# would (rightly) stop it, so they are raised here and tested in crates/server/tests/api.
export LINLI_LIMIT_SIGN_IN=100000/1m LINLI_LIMIT_SIGN_IN_ACCOUNT=100000/1m \
  LINLI_LIMIT_REPORTS=100000/1m LINLI_LIMIT_PHOTOS=100000/1m LINLI_LIMIT_SUPPORT=100000/1m \
  LINLI_LIMIT_PAIRING=100000/1m
mkdir -p "$WORK"

say() { printf '\033[1m[faults]\033[0m %s\n' "$*"; }
fail() { echo "FAIL: $*" >&2; return 1; }
DIST=${LINLI_DIST:-dist}
# The disk check needs the server and the built bundles alone; every other check needs the load
# tool and schemathesis too.
needs=("$SERVER" "$DIST/index.html")
for check in "${@:-all}"; do
  [ "$check" = disk ] || needs=("$SERVER" "$BENCH" "$ST" "$DIST/index.html")
done
for need in "${needs[@]}"; do
  [ -e "$need" ] || { echo "faults: $need is missing; run ./linli faults (it builds and installs first)" >&2; exit 1; }
done

SERVER_PID=""
start_server() {
  local db=$1 log=$2
  LINLI_LOG=${SERVER_LOG_FILTER:-warn} "$SERVER" --db "$db" serve --port "$PORT" >>"$log" 2>&1 &
  SERVER_PID=$!
  local i
  for ((i = 0; i < 150; i++)); do
    curl -sf -o /dev/null "$BASE/api/v1/meta.json" && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  fail "the server did not start (see $log)"
}
stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null
  fi
  SERVER_PID=""
}
trap stop_server EXIT
# A session cookie: the first-run district account, or the given user and password.
cookie() {
  curl -si -X POST -H 'Content-Type: application/json' \
    -d "{\"username\":\"${1:-admin}\",\"password\":\"${2:-$PASSWORD}\"}" "$BASE/api/v1/session/login" |
    tr -d '\r' | sed -nE 's/^[Ss]et-[Cc]ookie: ([^;]*);.*/\1/p'
}
q() { sqlite3 -batch "$1" "$2"; }

# ---- (a) SIGKILL during load ----
check_kill() {
  local dir=$WORK/kill
  rm -rf "$dir" && mkdir -p "$dir"
  local db=$dir/linli.sqlite votes=${KILL_VOTES:-6000}
  start_server "$db" "$dir/server.log" || return 1
  "$BENCH" load --addr "127.0.0.1:$PORT" --ballot killed --clients 200 --votes "$votes" \
    --record "$dir/record.txt" >"$dir/load.out" 2>&1 &
  local load=$! spent=0 i
  # Kill once a fair share of the votes are in, while 200 clients are still sending.
  for ((i = 0; i < 600; i++)); do
    spent=$(curl -sf "$BASE/api/v1/ballots/killed/turnout.json" | jq -r '.codes_spent // 0' 2>/dev/null || echo 0)
    [ "${spent:-0}" -ge $((votes / 4)) ] && break
    sleep 0.05
  done
  kill -KILL "$SERVER_PID"
  wait "$SERVER_PID" 2>/dev/null
  SERVER_PID=""
  wait "$load"
  say "killed with SIGKILL at ≥ $spent spent codes: $(cat "$dir/load.out")"
  local accepted unknown unsent
  accepted=$(grep -c '^accepted ' "$dir/record.txt")
  unknown=$(grep -c '^unknown ' "$dir/record.txt")
  unsent=$(grep -c '^unsent ' "$dir/record.txt")
  [ "$unsent" -gt 0 ] || fail "the load had finished before the kill; nothing was tested" || return 1
  start_server "$db" "$dir/server.log" || return 1
  local ok=0
  [ "$(q "$db" 'PRAGMA integrity_check')" = ok ] || { fail "integrity_check after the kill"; ok=1; }
  local votes_stored spent_codes
  votes_stored=$(q "$db" "SELECT count(*) FROM votes WHERE ballot_id = 'killed'")
  spent_codes=$(q "$db" "SELECT count(*) FROM voting_codes WHERE ballot_id = 'killed' AND spent_at IS NOT NULL")
  [ "$votes_stored" = "$spent_codes" ] || { fail "$votes_stored votes stored but $spent_codes codes spent"; ok=1; }
  # Closing early takes a second, named member of the ballot's community.
  LINLI_NEW_USER_PASSWORD=faults-second-password "$SERVER" --db "$db" add-user \
    --username faults-second --community beiyuan-jiayuan >/dev/null 2>&1 ||
    { fail "add-user for the second member failed"; ok=1; }
  LINLI_SECOND_MEMBER_PASSWORD=faults-second-password "$BENCH" verify --addr "127.0.0.1:$PORT" \
    --second-member faults-second --ballot killed --record "$dir/record.txt" || ok=1
  stop_server
  say "kill: $accepted accepted before the kill, $unknown unanswered, $unsent never sent; after restart $votes_stored votes = $spent_codes spent codes"
  return $ok
}

# ---- (b) one Idempotency-Key, 50 sends over real TCP ----
check_resend() {
  local dir=$WORK/resend
  rm -rf "$dir" && mkdir -p "$dir/answers"
  local db=$dir/linli.sqlite
  start_server "$db" "$dir/server.log" || return 1
  local key before
  key=$(curl -sf "$BASE/api/v1/meta.json" | jq -r .client_api_key)
  before=$(q "$db" 'SELECT count(*) FROM service_requests')
  seq 1 50 | xargs -P 25 -I N curl -s -o "$dir/answers/N.json" -w '%{http_code}\n' \
    -H 'Idempotency-Key: faults-resend-1' \
    --data-urlencode "api_key=$key" --data-urlencode service_code=streetlight_out \
    --data-urlencode 'attribute[component_code]=1101120110000001' \
    --data-urlencode 'description=路灯不亮（重发测试）' \
    "$BASE/open311/v2/requests.json" >"$dir/statuses.txt"
  stop_server
  local after distinct statuses ok=0
  after=$(q "$db" 'SELECT count(*) FROM service_requests')
  distinct=$(md5sum "$dir"/answers/*.json | awk '{print $1}' | sort -u | wc -l)
  statuses=$(sort "$dir/statuses.txt" | uniq -c | tr -s ' ' | paste -sd, -)
  say "resend: statuses {$statuses}, $distinct distinct bodies, $((after - before)) new record(s)"
  [ "$(sort -u "$dir/statuses.txt")" = 201 ] || { fail "not every resend answered 201"; ok=1; }
  [ "$distinct" = 1 ] || { fail "the answers differ"; ok=1; }
  [ $((after - before)) = 1 ] || { fail "$((after - before)) records instead of 1"; ok=1; }
  return $ok
}

# ---- (c) schemathesis ----
check_schema() {
  local dir=$WORK/schema
  rm -rf "$dir" && mkdir -p "$dir"
  start_server "$dir/linli.sqlite" "$dir/server.log" || return 1
  local session ok=0 checks=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance
  session=$(cookie)
  # Anonymous, then as the district committee account (signing out would end the run's session).
  local pass
  for pass in anonymous committee; do
    local extra=()
    [ $pass = committee ] && extra=(-H "Cookie: $session" --exclude-path /api/v1/session/logout)
    say "schemathesis ($pass)"
    # One worker: with two threads, CPython 3.11's ast.parse (Hypothesis describing a lambda)
    # now and then fails with "AST constructor recursion depth mismatch", a race in the
    # interpreter (python/cpython#106905), not a finding about Linli.
    (cd "$dir" && "$ST" run "$BASE/api/v1/openapi.json" --url "$BASE" "${extra[@]}" \
      --checks "$checks" --max-examples "${SCHEMATHESIS_EXAMPLES:-25}" --seed 7 \
      --generation-database none --no-color --workers 1 --phases examples,coverage,fuzzing \
      --suppress-health-check all >"$dir/$pass.log" 2>&1)
    local rc=$?
    sed -n '/^=* *SUMMARY/,$p' "$dir/$pass.log" | grep -E 'Tested|Failures|❌|generated|failures' | sed 's/^/    /'
    [ $rc = 0 ] || { fail "schemathesis ($pass) found failures: see $dir/$pass.log"; ok=1; }
  done
  grep -q 'panicked\|ERROR' "$dir/server.log" && { fail "the server logged errors: see $dir/server.log"; ok=1; }
  stop_server
  return $ok
}

# ---- (c2) a real Open311 client, in XML and JSON ----
check_open311() {
  local dir=$WORK/open311
  rm -rf "$dir" && mkdir -p "$dir"
  start_server "$dir/linli.sqlite" "$dir/server.log" || return 1
  local ok=0 key
  key=$(curl -sf "$BASE/api/v1/meta.json" | jq -r .client_api_key)
  "$ROOT/target/py/bin/python" scripts/open311_client.py "$BASE" "$key" || { fail "the Open311 client: see above"; ok=1; }
  grep -q 'panicked\|ERROR' "$dir/server.log" && { fail "the server logged errors: see $dir/server.log"; ok=1; }
  stop_server
  return $ok
}

# ---- (d) security headers on every HTML page; committee endpoints refuse without a session ----
check_headers() {
  local dir=$WORK/headers
  rm -rf "$dir" && mkdir -p "$dir"
  start_server "$dir/linli.sqlite" "$dir/server.log" || return 1
  local ok=0 page pages=0
  for page in / /scan /c/1101120110000001 /c/1101120110000001/report /report /r/1 /vote /map \
    /map/beiyuan-jiayuan /me /kiosk /no-such-page /admin/ /admin/reports /admin/ballots /v/any-ballot; do
    local h
    h=$(curl -s -D - -o "$dir/body.html" "$BASE$page" | tr -d '\r')
    pages=$((pages + 1))
    grep -qi '^content-type: text/html' <<<"$h" || { fail "$page is not HTML"; ok=1; continue; }
    local csp
    csp=$(grep -i '^content-security-policy:' <<<"$h")
    grep -q "default-src 'self'" <<<"$csp" || { fail "$page: CSP without default-src 'self'"; ok=1; }
    grep -q "frame-ancestors 'none'" <<<"$csp" || { fail "$page: CSP without frame-ancestors 'none'"; ok=1; }
    grep -q "'unsafe-inline'\\|'unsafe-eval'" <<<"$csp" && { fail "$page: CSP allows 'unsafe-inline' or 'unsafe-eval'"; ok=1; }
    grep -qi '^x-content-type-options: nosniff' <<<"$h" || { fail "$page: no nosniff"; ok=1; }
    grep -qi '^referrer-policy: no-referrer' <<<"$h" || { fail "$page: no referrer-policy"; ok=1; }
    # Every inline script the page carries is allowed by its hash (else the page would not start).
    python3 - "$dir/body.html" "$csp" <<'PY' || { fail "$page: an inline script is not allowed by the CSP"; ok=1; }
import base64, hashlib, re, sys
html, csp = open(sys.argv[1], encoding="utf-8").read(), sys.argv[2]
scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, re.S)
missing = [s[:60] for s in scripts
           if "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'" not in csp]
if missing:
    print("  not in the CSP:", missing, file=sys.stderr)
sys.exit(1 if missing else 0)
PY
  done
  say "headers: $pages HTML pages checked (CSP, nosniff, referrer-policy, inline-script hashes)"
  # Every committee endpoint the OpenAPI document lists answers 401 without a session.
  local refused=0 method path
  while read -r method path; do
    local concrete status
    concrete=$(sed -E 's/\{[^}]+\}/x1/g' <<<"$path")
    status=$(curl -s -o /dev/null -w '%{http_code}' -X "$method" -H 'Content-Type: application/json' \
      -d '{}' "$BASE$concrete")
    if [ "$status" = 401 ]; then
      refused=$((refused + 1))
    else
      fail "$method $path answered $status without a session"
      ok=1
    fi
  done < <(curl -sf "$BASE/api/v1/openapi.json" |
    jq -r '.paths | to_entries[] | select(.key | startswith("/api/v1/admin")) | .key as $p | .value | keys[] | "\(ascii_upcase) \($p)"')
  say "headers: $refused committee endpoints (every /api/v1/admin path × method) refused with 401"
  [ "$refused" -gt 20 ] || { fail "only $refused committee endpoints found"; ok=1; }
  # With another community's role: a committee member of 上营 asks for 北苑家园's things and gets
  # 403, while the district account gets past the role check on the same requests (so the 403
  # comes from the role, not from a wrong path).
  local db=$dir/linli.sqlite other district ballot component forbidden=0
  LINLI_NEW_USER_PASSWORD=faults-other-password "$SERVER" --db "$db" add-user \
    --username faults-shangying --community zhongcang-shangying >/dev/null 2>&1 ||
    { fail "add-user for the other community failed"; ok=1; }
  other=$(cookie faults-shangying faults-other-password)
  district=$(cookie)
  ballot=$(q "$db" "SELECT id FROM ballots WHERE community_id = 'beiyuan-jiayuan' ORDER BY id LIMIT 1")
  component=$(q "$db" "SELECT code FROM components WHERE community_id = 'beiyuan-jiayuan' ORDER BY code LIMIT 1")
  local library='{"community_id":"beiyuan-jiayuan","title":"faults","summary":"s","theme":"运动健康","cost_yuan":1}'
  local request method target body
  for request in "GET /api/v1/admin/ballots/$ballot.json" "POST /api/v1/admin/ballots/$ballot/codes {\"count\":1}" \
    "POST /api/v1/admin/ballots/$ballot/close {}" "GET /api/v1/admin/gaps/beiyuan-jiayuan.json" \
    "GET /api/v1/admin/gaps/beiyuan-jiayuan.csv" "GET /api/v1/admin/plates/$component.svg" \
    "POST /api/v1/admin/library $library"; do
    read -r method target body <<<"$request"
    local as_other as_district
    as_other=$(curl -s -o /dev/null -w '%{http_code}' -X "$method" -H "Cookie: $other" \
      -H 'Content-Type: application/json' ${body:+-d "$body"} "$BASE$target")
    as_district=$(curl -s -o /dev/null -w '%{http_code}' -X "$method" -H "Cookie: $district" \
      -H 'Content-Type: application/json' ${body:+-d "$body"} "$BASE$target")
    if [ "$as_other" = 403 ] && [ "$as_district" != 401 ] && [ "$as_district" != 403 ]; then
      forbidden=$((forbidden + 1))
    else
      fail "$method $target: $as_other for another community's member, $as_district for the district"
      ok=1
    fi
  done
  say "headers: $forbidden committee requests for 北苑家园 refused with 403 to a member of 上营 (and let through for the district)"
  stop_server
  return $ok
}

# ---- (e) no voting code or phone number in the logs ----
check_logs() {
  local dir=$WORK/logs
  rm -rf "$dir" && mkdir -p "$dir"
  local db=$dir/linli.sqlite log=$dir/server.log
  SERVER_LOG_FILTER="debug,hyper=info,h2=info,r2d2=info" start_server "$db" "$log" || return 1
  # Votes: real codes, 200 clients, then a code sent twice and a mistyped one (the refusals).
  "$BENCH" load --addr "127.0.0.1:$PORT" --ballot logged --clients 200 --votes 400 \
    --record "$dir/record.txt" >/dev/null || { stop_server; return 1; }
  local code
  code=$(awk '/^accepted/ {print $2; exit}' "$dir/record.txt")
  curl -s -o /dev/null -H 'Content-Type: application/json' \
    -d "{\"code\":\"$code\",\"selections\":[\"p1\"],\"channel\":\"phone\"}" "$BASE/api/v1/ballots/logged/votes"
  curl -s -o /dev/null -H 'Content-Type: application/json' \
    -d "{\"code\":\"${code/#?/Z}\",\"selections\":[\"p1\"],\"channel\":\"kiosk\"}" "$BASE/api/v1/ballots/logged/votes"
  # Reports with phone numbers: one good, one refused (bad phone), then the tracking and
  # committee views that show the number.
  local key phones=(13812345678 15987654321 +8613700001111) phone id token session
  key=$(curl -sf "$BASE/api/v1/meta.json" | jq -r .client_api_key)
  session=$(cookie)
  for phone in "${phones[@]}"; do
    local answer
    answer=$(curl -s --data-urlencode "api_key=$key" --data-urlencode service_code=streetlight_out \
      --data-urlencode 'attribute[component_code]=1101120110000001' \
      --data-urlencode 'description=路灯不亮，请联系我' --data-urlencode "phone=$phone" \
      "$BASE/open311/v2/requests.json")
    id=$(jq -r '.[0].service_request_id // empty' <<<"$answer")
    token=$(jq -r '.[0].token // empty' <<<"$answer")
    [ -n "$id" ] && curl -s -o /dev/null -H "Cookie: $session" "$BASE/api/v1/admin/requests/$id.json"
    [ -n "$token" ] && curl -s -o /dev/null "$BASE/open311/v2/tokens/$token.json"
  done
  curl -s -o /dev/null --data-urlencode "api_key=$key" --data-urlencode service_code=other \
    --data-urlencode lat=39.9 --data-urlencode long=116.6 --data-urlencode description=坏了 \
    --data-urlencode "phone=1381234567x" "$BASE/open311/v2/requests.json"
  stop_server
  # Every code in its printed form and without hyphens; every phone with and without +86.
  awk '{print $2}' "$dir/record.txt" | sort -u >"$dir/secrets.txt"
  tr -d '-' <"$dir/secrets.txt" >>"$dir/secrets.txt.tmp" && cat "$dir/secrets.txt.tmp" >>"$dir/secrets.txt"
  printf '%s\n' "${phones[@]}" 13812345678 1381234567x 13700001111 >>"$dir/secrets.txt"
  rm -f "$dir/secrets.txt.tmp"
  local lines found
  lines=$(wc -l <"$log")
  found=$(grep -F -o -f "$dir/secrets.txt" "$log" | sort -u | head -5)
  say "logs: $lines log lines at debug level checked against $(wc -l <"$dir/secrets.txt") codes and phone numbers"
  [ "$lines" -gt 10 ] || { fail "the log is nearly empty; nothing was checked"; return 1; }
  [ -z "$found" ] || { fail "secrets in the server log: $found"; return 1; }
}

# ---- (f) a backup during 200-client vote load, restored into a new server ----
check_backup() {
  local dir=$WORK/backup
  rm -rf "$dir" && mkdir -p "$dir/restored"
  local db=$dir/linli.sqlite votes=${BACKUP_VOTES:-6000} copy=$dir/backup.sqlite
  local restored=$dir/restored/linli.sqlite ok=0
  start_server "$db" "$dir/server.log" || return 1
  "$BENCH" load --addr "127.0.0.1:$PORT" --ballot backed --clients 200 --votes "$votes" \
    --record "$dir/record.txt" >"$dir/load.out" 2>&1 &
  local load=$! spent=0 i
  # Back up once a fair share of the votes are in, while 200 clients are still sending.
  for ((i = 0; i < 600; i++)); do
    spent=$(curl -sf "$BASE/api/v1/ballots/backed/turnout.json" | jq -r '.codes_spent // 0' 2>/dev/null || echo 0)
    [ "${spent:-0}" -ge $((votes / 4)) ] && break
    sleep 0.05
  done
  # Microseconds since 1970, as the record stamps each acknowledgement.
  local began ended
  began=$(date +%s%6N)
  "$SERVER" --db "$db" backup --out "$copy" >"$dir/backup.out" 2>&1 ||
    { fail "the backup failed: $(cat "$dir/backup.out")"; ok=1; }
  ended=$(date +%s%6N)
  wait "$load" || { fail "the load failed: $(cat "$dir/load.out")"; ok=1; }
  stop_server
  [ $ok = 0 ] || return 1
  # Votes acknowledged before the backup began must be in it; those acknowledged later may or
  # may not be (verify counts them as unanswered).
  awk -v began="$began" '$1 == "accepted" { if ($5 < began) print "accepted", $2, $3, $4; else print "unknown", $2, $4; next } { print }' \
    "$dir/record.txt" >"$dir/before.txt"
  local before after_it seconds bytes mode
  before=$(grep -c '^accepted ' "$dir/before.txt")
  after_it=$(awk -v ended="$ended" '$1 == "accepted" && $5 > ended' "$dir/record.txt" | wc -l)
  seconds=$(sed -nE 's/.* bytes in ([0-9.]+) s\)$/\1/p' "$dir/backup.out")
  bytes=$(stat -c %s "$copy")
  mode=$(stat -c %a "$copy")
  [ "$before" -gt 0 ] || { fail "no vote was acknowledged before the backup began"; ok=1; }
  [ "$after_it" -gt 0 ] || { fail "no vote was acknowledged after the backup ended: it did not overlap the load"; ok=1; }
  [ "$mode" = 600 ] || { fail "the backup is mode $mode, not 600"; ok=1; }
  # A new machine: the backup restored, and the key file put beside it (it is not in the backup).
  "$SERVER" --db "$restored" restore --from "$copy" >"$dir/restore.out" 2>&1 ||
    { fail "the restore failed: $(cat "$dir/restore.out")"; return 1; }
  cp "$dir/linli.key" "$dir/restored/linli.key"
  [ "$(q "$restored" 'PRAGMA integrity_check')" = ok ] || { fail "integrity_check of the restored database"; ok=1; }
  local in_backup spent_codes
  in_backup=$(q "$restored" "SELECT count(*) FROM votes WHERE ballot_id = 'backed'")
  spent_codes=$(q "$restored" "SELECT count(*) FROM voting_codes WHERE ballot_id = 'backed' AND spent_at IS NOT NULL")
  [ "$in_backup" = "$spent_codes" ] || { fail "$in_backup votes in the backup but $spent_codes codes spent"; ok=1; }
  LINLI_NEW_USER_PASSWORD=faults-second-password "$SERVER" --db "$restored" add-user \
    --username faults-second --community beiyuan-jiayuan >/dev/null 2>&1 ||
    { fail "add-user for the second member failed"; ok=1; }
  start_server "$restored" "$dir/restored/server.log" || return 1
  # Every vote acknowledged before the backup: there under its receipt, its code refused (409).
  LINLI_SECOND_MEMBER_PASSWORD=faults-second-password "$BENCH" verify --addr "127.0.0.1:$PORT" \
    --second-member faults-second --ballot backed --record "$dir/before.txt" || ok=1
  stop_server
  say "backup: taken at ≥ $spent spent codes in ${seconds:-?} s ($(((ended - began) / 1000)) ms for the whole command), $bytes bytes (mode $mode), $in_backup votes in it; $before acknowledged before it began (all there), $after_it acknowledged after it ended; load: $(cat "$dir/load.out")"
  return $ok
}

# ---- (g) a full disk: writes answer 503, reads go on, nothing half-stored ----
DISK_MOUNT=""
release_disk() {
  stop_server
  if [ -n "$DISK_MOUNT" ] && mountpoint -q "$DISK_MOUNT"; then umount "$DISK_MOUNT"; fi
  DISK_MOUNT=""
}
# A JPEG as the server checks one (markers, a 1×1 frame, a scan) with `bytes` of image data.
tiny_jpeg() {
  printf '\xff\xd8\xff\xc0\x00\x11\x08\x00\x01\x00\x01\x03\x01\x11\x00\x02\x11\x01\x03\x11\x01'
  printf '\xff\xda\x00\x0c\x03\x01\x00\x02\x11\x03\x11\x00\x3f\x00'
  head -c "$1" /dev/zero | tr '\0' '\021'
  printf '\xff\xd9'
}
check_disk() {
  local dir=$WORK/disk ok=0
  release_disk
  rm -rf "$dir" && mkdir -p "$dir/seed" "$dir/small"
  trap release_disk EXIT
  # The sample database, made on the ordinary disk and folded into one file by a clean stop.
  start_server "$dir/seed/linli.sqlite" "$dir/seed.log" || return 1
  stop_server
  # Room for the 16 MB /readyz wants free and a little more, so that it is ready until filled.
  local seeded room=${DISK_ROOM_KB:-20480} size
  seeded=$(du -sk "$dir/seed" | cut -f1)
  size=$((seeded + room))
  mount -t tmpfs -o "size=${size}k,mode=0700" linli-faults-disk "$dir/small" ||
    { fail "cannot mount a tmpfs (the disk check needs root)"; return 1; }
  DISK_MOUNT=$dir/small
  cp -p "$dir/seed/"* "$dir/small/"
  local db=$dir/small/linli.sqlite
  start_server "$db" "$dir/server.log" || { release_disk; return 1; }
  # A ballot with ten codes, as the load tool makes one, and the SPA's Open311 key.
  local session key p1 p2 codes
  session=$(cookie)
  post() { curl -s -o "$dir/answer.json" -w '%{http_code}' -H "Cookie: $session" -H 'Content-Type: application/json' -d "$2" "$BASE$1"; }
  post /api/v1/admin/library '{"community_id":"beiyuan-jiayuan","title":"满盘项目一","summary":"s","theme":"绿色生态","location":"北苑三街","cost_yuan":100000}' >/dev/null
  p1=$(jq -r .id "$dir/answer.json")
  post /api/v1/admin/library '{"community_id":"beiyuan-jiayuan","title":"满盘项目二","summary":"s","theme":"绿色生态","location":"北苑三街","cost_yuan":150000}' >/dev/null
  p2=$(jq -r .id "$dir/answer.json")
  post /api/v1/admin/ballots "{\"id\":\"full-disk\",\"community_id\":\"beiyuan-jiayuan\",\"title\":\"满盘投票\",\"explanation\":\"s\",\"kind\":\"budget\",\"budget_yuan\":200000,\"min_choices\":1,\"max_choices\":2,\"rule\":\"greedy\",\"opens_at\":\"2026-01-01T00:00:00+08:00\",\"closes_at\":\"2099-12-31T20:00:00+08:00\",\"library_projects\":[$p1,$p2],\"electorate\":10}" >/dev/null
  post /api/v1/admin/ballots/full-disk/codes '{"count":10}' >/dev/null
  mapfile -t codes < <(jq -r '.codes[]' "$dir/answer.json")
  post /api/v1/admin/ballots/full-disk/open '{}' >/dev/null
  [ "${#codes[@]}" = 10 ] || { fail "no codes for the ballot: $(cat "$dir/answer.json")"; release_disk; return 1; }
  key=$(curl -sf "$BASE/api/v1/meta.json" | jq -r .client_api_key)
  tiny_jpeg 200000 >"$dir/photo.jpg"
  vote() { curl -s -o "$dir/answer.json" -w '%{http_code}' -H 'Content-Type: application/json' \
    -d "{\"code\":\"$1\",\"selections\":[\"p1\"],\"channel\":\"phone\"}" "$BASE/api/v1/ballots/full-disk/votes"; }
  report() { curl -s -o "$dir/answer.json" -w '%{http_code}' --data-urlencode "api_key=$key" \
    --data-urlencode service_code=streetlight_out --data-urlencode 'attribute[component_code]=1101120110000001' \
    --data-urlencode "description=$1" "$BASE/open311/v2/requests.json"; }
  photo_report() { curl -s -o "$dir/answer.json" -w '%{http_code}' -F "api_key=$key" \
    -F service_code=streetlight_out -F 'attribute[component_code]=1101120110000001' \
    -F "description=$1" -F "media=@$dir/photo.jpg;type=image/jpeg" "$BASE/open311/v2/requests.json"; }
  local status
  status=$(vote "${codes[0]}")
  [ "$status" = 201 ] || { fail "a vote before the disk filled answered $status: $(cat "$dir/answer.json")"; ok=1; }
  count() { q "$db" "SELECT (SELECT count(*) FROM votes WHERE ballot_id = 'full-disk') || ' ' || (SELECT count(*) FROM service_requests) || ' ' || (SELECT count(*) FROM request_photos)"; }
  local before after ready_before
  before=$(count)
  ready_before=$(curl -s -o "$dir/ready.json" -w '%{http_code}' "$BASE/readyz")
  [ "$ready_before" = 200 ] || { fail "/readyz before the disk filled answered $ready_before: $(cat "$dir/ready.json")"; ok=1; }
  # Fill what is left: big pieces, then small ones, until the disk refuses the last byte.
  dd if=/dev/zero of="$dir/small/filler" bs=1M 2>/dev/null
  dd if=/dev/zero of="$dir/small/filler.tail" bs=4k 2>/dev/null
  local free
  free=$(df -k --output=avail "$dir/small" | tail -1 | tr -d ' ')
  local refused=0 write
  for write in vote report photo; do
    case $write in
      vote) status=$(vote "${codes[1]}") ;;
      report) status=$(report "满盘测试：被拒的报告") ;;
      photo) status=$(photo_report "满盘测试：被拒的带照片报告") ;;
    esac
    if [ "$status" = 503 ] && grep -q '服务器存储空间已满' "$dir/answer.json" && grep -q 'disk is full' "$dir/answer.json"; then
      refused=$((refused + 1))
    else
      fail "a $write on the full disk answered $status: $(head -c 300 "$dir/answer.json")"; ok=1
    fi
  done
  local retry
  retry=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
    -d "{\"code\":\"${codes[1]}\",\"selections\":[\"p1\"],\"channel\":\"phone\"}" "$BASE/api/v1/ballots/full-disk/votes" |
    tr -d '\r' | sed -nE 's/^[Rr]etry-[Aa]fter: //p')
  [ -n "$retry" ] || { fail "the 503 has no Retry-After"; ok=1; }
  local reads=0 path
  for path in /api/v1/meta.json /api/v1/ballots.json /api/v1/ballots/full-disk.json \
    /api/v1/ballots/full-disk/turnout.json /api/v1/components/1101120110000001.json \
    /open311/v2/services.json /open311/v2/requests.json /; do
    status=$(curl -s -o /dev/null -w '%{http_code}' "$BASE$path")
    if [ "$status" = 200 ]; then reads=$((reads + 1)); else fail "GET $path on the full disk answered $status"; ok=1; fi
  done
  local ready_full ready_after
  ready_full=$(curl -s -o "$dir/ready.json" -w '%{http_code}' "$BASE/readyz")
  [ "$ready_full" = 503 ] && grep -q 'disk' "$dir/ready.json" ||
    { fail "/readyz on the full disk answered $ready_full: $(cat "$dir/ready.json")"; ok=1; }
  local during
  during=$(count)
  [ "$during" = "$before" ] || { fail "rows changed on the full disk: $before, then $during (votes, reports, photos)"; ok=1; }
  # Space freed: the same writes go through, the refused vote's code first (it was not spent).
  rm -f "$dir/small/filler" "$dir/small/filler.tail"
  local accepted=0
  for write in vote report photo; do
    case $write in
      vote) status=$(vote "${codes[1]}") ;;
      report) status=$(report "满盘之后：重新提交的报告") ;;
      photo) status=$(photo_report "满盘之后：重新提交的带照片报告") ;;
    esac
    if [ "$status" = 201 ]; then accepted=$((accepted + 1)); else fail "a $write after freeing space answered $status: $(head -c 300 "$dir/answer.json")"; ok=1; fi
  done
  ready_after=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/readyz")
  [ "$ready_after" = 200 ] || { fail "/readyz after freeing space answered $ready_after"; ok=1; }
  stop_server
  local integrity stored refused_rows
  integrity=$(q "$db" 'PRAGMA integrity_check')
  [ "$integrity" = ok ] || { fail "integrity_check: $integrity"; ok=1; }
  after=$(count)
  refused_rows=$(q "$db" "SELECT count(*) FROM service_requests WHERE description LIKE '满盘测试%'")
  [ "$refused_rows" = 0 ] || { fail "$refused_rows refused reports are stored"; ok=1; }
  read -r bv br bp <<<"$before"
  read -r av ar ap <<<"$after"
  stored="$((av - bv)) vote(s), $((ar - br)) report(s), $((ap - bp)) photo(s)"
  [ "$((av - bv)) $((ar - br)) $((ap - bp))" = "1 2 1" ] ||
    { fail "after freeing space $stored were stored, not the 1 vote, 2 reports and 1 photo acknowledged"; ok=1; }
  local told
  told=$(grep -c 'disk the database is on is full: writes are refused' "$dir/server.log")
  [ "$told" -ge 1 ] || { fail "the server did not tell the operator the disk is full"; ok=1; }
  say "disk: database ${seeded} kB on a ${size} kB tmpfs, filled to ${free} kB free; $refused of 3 writes answered 503 (Retry-After $retry s), $reads of 8 reads answered 200, /readyz $ready_before, $ready_full when full, $ready_after after; after freeing space $accepted of 3 writes answered 201 and $stored were stored; integrity_check $integrity; told the operator in $told log line(s)"
  release_disk
  trap stop_server EXIT
  return $ok
}

declare -a RESULTS=()
FAILED=0
run() {
  local name=$1
  say "── $name"
  local started=$SECONDS
  if "check_$name"; then
    RESULTS+=("PASS  $name ($((SECONDS - started)) s)")
  else
    RESULTS+=("FAIL  $name ($((SECONDS - started)) s)")
    FAILED=$((FAILED + 1))
  fi
}
checks=("$@")
[ ${#checks[@]} -gt 0 ] || checks=(kill resend schema open311 headers logs backup disk)
for check in "${checks[@]}"; do run "$check"; done
echo
printf '  %s\n' "${RESULTS[@]}"
echo "faults: $((${#RESULTS[@]} - FAILED)) passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
