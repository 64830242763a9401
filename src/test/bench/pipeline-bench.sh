#!/bin/bash
# Benchmark of the durable task pipeline: how fast accepted snapshot creates become available.
#
#   src/test/bench/pipeline-bench.sh
#
# Runs the packaged service (target/quarkus-app) on a fresh database with the benchmark backend "instant"
# (sharesnap.instant.*: stores nothing, answers at once or after a fixed latency on a timer), so the figures
# are sharesnap's API and pipeline, not a storage system's. In one run:
#   baseline   pgbench -N (BENCH_CONNS clients, 10 s): small write transactions with a commit each, the
#              machine's ceiling for the kind of work a create is (every create commits twice: the API's
#              transaction and the worker's completion)
#   api        instant backend: wrk POSTs snapshot creates for BENCH_DURATION over BENCH_PROJECTS projects (one
#              share each), then waits until every accepted snapshot is available: POST req/s and
#              create→available per second end to end (accepted snapshots / time from the first POST to the
#              last available)
#   queued     instant backend: BENCH_QUEUED accepted creates (a snapshot in 'creating' and its task, exactly
#              the rows the API commits) inserted in one transaction, then the time until all are available:
#              the pipeline's drain rate alone
#   latency    the same BENCH_QUEUED creates on the instant backend slowed to BENCH_LATENCY a call: completion
#              time, against its floor BENCH_QUEUED x latency / task concurrency
# Also checks the service log for Vert.x blocked-thread warnings. Writes $BENCH_OUT/results.md.
#
# Environment (all optional):
#   BENCH_DURATION (10s)  BENCH_WARMUP (10s; each phase first runs the same work once, discarded, for the JIT)
#   BENCH_CONNS (16)  BENCH_THREADS (2)  BENCH_PROJECTS (16)  BENCH_QUEUED (10000)
#   BENCH_LATENCY (200ms)  BENCH_CONCURRENCY: task concurrency on the instant backend for every phase, set as
#   sharesnap.instant.task-concurrency and as sharesnap.tasks.concurrency (the replica's total; before
#   per-backend limits the only setting), so it means the same for older builds (default: the service's
#   defaults, instant 64 since per-backend limits, 8 before)  BENCH_LATENCY_CONCURRENCY: the same for the
#   latency phase only (default 64)
#   BENCH_PORT (28887)  BENCH_DB (sharesnap_pipebench; the baseline uses ${BENCH_DB}_pgb)  BENCH_BUILD (auto|1|0)
#   BENCH_JAVA_OPTS
#   BENCH_OUT (target/bench/pipeline-<timestamp>)  PGHOST/PGPORT/PGUSER (127.0.0.1/5432/postgres)
#   BENCH_PHASES ("api queued latency": the phases to run; the baseline always runs)
# Needs wrk, pgbench, psql, curl, jq (run-bench.sh lists the Debian packages).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
DUR="${BENCH_DURATION:-10s}"
WARMUP="${BENCH_WARMUP:-10s}"
CONNS="${BENCH_CONNS:-16}"
THREADS="${BENCH_THREADS:-2}"
PROJECTS="${BENCH_PROJECTS:-16}"
QUEUED="${BENCH_QUEUED:-10000}"
LATENCY="${BENCH_LATENCY:-200ms}"
CONCURRENCY="${BENCH_CONCURRENCY:-}"
LAT_CONCURRENCY="${BENCH_LATENCY_CONCURRENCY:-64}"
PORT="${BENCH_PORT:-28887}"
DB="${BENCH_DB:-sharesnap_pipebench}"
BUILD="${BENCH_BUILD:-auto}"
JAVA_OPTS="${BENCH_JAVA_OPTS:-}"
PHASES=" ${BENCH_PHASES:-api queued latency} "
OUT="${BENCH_OUT:-$ROOT/target/bench/pipeline-$(date +%Y%m%d-%H%M%S)}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
U="http://127.0.0.1:$PORT"
MV=2.73
ADMIN=(-H "X-Auth-Token: bench:be0c00000000000000000000000ad111" -H "X-OpenStack-Manila-API-Version: $MV"
       -H "Content-Type: application/json")
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
SVC_PID=""

log() { echo "pipeline-bench: $*" >&2; }
die() { log "$*"; exit 1; }
sql() { psql -X -v ON_ERROR_STOP=1 -qtA -d "$DB" "$@"; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", b - a}'; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN {printf "%.0f", (s > 0 ? n / s : 0)}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.0f %%", (b > 0 ? 100 * a / b : 0)}'; }
phase_on() { [[ "$PHASES" == *" $1 "* ]]; }
project() { printf 'be0c%028x' "$1"; }

for t in wrk pgbench psql curl jq; do command -v "$t" >/dev/null || die "missing $t"; done
# shellcheck source=service-lib.sh
. "$HERE/service-lib.sh"
build_service
trap stop_service EXIT

