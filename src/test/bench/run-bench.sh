#!/bin/bash
# Load benchmark of sharesnap's snapshot API (and, when installed, of real Manila with the same cases).
#
#   src/test/bench/run-bench.sh            # N = 1k and 100k, 10 s per case
#   BENCH_SIZES="1000 100000 1000000" src/test/bench/run-bench.sh
#
# For each N: drop and recreate the database $BENCH_DB, start the packaged service
# (target/quarkus-app; Flyway creates the schema) and time its startup, create one share through the API,
# seed N snapshots across N/BENCH_PROJECT_SIZE projects with SQL (seed.sql), restart the service (startup
# time and idle RSS on a seeded database), run `pgbench -S` as the machine's database ceiling, then one
# wrk run per case. Prints (and writes to $BENCH_OUT/results.md) a Markdown table with req/s, p50, p99 and
# each figure as a ratio to pgbench -S tps; create and delete also get their end-to-end pipeline rates.
#
# Cases (BENCH_CASES, default all; every one a 16-connection wrk run of BENCH_DURATION):
#   show        GET /v2/snapshots/{id}                                  project 0
#   list        GET /v2/snapshots                  (summary, default page: the 10-snapshot project)
#   detail      GET /v2/snapshots/detail           (default page: the 10-snapshot project)
#   detail1000  GET /v2/snapshots/detail?limit=1000                     project 0 (BENCH_PROJECT_SIZE rows)
#   name_like   GET /v2/snapshots/detail?name~=snap-000004              project 0, 10 rows
#   status      GET /v2/snapshots/detail?status=error                   project 0, 1 % of its rows
#   share       GET /v2/snapshots/detail?share_id={share 4}             project 0, 10 rows
#   all_name    GET /v2/snapshots/detail?all_tenants=1&name~=snap-000004   all N rows searched, 10 match
#   update      PUT /v2/snapshots/{id} {"snapshot": {"display_description": ...}}   project 0's ids in turn
#   create      POST /v2/snapshots on BENCH_POST_SHARES (16) shares in turn, then waits until every
#               snapshot is available
#   create1     the same on one share (as real Manila's bench.sh): the requests queue on its row lock
#   delete      DELETE /v2/snapshots/{id}, each id once (a pool of BENCH_DELETE_POOL), then waits until gone
#
# Environment (all optional):
#   BENCH_SIZES          N values, in order                          (default "1000 100000")
#   BENCH_DURATION       wrk -d per case                             (default 10s)
#   BENCH_WARMUP         wrk -d of each of the 4 JIT warm-up runs    (default 10s; C2 needs long on a busy box)
#   BENCH_CONNS / BENCH_THREADS   wrk -c / -t                        (default 16 / 2)
#   BENCH_TIMEOUT        wrk --timeout                               (default 30s)
#   BENCH_CASES          subset of the cases above                   (default all)
#   BENCH_PROJECT_SIZE   snapshots per project (multiple of 10)      (default 1000)
#   BENCH_DELETE_POOL    snapshots seeded for the delete case        (default 30000)
#   BENCH_DRAIN_TIMEOUT  seconds to wait for create/delete backlogs  (default 600)
#   BENCH_QUIET_TRIES    before each case, wait up to 2 s x this for >= 80 % idle CPU (default 5)
#   BENCH_PORT           service port                                (default 28886)
#   BENCH_DB             database, dropped and recreated per N       (default sharesnap_bench)
#   BENCH_REUSE_DB       1: keep $BENCH_DB as an earlier run with the same (single) N left it, no seeding
#                        (for profiling and repeats of the read cases; writes change the data set)
#   BENCH_PGBENCH_DB / BENCH_PGBENCH_SCALE / BENCH_PGBENCH_TIME     (sharesnap_pgbench / 10 / 10)
#   PGHOST / PGPORT / PGUSER                                         (127.0.0.1 / 5432 / postgres, trust auth)
#   BENCH_BUILD          auto (build when target/quarkus-app is missing) | 1 (always) | 0 (never)
#   BENCH_JAVA_OPTS      extra JVM options, e.g. "-Xmx256m"          (default none: the JVM's defaults)
#   BENCH_JFR            an N value: record a JFR profile of that N's cases into $BENCH_OUT/sharesnap-N.jfr
#                        (summarise it with jfr-hotspots.sh); BENCH_JFR_SETTINGS: a .jfc (default profile)
#   BENCH_OUT            output directory                            (default target/bench/<timestamp>)
#   BENCH_MANILA         auto (run real Manila's cases when it is installed) | 1 | 0
#   BENCH_MANILA_DIR     real Manila's scripts                       (default ../shared/real-manila)
#   MANILA_ANCHOR_STATE  its writable state directory                (default $BENCH_OUT/manila-state)
#   BENCH_MANILA_TIMEOUT wrk --timeout for Manila                    (default 60s)
#
# Needs wrk, pgbench (Debian: package postgresql-15, which postgresql-contrib pulls in), psql, curl, jq;
# installs the missing ones with apt-get when run as root.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
SIZES="${BENCH_SIZES:-1000 100000}"
DUR="${BENCH_DURATION:-10s}"
WARMUP="${BENCH_WARMUP:-10s}"
CONNS="${BENCH_CONNS:-16}"
THREADS="${BENCH_THREADS:-2}"
TIMEOUT="${BENCH_TIMEOUT:-30s}"
ALL_CASES="show list detail detail1000 name_like status share all_name update create create1 delete"
CASES="${BENCH_CASES:-$ALL_CASES}"
PSIZE="${BENCH_PROJECT_SIZE:-1000}"
DELPOOL="${BENCH_DELETE_POOL:-30000}"
DRAIN_TIMEOUT="${BENCH_DRAIN_TIMEOUT:-600}"
PORT="${BENCH_PORT:-28886}"
DB="${BENCH_DB:-sharesnap_bench}"
PGB_DB="${BENCH_PGBENCH_DB:-sharesnap_pgbench}"
PGB_SCALE="${BENCH_PGBENCH_SCALE:-10}"
PGB_TIME="${BENCH_PGBENCH_TIME:-10}"
BUILD="${BENCH_BUILD:-auto}"
JAVA_OPTS="${BENCH_JAVA_OPTS:-}"
JFR="${BENCH_JFR:-}"
JFR_SETTINGS="${BENCH_JFR_SETTINGS:-profile}"
REUSE="${BENCH_REUSE_DB:-0}"
OUT="${BENCH_OUT:-$ROOT/target/bench/$(date +%Y%m%d-%H%M%S)}"
MANILA="${BENCH_MANILA:-auto}"
MANILA_DIR="${BENCH_MANILA_DIR:-$ROOT/../shared/real-manila}"
MANILA_TIMEOUT="${BENCH_MANILA_TIMEOUT:-60s}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
MV=2.73
U="http://127.0.0.1:$PORT"
# projects (hex, as real Manila's project_id_regex wants); seed.sql uses the same ones
P0=be0c0000000000000000000000000000
PSMALL=be0c0000000000000000000000000a10
PDEL=be0c00000000000000000000000de1e7
PPOST=be0c00000000000000000000000f0057
PPOST1=be0c00000000000000000000000f0001
POST_SHARES="${BENCH_POST_SHARES:-16}"

mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
RESULTS="$OUT/results.md"
RAW="$OUT/raw.md"
: > "$OUT/rows.md"; : > "$OUT/pipeline.md"; : > "$OUT/service.md"; : > "$OUT/manila-rows.md"
: > "$OUT/manila-pipeline.md"; : > "$RAW"
SVC_PID=""
BASELINE=0

log() { echo "bench: $*" >&2; }
die() { log "$*"; exit 1; }
sql() { psql -X -v ON_ERROR_STOP=1 -qtA "$@"; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", b - a}'; }

# ---------------------------------------------------------------------------------------------- tools
ensure_tools() {
  local missing=() t
  for t in wrk pgbench psql curl jq; do command -v "$t" >/dev/null || missing+=("$t"); done
  # Debian's /usr/bin/pgbench is a wrapper from postgresql-client-common; the binary is in postgresql-NN
  if command -v pgbench >/dev/null && ! pgbench --version >/dev/null 2>&1; then missing+=(pgbench); fi
  [ ${#missing[@]} -eq 0 ] && return
  [ "$(id -u)" = 0 ] || die "missing: ${missing[*]} (apt-get install wrk postgresql-contrib postgresql-client curl jq)"
  log "installing ${missing[*]} with apt-get"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk postgresql-contrib postgresql-client curl jq >/dev/null
}

build() {
  if [ "$BUILD" = 1 ] || { [ "$BUILD" = auto ] && [ ! -f "$ROOT/target/quarkus-app/quarkus-run.jar" ]; }; then
    log "building target/quarkus-app"
    (cd "$ROOT" && ./mvnw -B -q package -DskipTests) > "$OUT/build.log" 2>&1 || die "build failed, see $OUT/build.log"
  fi
  [ -f "$ROOT/target/quarkus-app/quarkus-run.jar" ] || die "no target/quarkus-app/quarkus-run.jar"
}

# ---------------------------------------------------------------------------------------------- machine
load1() { cut -d' ' -f1 /proc/loadavg; }
cpu_ticks() { awk '/^cpu / {busy = $2 + $3 + $4 + $7 + $8 + $9; print busy, busy + $5 + $6}' /proc/stat; }
# with RSS_TREE=1 (real Manila: an API parent and its worker processes) a pid stands for it and its children
pids_of() { echo "$1"; [ "${RSS_TREE:-0}" = 1 ] && pgrep -P "$1" || true; }
proc_ticks() { local p t=0; for p in $(pids_of "$1"); do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo "$t"; }
rss_mb() { local p; for p in $(pids_of "$1"); do cat "/proc/$p/status" 2>/dev/null; done | awk '/^VmRSS/ {s += $2} END {printf "%.0f", s / 1024}'; }
hwm_mb() { awk '/^VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$1/status" 2>/dev/null || echo 0; }
cpu_idle_pct() { # whole machine, over 2 s
  local a b
  read -r -a a <<<"$(cpu_ticks)"; sleep 2; read -r -a b <<<"$(cpu_ticks)"
  awk -v bb="$((b[0] - a[0]))" -v tt="$((b[1] - a[1]))" 'BEGIN {printf "%.0f", (tt > 0 ? 100 - 100 * bb / tt : 0)}'
}
wait_quiet() { # other tenants of this machine distort the numbers: wait (at most ~2 s x BENCH_QUIET_TRIES) for >= 80 % idle
  local i idle=0
  for ((i = 0; i < ${BENCH_QUIET_TRIES:-5}; i++)); do idle="$(cpu_idle_pct)"; [ "$idle" -ge 80 ] && break; done
  echo "$idle"
}
rss_sampler() { # pid file: keeps the highest VmRSS (MB) in file until killed
  local pid="$1" file="$2" max=0 r
  while kill -0 "$pid" 2>/dev/null; do
    r="$(rss_mb "$pid")"; [ "$r" -gt "$max" ] && { max="$r"; echo "$max" > "$file"; }
    sleep 0.5
  done
}

# ---------------------------------------------------------------------------------------------- service
start_service() { # label -> sets SVC_PID, appends startup figures to service.md
  local label="$1" t0 t1 code i extra=()
  [ -n "$JFR_OPTS" ] && extra+=("$JFR_OPTS")
  # shellcheck disable=SC2086
  t0="$(now)"
  QUARKUS_HTTP_PORT="$PORT" QUARKUS_HTTP_HOST=127.0.0.1 \
    QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://$PGHOST:$PGPORT/$DB" \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" \
    SHARESNAP_DB_USER="$PGUSER" SHARESNAP_NFS_ROOT="$NFS" \
    java $JAVA_OPTS "${extra[@]}" -jar "$ROOT/target/quarkus-app/quarkus-run.jar" >> "$OUT/service-$N.log" 2>&1 &
  SVC_PID=$!
  for ((i = 0; i < 1200; i++)); do
    code="$(curl -s -o /dev/null -w '%{http_code}' "$U/q/health/ready" || true)"
    [ "$code" = 200 ] && break
    kill -0 "$SVC_PID" 2>/dev/null || die "service exited during start, see $OUT/service-$N.log"
    sleep 0.02
  done
  t1="$(now)"
  [ "$code" = 200 ] || die "service not ready after 24 s"
  STARTUP="$(elapsed "$t0" "$t1")"
  STARTUP_CPU="$(awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$SVC_PID/stat")"
  QSTART="$(grep -o 'started in [0-9.]*s' "$OUT/service-$N.log" | tail -1 | grep -o '[0-9.]*' || true)"
  log "N=$N: service ($label) ready after ${STARTUP}s (Quarkus says ${QSTART}s, ${STARTUP_CPU} CPU-s), RSS $(rss_mb "$SVC_PID") MB"
}

stop_service() {
  [ -n "$SVC_PID" ] || return 0
  kill "$SVC_PID" 2>/dev/null || true
  wait "$SVC_PID" 2>/dev/null || true
  SVC_PID=""
}

api() { # project method path [curl args...]
  local p="$1" m="$2" path="$3"; shift 3
  curl -sS -X "$m" -H "X-Auth-Token: bench:$p" -H "X-OpenStack-Manila-API-Version: $MV" \
    -H 'Content-Type: application/json' "$BASE$path" "$@"
}

# ---------------------------------------------------------------------------------------------- wrk
to_ms() { # wrk latency (850.00us, 1.23ms, 1.02s, 1.10m) -> ms
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) {sub(/us$/, "", v); printf "%.2f", v / 1000}
    else if (v ~ /ms$/) {sub(/ms$/, "", v); printf "%.2f", v}
    else if (v ~ /m$/) {sub(/m$/, "", v); printf "%.0f", v * 60000}
    else if (v ~ /s$/) {sub(/s$/, "", v); printf "%.0f", v * 1000}
    else printf "-"}'
}

# run_wrk name url project [timeout] -> sets W_RPS W_P50 W_P99 W_N W_ERR W_CPU W_BUSY W_RSS W_IDLE W_LOAD
# (Lua-driven cases export BENCH_METHOD/BENCH_BODY/BENCH_IDS/BENCH_ID_MODE before calling)
run_wrk() {
  local name="$1" url="$2" proj="$3" tmo="${4:-$TIMEOUT}" pid="${5:-$SVC_PID}"
  local out="$OUT/wrk-$TAG-$name.txt" rssf="$OUT/.rss" a b pa pb sampler=""
  W_IDLE="$(wait_quiet)"; W_LOAD="$(load1)"
  local cmd=(wrk -t"$THREADS" -c"$CONNS" -d"$DUR" --timeout "$tmo" --latency
             -H "X-Auth-Token: bench:$proj" -H "X-OpenStack-Manila-API-Version: $MV" -s "$HERE/bench.lua" "$url")
  echo 0 > "$rssf"
  if [ -n "$pid" ]; then rss_sampler "$pid" "$rssf" & sampler=$!; fi
  read -r -a a <<<"$(cpu_ticks)"; pa=0; [ -n "$pid" ] && pa="$(proc_ticks "$pid")"
  BENCH_WRK_THREADS="$THREADS" "${cmd[@]}" > "$out" 2>&1 || true
  read -r -a b <<<"$(cpu_ticks)"; pb=0; [ -n "$pid" ] && pb="$(proc_ticks "$pid")"
  [ -n "$sampler" ] && { kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true; }
  W_RSS="$(cat "$rssf")"
  local hz; hz="$(getconf CLK_TCK)"
  local secs; secs="$(awk -v a="${a[1]}" -v b="${b[1]}" -v hz="$hz" -v n="$(nproc)" 'BEGIN {print (b - a) / hz / n}')"
  W_CPU="$(awk -v d="$((pb - pa))" -v s="$secs" -v hz="$hz" 'BEGIN {printf "%.0f %%", (s > 0 ? 100 * d / hz / s : 0)}')"
  [ -n "$pid" ] || W_CPU="-"
  W_BUSY="$(awk -v bb="$((b[0] - a[0]))" -v tt="$((b[1] - a[1]))" 'BEGIN {printf "%.0f", (tt > 0 ? 100 * bb / tt : 0)}')"
  W_RPS="$(awk '/^Requests\/sec/ {printf "%.0f", $2}' "$out")"
  W_P50="$(to_ms "$(awk '/^ +50%/ {print $2}' "$out")")"
  W_P99="$(to_ms "$(awk '/^ +99%/ {print $2}' "$out")")"
  W_N="$(awk '/requests in/ {print $1}' "$out")"
  local non2xx errs
  non2xx="$(awk '/Non-2xx/ {print $NF}' "$out")"
  errs="$(grep -m1 'Socket errors' "$out" | sed -e 's/^ *Socket errors: *//' || true)"
  W_ERR="${non2xx:-0}${errs:+; $errs}"
  [ -n "$W_RPS" ] || { W_RPS=0; W_N=0; }
  [ "${W_N:-0}" = 0 ] && { W_P50=-; W_P99=-; }   # no request finished within the run
  { printf '\n#### %s, %s\n\n```\n$ ' "$TAG" "$name"
    env | grep -E '^BENCH_(METHOD|BODY|ID_MODE)=' | tr '\n' ' ' || true
    printf '%q ' "${cmd[@]}"; printf '\n'
    cat "$out"; printf '```\n'
    printf 'machine idle before: %s%%, load1 %s; during: machine busy %s%%, service CPU %s of one core, max RSS %s MB\n' \
      "$W_IDLE" "$W_LOAD" "$W_BUSY" "$W_CPU" "$W_RSS"; } >> "$RAW"
  log "$TAG $name: $W_RPS req/s, p50 $W_P50 ms, p99 $W_P99 ms, non-2xx/errors $W_ERR, service CPU $W_CPU, RSS $W_RSS MB"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b + 0 > 0 && a != "-") printf "%.1f %%", 100 * a / b; else printf "-"}'; }

