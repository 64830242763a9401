#!/bin/bash
# Startup time and idle memory of the packaged service, A/B over JVM options or packaged apps.
#
#   src/test/bench/startup-bench.sh                                   # 5 starts, default JVM options
#   STARTUP_RUNS=7 src/test/bench/startup-bench.sh "" "-XX:TieredStopAtLevel=1"
#   STARTUP_APPS="target/quarkus-app /tmp/other/quarkus-app" src/test/bench/startup-bench.sh
#
# Each argument is one variant of JVM options (default: one variant, no options); STARTUP_APPS lists
# packaged apps (directories holding quarkus-run.jar; default target/quarkus-app). The runs interleave
# the variants (a b a b ...) so that a change in the machine's load hits all of them alike. Each run
# starts the service on an already migrated database (STARTUP_DB, created and migrated by a first,
# unreported start), polls /q/health/ready every 20 ms and records: wall time from exec to the first 200,
# the CPU time the JVM had used by then, Quarkus' own "started in", VmRSS right then and VmRSS/VmHWM 5 s
# later. Prints one line per run and the median per variant. The JVM runs in the app's directory, as an
# AppCDS archive needs (-XX:SharedArchiveFile=app-cds.jsa: the archive names quarkus-run.jar relative to it).
#
# Environment: STARTUP_RUNS (5), STARTUP_PORT (28887), STARTUP_DB (sharesnap_startup), PGHOST/PGPORT/PGUSER
# (127.0.0.1 / 5432 / postgres, trust auth), STARTUP_SETTLE (5: seconds before the idle reading).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
RUNS="${STARTUP_RUNS:-5}"
PORT="${STARTUP_PORT:-28887}"
DB="${STARTUP_DB:-sharesnap_startup}"
SETTLE="${STARTUP_SETTLE:-5}"
APPS="${STARTUP_APPS:-$ROOT/target/quarkus-app}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
[ $# -gt 0 ] || set -- ""
NFS="$(mktemp -d)"
LOG="$(mktemp)"
SVC=""
trap '[ -n "$SVC" ] && kill "$SVC" 2>/dev/null; rm -rf "$NFS" "$LOG"' EXIT

now() { date +%s.%N; }
start() { # app opts -> sets SVC WALL CPU QS RSS0
  local app="$1" opts="$2" t0 code i
  : > "$LOG"
  t0="$(now)"
  # shellcheck disable=SC2086
  QUARKUS_HTTP_PORT="$PORT" QUARKUS_HTTP_HOST=127.0.0.1 \
    QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://$PGHOST:$PGPORT/$DB" \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" \
    SHARESNAP_DB_USER="$PGUSER" SHARESNAP_NFS_ROOT="$NFS" \
    bash -c 'cd "$1" && shift && exec java "$@" -jar quarkus-run.jar' - "$app" $opts > "$LOG" 2>&1 &
  SVC=$!
  for ((i = 0; i < 3000; i++)); do
    code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/q/health/ready" || true)"
    # only this JVM's answer counts (another process on the port would fake a fast start)
    [ "$code" = 200 ] && ss -ltnpH "sport = :$PORT" | grep -q "pid=$SVC," && break
    kill -0 "$SVC" 2>/dev/null || { cat "$LOG" >&2; echo "service exited" >&2; exit 1; }
    sleep 0.02
  done
  WALL="$(awk -v a="$t0" -v b="$(now)" 'BEGIN {printf "%.2f", b - a}')"
  CPU="$(awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$SVC/stat")"
  RSS0="$(awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$SVC/status")"
  QS="$(grep -o 'started in [0-9.]*s' "$LOG" | grep -o '[0-9.]*' | tail -1 || true)"
}
stop() { kill "$SVC" 2>/dev/null || true; wait "$SVC" 2>/dev/null || true; SVC=""; }

if [ "$(psql -X -qtA -d postgres -c "SELECT count(*) FROM pg_database WHERE datname = '$DB'")" = 0 ]; then
  createdb "$DB"
fi
first_app="${APPS%% *}"
start "$first_app" "$1"; stop   # migrates the schema once; not reported

declare -A results
for ((r = 1; r <= RUNS; r++)); do
  for app in $APPS; do
    for opts in "$@"; do
      start "$app" "$opts"
      sleep "$SETTLE"
      rss="$(awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$SVC/status")"
      hwm="$(awk '/^VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$SVC/status")"
      stop
      key="$app|${opts:-(defaults)}"
      results[$key]+="$WALL $CPU ${QS:-0} $RSS0 $rss $hwm"$'\n'
      printf 'run %d  %-40s %-45s wall %5s s  cpu %4s s  quarkus %5s s  rss@ready %4s MB  idle rss %4s MB  hwm %4s MB  load1 %s\n' \
        "$r" "$app" "${opts:-(defaults)}" "$WALL" "$CPU" "${QS:-?}" "$RSS0" "$rss" "$hwm" "$(cut -d' ' -f1 /proc/loadavg)"
    done
  done
done
echo
echo "medians over $RUNS runs (wall s, CPU s, quarkus s, RSS at ready MB, idle RSS MB, HWM MB):"
for key in "${!results[@]}"; do
  printf '%-90s ' "$key"
  for col in 1 2 3 4 5 6; do
    printf '%s ' "$(printf '%s' "${results[$key]}" | awk -v c="$col" 'NF {print $c}' | sort -n |
      awk '{v[NR] = $1} END {printf "%s", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2)}')"
  done
  echo
done