start_service() { # phase latency concurrency
  local phase="$1" latency="$2" conc="$3" i code
  dropdb --if-exists --force "$DB" && createdb "$DB"
  local env=(QUARKUS_HTTP_PORT="$PORT" QUARKUS_HTTP_HOST=127.0.0.1
    QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://$PGHOST:$PGPORT/$DB"
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" SHARESNAP_DB_USER="$PGUSER"
    SHARESNAP_NFS_ROOT="$OUT/nfs" SHARESNAP_INSTANT_ENABLED=true SHARESNAP_INSTANT_LATENCY="$latency"
    SHARESNAP_QUOTA_SNAPSHOTS=-1 SHARESNAP_QUOTA_SNAPSHOT_GIGABYTES=-1 SHARESNAP_QUOTA_SHARES=-1
    SHARESNAP_QUOTA_GIGABYTES=-1)
  [ -n "$conc" ] && env+=(SHARESNAP_TASKS_CONCURRENCY="$conc" SHARESNAP_INSTANT_TASK_CONCURRENCY="$conc")
  # shellcheck disable=SC2086
  env "${env[@]}" java $JAVA_OPTS -jar "$ROOT/target/quarkus-app/quarkus-run.jar" > "$OUT/service-$phase.log" 2>&1 &
  SVC_PID=$!
  for ((i = 0; i < 1500; i++)); do
    code="$(curl -s -o /dev/null -w '%{http_code}' "$U/q/health/ready" || true)"
    [ "$code" = 200 ] && break
    kill -0 "$SVC_PID" 2>/dev/null || die "service exited during start, see $OUT/service-$phase.log"
    sleep 0.02
  done
  [ "$code" = 200 ] || die "service not ready after 30 s"
}

# One share type on the instant backend and one share on it in each bench project; ids to $OUT/shares.
make_shares() {
  local type i p id
  type="$(curl -sf "${ADMIN[@]}" -X POST "$U/v2/types" -d '{"share_type": {"name": "instant",
    "extra_specs": {"driver_handles_share_servers": "False", "share_backend_name": "instant",
    "snapshot_support": "True"}}}' | jq -r .share_type.id)"
  : > "$OUT/shares"
  for ((i = 0; i < PROJECTS; i++)); do
    p="$(project "$i")"
    id="$(curl -sf -H "X-Auth-Token: bench:$p" -H "X-OpenStack-Manila-API-Version: $MV" \
      -H "Content-Type: application/json" -X POST "$U/v2/shares" \
      -d "{\"share\": {\"share_proto\": \"NFS\", \"size\": 1, \"share_type\": \"$type\"}}" | jq -r .share.id)"
    echo "$p $id" >> "$OUT/shares"
  done
  for ((i = 0; i < 500; i++)); do
    [ "$(sql -c "SELECT count(*) FROM shares WHERE status <> 'available'")" = 0 ] && return 0
    sleep 0.1
  done
  die "shares not available"
}

# Waits until no snapshot is 'creating'; prints the time it saw that.
drain() {
  local i
  for ((i = 0; i < 6000; i++)); do
    [ "$(sql -c "SELECT count(*) FROM snapshots WHERE status = 'creating'")" = 0 ] && { now; return 0; }
    sleep 0.05
  done
  die "creates still pending after 300 s"
}

blocked() { grep -c 'has been blocked' "$OUT/service-$1.log" || true; }

# CPU time (clock ticks) of the service process and of the PostgreSQL backends serving its database:
# unlike wall-clock rates, CPU per operation hardly depends on what else runs on the machine.
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
pg_ticks() {
  local pid sum=0
  for pid in $(psql -X -qtA -d postgres -c "SELECT pid FROM pg_stat_activity WHERE datname = '$DB'"); do
    sum=$((sum + $(ticks "$pid")))
  done
  echo "$sum"
}
cpu_ms() { awk -v t="$1" -v n="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.2f", (n > 0 ? 1000 * t / hz / n : 0)}'; }
# The whole machine's CPU (/proc/stat: busy, idle, stolen by the host), so that a slow run on a shared
# host shows whether the CPU was there to use: "idle I %, stolen S %" of the time between two readings.
machine() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8, $5 + $6, $9}' /proc/stat; }
machine_share() {
  awk -v a="$1" -v b="$2" 'BEGIN {split(a, x, " "); split(b, y, " ");
    busy = y[1] - x[1]; idle = y[2] - x[2]; steal = y[3] - x[3]; all = busy + idle + steal;
    printf "idle %.0f %%, stolen by the host %.0f %%", (all > 0 ? 100 * idle / all : 0), (all > 0 ? 100 * steal / all : 0)}'
}