# ---------------------------------------------------------------------------------------------- pgbench
pgbench_ceiling() { # -> PGB_TPS (simple protocol, the ceiling) and PGB_TPS_PREP (-M prepared, for reference)
  if [ "$(sql -d postgres -c "SELECT count(*) FROM pg_database WHERE datname = '$PGB_DB'")" = 0 ] ||
     ! sql -d "$PGB_DB" -c "SELECT 1 FROM pgbench_accounts LIMIT 1" >/dev/null 2>&1; then
    log "initialising $PGB_DB (pgbench -i -s $PGB_SCALE)"
    dropdb --if-exists "$PGB_DB"; createdb "$PGB_DB"
    pgbench -i -q -s "$PGB_SCALE" "$PGB_DB" > "$OUT/pgbench-init.log" 2>&1
  fi
  local idle; idle="$(wait_quiet)"
  pgbench -S -c 16 -j 2 -T "$PGB_TIME" -n "$PGB_DB" > "$OUT/pgbench-$TAG.txt" 2>&1
  pgbench -S -M prepared -c 16 -j 2 -T "$PGB_TIME" -n "$PGB_DB" > "$OUT/pgbench-$TAG-prepared.txt" 2>&1
  # writes: pgbench -N (3 single-row writes + commit with fsync), the reference for update/create/delete
  pgbench -N -c 16 -j 2 -T "$PGB_TIME" -n "$PGB_DB" > "$OUT/pgbench-$TAG-writes.txt" 2>&1
  PGB_TPS_N="$(awk '/^tps/ {printf "%.0f", $3; exit}' "$OUT/pgbench-$TAG-writes.txt")"
  PGB_TPS="$(awk '/^tps/ {printf "%.0f", $3; exit}' "$OUT/pgbench-$TAG.txt")"
  PGB_TPS_PREP="$(awk '/^tps/ {printf "%.0f", $3; exit}' "$OUT/pgbench-$TAG-prepared.txt")"
  { printf '\n#### %s, pgbench -S (machine idle before: %s%%, load1 %s)\n\n```\n$ pgbench -S -c 16 -j 2 -T %s -n %s\n' \
      "$TAG" "$idle" "$(load1)" "$PGB_TIME" "$PGB_DB"
    cat "$OUT/pgbench-$TAG.txt"; printf '```\n'; } >> "$RAW"
  log "$TAG: pgbench -S: $PGB_TPS tps (-M prepared: $PGB_TPS_PREP tps); pgbench -N: $PGB_TPS_N tps"
}