# --- baseline
log "baseline: pgbench -N, $CONNS clients, 10 s"
dropdb --if-exists "${DB}_pgb" && createdb "${DB}_pgb"
pgbench -q -i -s 10 "${DB}_pgb" > /dev/null 2>&1
PGB_N="$(pgbench -N -c "$CONNS" -j 2 -T 10 "${DB}_pgb" 2>&1 | awk '/^tps/ {printf "%.0f", $3}')"
dropdb --if-exists "${DB}_pgb"
log "pgbench -N: $PGB_N tps"

# --- api: POSTs through the API, then the wait until all are available
if phase_on api; then
start_service api 0ms "$CONCURRENCY"
make_shares
awk '{print $2}' "$OUT/shares" > "$OUT/ids"
post() { # seconds output
  BENCH_METHOD=POST BENCH_IDS="$OUT/ids" BENCH_ID_MODE=cycle BENCH_ID_IN_BODY=1 BENCH_WRK_THREADS="$THREADS" \
    BENCH_BODY='{"snapshot": {"share_id": "{id}", "name": "wrk", "description": "bench"}}' \
    wrk -t"$THREADS" -c"$CONNS" -d"$1" --latency -H "X-Auth-Token: bench:be0c00000000000000000000000ad111" \
    -H "X-OpenStack-Manila-API-Version: $MV" -s "$HERE/bench.lua" "$U/v2/snapshots" > "$2" 2>&1
}
log "api: JIT warm-up ($WARMUP of POSTs, discarded)"
post "$WARMUP" "$OUT/wrk-api-warmup.txt"
drain > /dev/null
BEFORE="$(sql -c "SELECT count(*) FROM snapshots")"
s0="$(ticks "$SVC_PID")"; p0="$(pg_ticks)"; m0="$(machine)"
t0="$(now)"
post "$DUR" "$OUT/wrk-api.txt"
t1="$(now)"
t2="$(drain)"
s1="$(ticks "$SVC_PID")"; p1="$(pg_ticks)"; m1="$(machine)"
API_RPS="$(awk '/^Requests\/sec/ {printf "%.0f", $2}' "$OUT/wrk-api.txt")"
API_P99="$(awk '/^ +99%/ {print $2}' "$OUT/wrk-api.txt")"
API_N="$(($(sql -c "SELECT count(*) FROM snapshots") - BEFORE))"
API_OK="$(($(sql -c "SELECT count(*) FROM snapshots WHERE status = 'available'") - BEFORE))"
API_E2E="$(rate "$API_N" "$(elapsed "$t0" "$t2")")"
API_TAIL="$(elapsed "$t1" "$t2")"
API_BLOCKED="$(blocked api)"
API_CPU="service $(cpu_ms $((s1 - s0)) "$API_N") ms + PostgreSQL $(cpu_ms $((p1 - p0)) "$API_N") ms"
API_MACHINE="$(machine_share "$m0" "$m1")"
log "api: $API_RPS POST/s (p99 $API_P99), $API_N accepted, $API_OK available, ${API_TAIL}s after the last POST: $API_E2E/s end to end"
fi

# --- queued: the rows the API would commit, inserted at once; then the drain
# The API records each task's backend (since per-backend task concurrency); older schemas have no column.
task_backend_sql() {
  TASK_BACKEND_COLUMN="" TASK_BACKEND_VALUE=""
  if [ "$(sql -c "SELECT count(*) FROM information_schema.columns
                  WHERE table_name = 'tasks' AND column_name = 'backend'")" = 1 ]; then
    TASK_BACKEND_COLUMN=", backend" TASK_BACKEND_VALUE=", 'instant'"
  fi
}
queue_creates() {
  task_backend_sql
  sql > /dev/null <<SQL
BEGIN;
CREATE TEMP TABLE bench_new ON COMMIT DROP AS
  SELECT gen_random_uuid() AS id, s.id AS share_id, s.project_id
  FROM generate_series(1, ${2:-$QUEUED}) g JOIN LATERAL (
    SELECT id, project_id FROM shares ORDER BY id OFFSET (g % $PROJECTS) LIMIT 1) s ON true;
INSERT INTO snapshots (id, project_id, user_id, share_id, share_size, display_name, share_proto, status, progress,
                       metadata, created_at)
  SELECT id, project_id, 'bench', share_id, 1, '${1:-queued}', 'NFS', 'creating', '0%', '{}'::jsonb,
         now() AT TIME ZONE 'UTC' FROM bench_new;
INSERT INTO tasks (kind, resource_id, request_id$TASK_BACKEND_COLUMN)
  SELECT 'snapshot.create', id, 'req-bench'$TASK_BACKEND_VALUE FROM bench_new;
NOTIFY sharesnap_tasks;
COMMIT;
SQL
}
queued_phase() { # phase latency concurrency -> sets Q_SECS Q_RATE Q_OK Q_BLOCKED
  local phase="$1"
  start_service "$phase" "$2" "$3"
  make_shares
  local warm=$QUEUED
  [ "$2" = 0ms ] || warm=$((QUEUED / 10))
  log "$phase: JIT warm-up ($warm queued creates, discarded)"
  queue_creates warmup "$warm"
  drain > /dev/null
  local t0 t2 s0 s1 p0 p1
  s0="$(ticks "$SVC_PID")"; p0="$(pg_ticks)"
  t0="$(now)"
  queue_creates
  t2="$(drain)"
  s1="$(ticks "$SVC_PID")"; p1="$(pg_ticks)"
  Q_SVC_MS="$(cpu_ms $((s1 - s0)) "$QUEUED")"; Q_PG_MS="$(cpu_ms $((p1 - p0)) "$QUEUED")"
  Q_SECS="$(elapsed "$t0" "$t2")"
  Q_RATE="$(rate "$QUEUED" "$Q_SECS")"
  Q_OK="$(sql -c "SELECT count(*) FROM snapshots WHERE status = 'available' AND display_name = 'queued'")"
  Q_LEFT="$(sql -c "SELECT count(*) FROM tasks")"
  Q_BLOCKED="$(blocked "$phase")"
  stop_service
  log "$phase: $QUEUED queued creates available in ${Q_SECS}s ($Q_RATE/s), $Q_OK available, $Q_LEFT tasks left;" \
    "CPU per create: service $Q_SVC_MS ms, PostgreSQL $Q_PG_MS ms"
}
stop_service
if phase_on queued; then
  queued_phase queued 0ms "$CONCURRENCY"
  QUEUED_SECS="$Q_SECS"; QUEUED_RATE="$Q_RATE"; QUEUED_OK="$Q_OK"; QUEUED_BLOCKED="$Q_BLOCKED"
  QUEUED_CPU="service $Q_SVC_MS ms + PostgreSQL $Q_PG_MS ms"
  QUEUED_CEIL="$(awk -v a="$Q_SVC_MS" -v b="$Q_PG_MS" -v n="$(nproc)" 'BEGIN {printf "%.0f", (a + b > 0 ? n * 1000 / (a + b) : 0)}')"
fi
! phase_on latency || queued_phase latency "$LATENCY" "$LAT_CONCURRENCY"
LAT_MS="$(awk -v l="$LATENCY" 'BEGIN {v = l + 0; if (l ~ /ms$/) print v; else print v * 1000}')"
FLOOR="$(awk -v n="$QUEUED" -v ms="$LAT_MS" -v c="$LAT_CONCURRENCY" 'BEGIN {printf "%.1f", n * ms / 1000 / c}')"

{
  echo "## Pipeline benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "\`$0\` (BENCH_DURATION=$DUR, BENCH_CONNS=$CONNS, BENCH_PROJECTS=$PROJECTS, BENCH_QUEUED=$QUEUED," \
       "BENCH_LATENCY=$LATENCY, task concurrency ${CONCURRENCY:-default} / latency phase $LAT_CONCURRENCY)," \
       "$(nproc) cores, load at end $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "Baseline: pgbench -N, $CONNS clients: **$PGB_N tps**."
  echo
  echo "| phase | what | figure | ratio to pgbench -N | CPU per create | blocked-thread warnings |"
  echo "|---|---|---|---|---|---|"
  ! phase_on api || echo "| api | POST /v2/snapshots, $CONNS connections, $DUR | $API_RPS req/s (p99 $API_P99) | $(ratio "$API_RPS" "$PGB_N") | | $API_BLOCKED |"
  ! phase_on api || echo "| api | create → available end to end ($API_N accepted, $API_OK available, last ${API_TAIL} s after the last POST) | $API_E2E /s | $(ratio "$API_E2E" "$PGB_N") | $API_CPU (POST and task); machine $API_MACHINE | |"
  ! phase_on queued || echo "| queued | $QUEUED queued creates → available (instant backend) | $QUEUED_RATE /s ($QUEUED_SECS s; $QUEUED_OK available) | $(ratio "$QUEUED_RATE" "$PGB_N") | $QUEUED_CPU: CPU-bound ceiling on $(nproc) cores $QUEUED_CEIL/s | $QUEUED_BLOCKED |"
  ! phase_on latency || echo "| latency | $QUEUED queued creates on a $LATENCY backend, concurrency $LAT_CONCURRENCY | $Q_SECS s ($Q_RATE /s; $Q_OK available) | floor $FLOOR s ($(ratio "$FLOOR" "$Q_SECS") of ideal) | service $Q_SVC_MS ms + PostgreSQL $Q_PG_MS ms | $Q_BLOCKED |"
} | tee "$OUT/results.md"
log "raw output in $OUT"