# ---------------------------------------------------------------------------------------------- pipeline
count_status() { # db project -> "creating available error deleting total" (sharesnap schema)
  sql -d "$1" -c "SELECT count(*) FILTER (WHERE status = 'creating'), count(*) FILTER (WHERE status = 'available'),
    count(*) FILTER (WHERE status LIKE 'error%'), count(*) FILTER (WHERE status = 'deleting'), count(*)
    FROM snapshots WHERE project_id = '$2'" | tr '|' ' '
}

# ---------------------------------------------------------------------------------------------- cases
row() { # name rows
  local r; r="$(ratio "$W_RPS" "$PGB_TPS")"
  case "$1" in update|create|create1|delete) r="$r (of -N: $(ratio "$W_RPS" "$PGB_TPS_N"))" ;; esac
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$N" "$1" "$2" "$W_RPS" "$W_P50" "$W_P99" \
    "$W_N" "$W_ERR" "$r" "$W_CPU" "$W_RSS" "$W_LOAD / $W_IDLE %" >> "$OUT/rows.md"
  echo "$N $1 $W_RPS $W_P50 $W_P99 $W_RSS" >> "$OUT/figures.txt"
}

rows_of() { # project path -> number of snapshots in the answer (HTTP status when it is not a 200)
  local body code
  body="$(api "$1" GET "$2" -w '\n%{http_code}')"; code="${body##*$'\n'}"
  [ "$code" = 200 ] || { echo "HTTP $code"; return; }
  echo "${body%$'\n'*}" | jq 'if .snapshots then (.snapshots | length) elif .snapshot then 1 else 0 end' 2>/dev/null || echo '?'
}

get_case() { # name project path
  local name="$1" proj="$2" path="$3" n
  n="$(rows_of "$proj" "$path")"
  unset BENCH_IDS BENCH_BODY; export BENCH_METHOD=GET
  run_wrk "$name" "$U$path" "$proj"
  row "$name" "$n"
}

sharesnap_cases() {
  local c show share4 t0 t1 t2 s
  show="$(sql -d "$DB" -c "SELECT md5('bench-snap-0')::uuid")"
  share4="$(sql -d "$DB" -c "SELECT md5('bench-share-4')::uuid")"
  sql -d "$DB" -c "SELECT id FROM snapshots WHERE project_id = '$P0' ORDER BY created_at DESC LIMIT 1000" > "$OUT/ids-update"
  sql -d "$DB" -c "SELECT id FROM snapshots WHERE project_id = '$PDEL' ORDER BY created_at DESC" > "$OUT/ids-delete"
  for c in $CASES; do
    case "$c" in
      show)       get_case show "$P0" "/v2/snapshots/$show" ;;
      list)       get_case list "$PSMALL" "/v2/snapshots" ;;
      detail)     get_case detail "$PSMALL" "/v2/snapshots/detail" ;;
      detail1000) get_case detail1000 "$P0" "/v2/snapshots/detail?limit=1000" ;;
      name_like)  get_case name_like "$P0" "/v2/snapshots/detail?name~=snap-000004" ;;
      status)     get_case status "$P0" "/v2/snapshots/detail?status=error" ;;
      share)      get_case share "$P0" "/v2/snapshots/detail?share_id=$share4" ;;
      all_name)   get_case all_name "$P0" "/v2/snapshots/detail?all_tenants=1&name~=snap-000004" ;;
      update)
        export BENCH_METHOD=PUT BENCH_IDS="$OUT/ids-update" BENCH_ID_MODE=cycle \
          BENCH_BODY='{"snapshot": {"display_description": "updated by wrk"}}'
        run_wrk update "$U/v2/snapshots" "$P0"; row update 1 ;;
      create)
        # spread over BENCH_POST_SHARES shares of one project (the id goes into the body)
        export BENCH_METHOD=POST BENCH_IDS="$OUT/ids-post-shares" BENCH_ID_MODE=cycle BENCH_ID_IN_BODY=1 \
          BENCH_BODY='{"snapshot": {"share_id": "{id}", "name": "wrk", "description": "bench"}}'
        BASELINE="$(sql -d "$DB" -c "SELECT count(*) FROM snapshots WHERE project_id = '$PPOST'")"
        t0="$(now)"; run_wrk create "$U/v2/snapshots" "$PPOST"; t1="$(now)"; unset BENCH_ID_IN_BODY
        pipeline create "$DB" "$PPOST" "$t0" "$t1" ;;
      create1)
        # every request on the same share (as real Manila's bench.sh does): they queue on its row lock
        export BENCH_METHOD=POST BENCH_BODY="{\"snapshot\": {\"share_id\": \"$POST_SHARE\", \"name\": \"wrk\", \"description\": \"bench\"}}"
        unset BENCH_IDS
        BASELINE="$(sql -d "$DB" -c "SELECT count(*) FROM snapshots WHERE project_id = '$PPOST1'")"
        t0="$(now)"; run_wrk create1 "$U/v2/snapshots" "$PPOST1"; t1="$(now)"
        pipeline create1 "$DB" "$PPOST1" "$t0" "$t1" ;;
      delete)
        export BENCH_METHOD=DELETE BENCH_IDS="$OUT/ids-delete" BENCH_ID_MODE=once; unset BENCH_BODY
        t0="$(now)"; run_wrk delete "$U/v2/snapshots" "$PDEL"; t1="$(now)"
        pipeline delete "$DB" "$PDEL" "$t0" "$t1" ;;
      *) die "unknown case $c" ;;
    esac
  done
}

# pipeline create|delete db project t0 t1: waits for the backlog, records the end-to-end rate
pipeline() {
  local kind="$1" db="$2" proj="$3" t0="$4" t1="$5" st t2 done_n total left i
  read -r -a st <<<"$(count_status "$db" "$proj")"
  if [ "$kind" != delete ]; then
    # BASELINE: rows the project already had (available ones, from an earlier run on a reused database)
    total="$((st[4] - BASELINE))"; local at_end="$((st[1] + st[2] - BASELINE))"
  else
    total="$((DEL_BEFORE - st[4] + st[3]))"; local at_end="$((DEL_BEFORE - st[4]))"
  fi
  for ((i = 0; i < DRAIN_TIMEOUT * 5; i++)); do
    read -r -a st <<<"$(count_status "$db" "$proj")"
    if [ "$kind" != delete ]; then left="${st[0]}"; else left="${st[3]}"; fi
    [ "$left" = 0 ] && break
    sleep 0.2
  done
  t2="$(now)"
  local errors="${st[2]}"
  [ "$kind" = delete ] && errors="$(sql -d "$db" -c "SELECT count(*) FROM snapshots WHERE project_id = '$proj' AND status = 'error_deleting'")"
  local wall; wall="$(elapsed "$t0" "$t2")"
  local rate; rate="$(awk -v n="$total" -v w="$wall" 'BEGIN {printf "%.0f", (w > 0 ? n / w : 0)}')"
  local during; during="$(awk -v n="$at_end" -v w="$(elapsed "$t0" "$t1")" 'BEGIN {printf "%.0f", (w > 0 ? n / w : 0)}')"
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$N" "$kind" "$W_RPS" "$W_P99" "$total" "$at_end" \
    "$during" "$(elapsed "$t1" "$t2")" "$rate" "$errors${left:+ (left: $left)}" >> "$PIPE_FILE"
  echo "$N $kind-e2e $rate - - $W_RSS" >> "$OUT/figures.txt"
  row "$kind" 1
  log "$TAG $kind: $total accepted, $at_end done when wrk stopped, backlog drained $(elapsed "$t1" "$t2") s later: $rate/s end to end"
}

# ---------------------------------------------------------------------------------------------- one N
bench_n() {
  N="$1"; TAG="sharesnap-N$N"; BASE="$U"; PIPE_FILE="$OUT/pipeline.md"
  [ $((N % PSIZE)) = 0 ] || die "N=$N is not a multiple of BENCH_PROJECT_SIZE=$PSIZE"
  NFS="$OUT/nfs-$N"; rm -rf "$NFS"; mkdir -p "$NFS"
  JFR_OPTS=""
  local st1="-" q1="-" c1="-" l1="-" seed_s="-" i
  if [ "$REUSE" = 1 ]; then
    # BENCH_REUSE_DB=1: keep the database of an earlier run with this N (read cases, profiling); only the
    # directories of the create case's shares are made again under this run's NFS root
    POST_SHARE="$(sql -d "$DB" -c "SELECT id FROM shares WHERE project_id = '$PPOST1' AND display_name = 'bench-post'")"
    sql -d "$DB" -c "SELECT id FROM shares WHERE project_id = '$PPOST'" > "$OUT/ids-post-shares"
    [ -n "$POST_SHARE" ] && [ "$(sql -d "$DB" -c "SELECT count(*) FROM snapshots WHERE project_id LIKE 'be0c0%' AND display_name LIKE 'snap-%'")" = "$N" ] \
      || die "BENCH_REUSE_DB=1: $DB does not hold a seeded N=$N"
    log "N=$N: reusing database $DB"
    for i in "$POST_SHARE" $(cat "$OUT/ids-post-shares"); do mkdir -p "$NFS/shares/$i"; done
  else
  log "N=$N: recreating database $DB"
  dropdb --if-exists --force "$DB"; createdb "$DB"
  start_service "empty database, Flyway migrates"
  st1="$STARTUP"; q1="$QSTART"; c1="$STARTUP_CPU"; l1="$(load1)"
  POST_SHARE="$(api "$PPOST1" POST /v2/shares -d '{"share": {"share_proto": "NFS", "size": 1, "name": "bench-post"}}' | jq -r .share.id)"
  for ((i = 0; i < 300; i++)); do
    [ "$(api "$PPOST1" GET "/v2/shares/$POST_SHARE" | jq -r .share.status)" = available ] && break; sleep 0.1
  done
  [ "$(api "$PPOST1" GET "/v2/shares/$POST_SHARE" | jq -r .share.status)" = available ] || die "share $POST_SHARE not available"
  stop_service
  log "N=$N: seeding $N snapshots in $((N / PSIZE)) project(s) + 10 + $DELPOOL (delete pool)"
  local t0; t0="$(now)"
  sql -d "$DB" -v n="$N" -v psize="$PSIZE" -v delpool="$DELPOOL" -v tpl="$POST_SHARE" -f "$HERE/seed.sql" > /dev/null
  seed_s="$(elapsed "$t0" "$(now)")"
  # the create case's shares: rows cloned from the API-made one, with their (empty) directories
  sql -d "$DB" -c "INSERT INTO shares (id, project_id, user_id, display_name, size, share_proto, share_type_id, status,
      host, snapshot_support, create_share_from_snapshot_support, revert_to_snapshot_support, mount_snapshot_support,
      export_path, created_at)
    SELECT md5('bench-post-' || k)::uuid, '$PPOST', 'bench', 'bench-post-' || k, size, share_proto, share_type_id,
      'available', host, true, true, false, false, NULL, created_at FROM shares, generate_series(0, $POST_SHARES - 1) k
    WHERE id = '$POST_SHARE' RETURNING id" > "$OUT/ids-post-shares"
  while read -r i; do mkdir -p "$NFS/shares/$i"; done < "$OUT/ids-post-shares"
  fi
  local total; total="$(sql -d "$DB" -c "SELECT count(*) FROM snapshots")"
  DEL_BEFORE="$(sql -d "$DB" -c "SELECT count(*) FROM snapshots WHERE project_id = '$PDEL'")"
  log "N=$N: seeded in ${seed_s}s ($total rows in snapshots, $DEL_BEFORE in the delete pool)"
  [ "$JFR" = "$N" ] && JFR_OPTS="-XX:StartFlightRecording=filename=$OUT/sharesnap-$N.jfr,settings=$JFR_SETTINGS,dumponexit=true"
  start_service "seeded database"
  local st2="$STARTUP" q2="$QSTART" c2="$STARTUP_CPU" l2; l2="$(load1)"
  sleep 3
  local idle_rss; idle_rss="$(rss_mb "$SVC_PID")"
  pgbench_ceiling
  # JIT warm-up (not reported): BENCH_WARMUP each of show, list, detail and a filtered detail
  local show w; show="$(sql -d "$DB" -c "SELECT md5('bench-snap-0')::uuid")"
  for w in "$P0 /v2/snapshots/$show" "$PSMALL /v2/snapshots" "$PSMALL /v2/snapshots/detail" "$P0 /v2/snapshots/detail?status=error"; do
    wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" -H "X-Auth-Token: bench:${w%% *}" -H "X-OpenStack-Manila-API-Version: $MV" "$U${w#* }" > /dev/null
  done
  local warm_rss; warm_rss="$(rss_mb "$SVC_PID")"
  printf '| %s | **%s** | %s | %s |\n' "$N" "$PGB_TPS" "$PGB_TPS_PREP" "$PGB_TPS_N" >> "$OUT/ceilings.md"
  sharesnap_cases
  sleep 5
  local after_rss; after_rss="$(rss_mb "$SVC_PID")"; local hwm; hwm="$(hwm_mb "$SVC_PID")"
  local maxload; maxload="$(awk -v n="$N" '$1 == n && $6 + 0 > m {m = $6} END {print m + 0}' "$OUT/figures.txt")"
  stop_service
  printf '| %s | %s | %s (%s; %s CPU-s; load1 %s) | %s (%s; %s CPU-s; load1 %s) | %s | %s | %s | %s | %s |\n' "$N" "$total" \
    "$st1" "${q1:-?}" "$c1" "$l1" "$st2" "${q2:-?}" "$c2" "$l2" \
    "$seed_s" "$idle_rss" "$warm_rss" "$maxload / $hwm" "$after_rss" >> "$OUT/service.md"
  rm -rf "$NFS"
}

# ---------------------------------------------------------------------------------------------- real Manila
manila_available() {
  [ -x "$MANILA_DIR/start.sh" ] && [ -x "$MANILA_DIR/bench.sh" ] && dpkg -s python3-manila >/dev/null 2>&1
}

bench_manila() {
  export MANILA_ANCHOR_STATE="${MANILA_ANCHOR_STATE:-$OUT/manila-state}"
  mkdir -p "$MANILA_ANCHOR_STATE"
  local mport="${MANILA_ANCHOR_PORT:-18786}" mdb="${MANILA_ANCHOR_DB:-manila_anchor}"
  BASE="http://127.0.0.1:$mport"; TAG="manila"; N="manila"; PIPE_FILE="$OUT/manila-pipeline.md"
  if [ ! -f /etc/manila-anchor/manila.conf ] || [ "$(sql -d postgres -c "SELECT count(*) FROM pg_database WHERE datname = '$mdb'")" = 0 ]; then
    log "real Manila: running setup.sh"
    "$MANILA_DIR/setup.sh" > "$OUT/manila-setup.log" 2>&1 || { log "real Manila setup failed, see $OUT/manila-setup.log"; return 0; }
  fi
  log "real Manila: starting (state in $MANILA_ANCHOR_STATE)"
  MANILA_ANCHOR_HEADERS_PORT=off "$MANILA_DIR/start.sh" > "$OUT/manila-start.log" 2>&1 \
    || { log "real Manila start failed, see $OUT/manila-start.log"; return 0; }
  log "real Manila: seeding (bench.sh seed)"
  "$MANILA_DIR/bench.sh" seed > "$OUT/manila-seed.log" 2>&1 || { log "bench.sh seed failed, see $OUT/manila-seed.log"; stop_manila; return 0; }
  local B="$MANILA_ANCHOR_STATE/bench" P10=be0c0000000000000000000000000010 P1000=be0c0000000000000000000000001000
  local MPOST=be0c00000000000000000000000f0057 show mshare c t0 t1 i
  show="$(cat "$B/show_id")"; mshare="$(cat "$B/post_share")"
  # 10 of P1000's 1000 clones in error (bench-0007, -0107, ... -0907), as seed.sql does for sharesnap
  sql -d "$mdb" -c "UPDATE share_snapshot_instances SET status = 'error' WHERE snapshot_id IN (SELECT id FROM share_snapshots
    WHERE project_id = '$P1000' AND deleted = 'False' AND display_name ~ '^bench-0[0-9]07\$')" > /dev/null
  sql -d "$mdb" -c "SELECT id FROM share_snapshots WHERE project_id = '$P1000' AND deleted = 'False' ORDER BY created_at DESC LIMIT 1000" > "$OUT/manila-ids-update"
  local ran_pipeline=0 mpid; mpid="$(cat "$MANILA_ANCHOR_STATE/api.pid" 2>/dev/null || true)"; export RSS_TREE=1
  for c in $CASES; do
    case "$c" in
      show)       mget show "$P10" "/v2/snapshots/$show" ;;
      list)       mget list "$P10" "/v2/snapshots" ;;
      detail)     mget detail "$P10" "/v2/snapshots/detail" ;;
      name_like)  mget name_like "$P1000" "/v2/snapshots/detail?name~=bench-004" ;;
      status)     mget status "$P1000" "/v2/snapshots/detail?status=error" ;;
      update)
        export BENCH_METHOD=PUT BENCH_IDS="$OUT/manila-ids-update" BENCH_ID_MODE=cycle \
          BENCH_BODY='{"snapshot": {"display_description": "updated by wrk"}}'
        run_wrk update "$BASE/v2/snapshots" "$P1000" "$MANILA_TIMEOUT" "$mpid"; mrow update 1 ;;
      create1)
        # bench.sh's one POST share (sharesnap's create1); the 16-share variant is not set up for Manila
        export BENCH_METHOD=POST BENCH_BODY="{\"snapshot\": {\"share_id\": \"$mshare\", \"name\": \"wrk\", \"description\": \"bench\"}}"
        unset BENCH_IDS
        t0="$(now)"; run_wrk create1 "$BASE/v2/snapshots" "$MPOST" "$MANILA_TIMEOUT" "$mpid"; t1="$(now)"
        manila_pipeline create1 "$mdb" "$MPOST" "$t0" "$t1"; ran_pipeline=1 ;;  # bench.sh leaves none behind
      delete)
        # the snapshots the create case made are the pool
        sql -d "$mdb" -c "SELECT s.id FROM share_snapshots s JOIN share_snapshot_instances i ON i.snapshot_id = s.id
          WHERE s.project_id = '$MPOST' AND s.deleted = 'False' AND i.status = 'available'" > "$OUT/manila-ids-delete"
        if [ -s "$OUT/manila-ids-delete" ]; then
          export BENCH_METHOD=DELETE BENCH_IDS="$OUT/manila-ids-delete" BENCH_ID_MODE=once; unset BENCH_BODY
          t0="$(now)"; run_wrk delete "$BASE/v2/snapshots" "$MPOST" "$MANILA_TIMEOUT" "$mpid"; t1="$(now)"
          manila_pipeline delete "$mdb" "$MPOST" "$t0" "$t1"
        fi ;;
      *) ;;
    esac
  done
  # the long lists last, each on a fresh API: wrk stops with requests of several seconds in flight
  for c in $CASES; do
    case "$c" in
      detail1000) restart_manila_api; mpid="$(cat "$MANILA_ANCHOR_STATE/api.pid")"; mget detail1000 "$P1000" "/v2/snapshots/detail?limit=1000" ;;
      all_name)   restart_manila_api; mpid="$(cat "$MANILA_ANCHOR_STATE/api.pid")"; mget all_name "$P1000" "/v2/snapshots/detail?all_tenants=1&name~=bench-004" ;;
    esac
  done
  if [ "$ran_pipeline" = 1 ]; then
    for i in 1 2 3; do sleep 5; manila_cleanup "$mdb" "$MPOST" 2>/dev/null && break; done || log "real Manila: cleanup of $MPOST failed"
  fi
  unset RSS_TREE
  # put bench.sh's clones back as they were
  sql -d "$mdb" -c "UPDATE share_snapshot_instances SET status = 'available' WHERE status = 'error' AND snapshot_id IN
    (SELECT id FROM share_snapshots WHERE project_id = '$P1000' AND deleted = 'False' AND display_name ~ '^bench-0[0-9]07\$')" > /dev/null || true
  stop_manila
}

mget() { # name project path
  local name="$1" proj="$2" path="$3" n
  n="$(rows_of "$proj" "$path")"
  unset BENCH_IDS BENCH_BODY; export BENCH_METHOD=GET
  run_wrk "$name" "$BASE$path" "$proj" "$MANILA_TIMEOUT" "$mpid"
  mrow "$name" "$n"
}

mrow() { # name rows: Manila's figure next to sharesnap's at the smallest N
  local ours; ours="$(awk -v c="$1" -v n="$FIRST_N" '$1 == n && $2 == c {print $3}' "$OUT/figures.txt")"
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$1" "$2" "$W_RPS" "$W_P50" "$W_P99" "$W_N" "$W_ERR" \
    "$W_CPU" "$W_RSS" "${ours:--}" "$(awk -v a="${ours:-0}" -v b="$W_RPS" 'BEGIN {if (b + 0 > 0 && a + 0 > 0) printf "%.1f x", a / b; else printf "-"}')" >> "$OUT/manila-rows.md"
  echo "manila $1 $W_RPS $W_P50 $W_P99 -" >> "$OUT/figures.txt"
}

manila_count() { # db project -> "creating available error deleting total"
  sql -d "$1" -c "SELECT count(*) FILTER (WHERE i.status = 'creating'), count(*) FILTER (WHERE i.status = 'available'),
    count(*) FILTER (WHERE i.status LIKE 'error%'), count(*) FILTER (WHERE i.status = 'deleting'), count(*)
    FROM share_snapshots s JOIN share_snapshot_instances i ON i.snapshot_id = s.id AND i.deleted = 'False'
    WHERE s.project_id = '$2' AND s.deleted = 'False'" | tr '|' ' '
}

manila_pipeline() { # same as pipeline(), on Manila's schema (soft-deleted rows count as gone)
  local kind="$1" db="$2" proj="$3" t0="$4" t1="$5" st i left t2 total at_end
  read -r -a st <<<"$(manila_count "$db" "$proj")"
  if [ "$kind" != delete ]; then total="${st[4]}"; at_end="$((st[1] + st[2]))"
  else local pool; pool="$(wc -l < "$OUT/manila-ids-delete")"; total="$((pool - st[4] + st[3]))"; at_end="$((pool - st[4]))"; fi
  for ((i = 0; i < DRAIN_TIMEOUT * 5; i++)); do
    read -r -a st <<<"$(manila_count "$db" "$proj")"
    if [ "$kind" != delete ]; then left="${st[0]}"; else left="${st[3]}"; fi
    [ "$left" = 0 ] && break
    sleep 0.2
  done
  t2="$(now)"
  local wall; wall="$(elapsed "$t0" "$t2")"
  local rate; rate="$(awk -v n="$total" -v w="$wall" 'BEGIN {printf "%.0f", (w > 0 ? n / w : 0)}')"
  local during; during="$(awk -v n="$at_end" -v w="$(elapsed "$t0" "$t1")" 'BEGIN {printf "%.0f", (w > 0 ? n / w : 0)}')"
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "manila" "$kind" "$W_RPS" "$W_P99" "$total" "$at_end" \
    "$during" "$(elapsed "$t1" "$t2")" "$rate" "${st[2]}${left:+ (left: $left)}" >> "$PIPE_FILE"
  mrow "$kind" 1
  log "manila $kind: $total accepted, backlog drained $(elapsed "$t1" "$t2") s after wrk: $rate/s end to end"
}

manila_cleanup() { # hard-delete what the create/delete cases left (as real Manila's bench.sh does)
  sql -d "$1" <<EOF > /dev/null
DELETE FROM share_snapshot_instance_export_locations WHERE share_snapshot_instance_id IN
  (SELECT id FROM share_snapshot_instances WHERE project_id='$2');
DELETE FROM share_snapshot_instances WHERE project_id='$2';
DELETE FROM share_snapshots WHERE project_id='$2';
DELETE FROM reservations WHERE project_id='$2';
UPDATE quota_usages SET in_use=0, reserved=0 WHERE project_id='$2' AND resource IN ('snapshots','snapshot_gigabytes');
EOF
}

restart_manila_api() {
  "$MANILA_DIR/stop.sh" api > /dev/null 2>&1 || true
  MANILA_ANCHOR_HEADERS_PORT=off "$MANILA_DIR/start.sh" > /dev/null 2>&1 || log "real Manila API restart failed"
}

stop_manila() { "$MANILA_DIR/stop.sh" > /dev/null 2>&1 || true; }

# ---------------------------------------------------------------------------------------------- report
report() {
  {
    echo "# sharesnap load benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "Machine: $(nproc) CPUs ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(free -g | awk '/Mem:/ {print $2}') GiB RAM;"
    echo "load average at start $LOAD_START, at end $(cut -d' ' -f1-3 /proc/loadavg). $(java -version 2>&1 | head -1);"
    echo "$(psql -X -qtA -d postgres -c 'SHOW server_version' | sed 's/^/PostgreSQL /') on $PGHOST:$PGPORT. wrk -t$THREADS -c$CONNS -d$DUR; JVM options: ${JAVA_OPTS:-none}."
    echo "The load generator, PostgreSQL and the service share the same $(nproc) CPUs."
    echo
    echo "## Service"
    echo
    echo "Startup = process start to the first 200 from /q/health/ready; in brackets Quarkus's own 'started in', the"
    echo "CPU time the JVM had used by then (all threads), and the 1-minute load average at that moment."
    echo
    echo "| N | snapshot rows | startup, empty DB (s) | startup, seeded DB (s) | seed (s) | idle RSS after start (MB) | RSS after warm-up (MB) | max RSS under load / VmHWM (MB) | idle RSS after load (MB) |"
    echo "|---|---|---|---|---|---|---|---|---|"
    cat "$OUT/service.md"
    echo
    echo "## Ceiling"
    echo
    echo "pgbench -c 16 -j 2 -T $PGB_TIME, scale $PGB_SCALE, over TCP like the service, just before that N's cases (tps)."
    echo "-S (select-only, simple protocol) is the ceiling of the ratios; -N (3 writes and a commit) for the write cases."
    echo
    echo "| N | pgbench -S | pgbench -S -M prepared | pgbench -N |"
    echo "|---|---|---|---|"
    cat "$OUT/ceilings.md" 2>/dev/null || true
    echo
    echo "## Cases"
    echo
    echo "| N | case | rows per answer | req/s | p50 (ms) | p99 (ms) | requests | non-2xx / socket errors | of pgbench -S | service CPU (of 1 core) | max RSS (MB) | load1 / idle before |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
    cat "$OUT/rows.md"
    echo
    echo "## Create → available, delete → gone (task pipeline)"
    echo
    echo "There is no instant driver yet: every create runs the NFS driver, which copies the (empty) share"
    echo "directory with \`cp -a --reflink=auto\` and renames it into place; every delete removes a directory."
    echo "'end to end' = snapshots accepted / (wrk start → the last one available, or gone)."
    echo
    echo "| N | case | API req/s | API p99 (ms) | accepted | done when wrk stopped | done/s during wrk | backlog drained after wrk (s) | end to end (/s) | errors |"
    echo "|---|---|---|---|---|---|---|---|---|---|"
    cat "$OUT/pipeline.md"
    cat "$OUT/manila-pipeline.md"
    if [ -s "$OUT/manila-rows.md" ]; then
      echo
      echo "## Real Manila (Zed, eventlet API, 2 workers, dummy driver), same cases"
      echo
      echo "Its own data set (real-manila/bench.sh seed): show/list/detail on a 10-snapshot project, the filters,"
      echo "update and detail1000 on a 1000-snapshot project; delete consumes what its create case made."
      echo "sharesnap/Manila compares with sharesnap's N=$FIRST_N run."
      echo
      echo "| case | rows | req/s | p50 (ms) | p99 (ms) | requests | non-2xx / socket errors | API CPU (of 1 core) | API RSS (MB) | sharesnap req/s | sharesnap / Manila |"
      echo "|---|---|---|---|---|---|---|---|---|---|---|"
      cat "$OUT/manila-rows.md"
    fi
    echo
    echo "## Targets"
    echo
    targets
    echo
    echo "Raw wrk and pgbench output: raw.md beside this file."
  } > "$RESULTS"
}

targets() {
  local f="$OUT/figures.txt" big; big="$(echo "$SIZES" | tr ' ' '\n' | sort -n | tail -1)"
  awk -v big="$big" -v pg="$(cat "$OUT/.pgb" 2>/dev/null)" '
    function verdict(ok, what, got, need) { printf "* %s: %s — %s (target %s)\n", what, ok ? "met" : "**missed**", got, need }
    { fig[$1 " " $2] = $3; p99[$1 " " $2] = $5; if ($6 + 0 > rss) rss = $6 + 0 }
    END {
      split(pg, pgs, " ")
      n = split("'"$SIZES"'", ns, " ")
      for (i = 1; i <= n; i++) {
        N = ns[i]; tps = pgs[i]
        if ((N " show") in fig) verdict(fig[N " show"] >= tps / 2, "N=" N " show ≥ 50 % of pgbench -S", sprintf("%d req/s = %.1f %% of %d", fig[N " show"], 100 * fig[N " show"] / tps, tps), ">= " int(tps / 2))
        if ((N " detail") in fig) verdict(fig[N " detail"] >= tps / 4, "N=" N " detail default page ≥ 25 %", sprintf("%d req/s = %.1f %% of %d", fig[N " detail"], 100 * fig[N " detail"] / tps, tps), ">= " int(tps / 4))
        if ((N " create-e2e") in fig) verdict(fig[N " create-e2e"] >= 2000, "N=" N " create → available (16 shares)", fig[N " create-e2e"] "/s end to end", ">= 2000/s")
        if ((N " create1-e2e") in fig) verdict(fig[N " create1-e2e"] >= 2000, "N=" N " create → available (one share)", fig[N " create1-e2e"] "/s end to end", ">= 2000/s")
      }
      split("name_like status share all_name", cs, " ")
      for (j = 1; j <= 4; j++) if ((big " " cs[j]) in p99)
        verdict(p99[big " " cs[j]] + 0 < 20, "N=" big " filtered detail " cs[j] " p99 < 20 ms" (big < 1000000 ? " (target is for N=1M)" : ""), p99[big " " cs[j]] " ms", "< 20 ms")
      verdict(rss < 300, "RSS under load < 300 MB", rss " MB (highest sample over all cases)", "< 300 MB")
    }' "$f"
  awk -F'|' '{gsub(/ /, "", $4); split($4, a, "("); s = a[1]; gsub(/ /, "", $5); split($5, b, "(");
    printf "* N=%s startup < 3 s: %s — %s s on an empty database (Flyway migrates), %s s on the seeded one\n", $2 + 0,
      (b[1] + 0 < 3 && (s == "-" || s + 0 < 3)) ? "met" : "**missed**", s, b[1]}' "$OUT/service.md"
}

# ---------------------------------------------------------------------------------------------- main
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
ensure_tools
build
trap 'stop_service' EXIT
: > "$OUT/figures.txt"; : > "$OUT/ceilings.md"; : > "$OUT/.pgb"
FIRST_N="$(echo "$SIZES" | awk '{print $1}')"
for n in $SIZES; do
  bench_n "$n"
  printf '%s ' "$PGB_TPS" >> "$OUT/.pgb"
  report
done
case "$MANILA" in
  1) bench_manila ;;
  auto) if manila_available; then bench_manila; else log "real Manila is not installed ($MANILA_DIR): skipped"; fi ;;
  *) ;;
esac
report
cat "$RESULTS"
log "results in $RESULTS"
