#!/bin/bash
# Where the CPU of the api phase goes: runs pipeline-bench.sh's api phase (POST /v2/snapshots, then the
# drain) and, during its measured wrk run only, reads the CPU ticks of
#   * the service by thread group: Vert.x event loops (HTTP, API batches and the task pipeline all run
#     there), JIT compiler threads, everything else;
#   * each PostgreSQL backend of the bench database, labelled with its last statement (a label, not a
#     proof: the API pool's backends usually end on COMMIT, the task pool's on a claim, prefetch or
#     completion; the LISTEN connections on LISTEN);
#   * wrk itself;
# each divided by the requests wrk completed. Optionally records a JFR profile of that window.
#
#   BENCH_PORT=28820 BENCH_DB=sharesnap_pipe_split src/test/bench/api-cpu-split.sh
#
# Environment: everything pipeline-bench.sh reads (BENCH_PHASES is forced to api), plus SPLIT_JFR=1 to
# record $BENCH_OUT/api.jfr (summarise it with jfr-hotspots.sh). Writes $BENCH_OUT/cpu-split.txt.
# The ticks are read from /proc at the start and at the end of the measured run (clock ticks, 10 ms), so
# short runs are coarse; CPU per request still inflates on a busy machine (see docs/performance.md).
set -euo pipefail
export LC_ALL=C
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
PORT="${BENCH_PORT:-28887}"
DB="${BENCH_DB:-sharesnap_pipebench}"
OUT="${BENCH_OUT:-$ROOT/target/bench/split-$(date +%Y%m%d-%H%M%S)}"
HZ="$(getconf CLK_TCK)"
mkdir -p "$OUT"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
pq() { psql -X -qtA -d postgres "$@"; }

# cpu_snap N SVC "PG PIDS": raw /proc stat lines of the service's threads and the backends' ticks
cpu_snap() {
  cat /proc/"$2"/task/*/stat > "$OUT/split-threads$1" 2>/dev/null || true
  local p
  for p in $3; do echo "$p $(cut -d' ' -f14,15 /proc/"$p"/stat 2>/dev/null)"; done > "$OUT/split-pg$1"
}

# Ticks per thread group (the thread name without its trailing number).
groups() {
  sed -E 's/^[0-9]+ \((.*)\) [A-Z] (.*)$/\1|\2/' "$1" \
    | awk -F'|' '{split($2, f, " "); n = $1; gsub(/[-#0-9]*$/, "", n); gsub(/ /, "_", n); a[n] += f[11] + f[12]}
                 END {for (k in a) print k, a[k]}' | sort
}

watch_api() {
  local i svc wrk pgp wt=0 n
  for ((i = 0; i < 12000; i++)); do [ -e "$OUT/wrk-api.txt" ] && break; sleep 0.05; done
  svc="$(ss -ltnpH "sport = :$PORT" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)"
  for ((i = 0; i < 200; i++)); do
    wrk="$(pgrep -n -f "wrk .*127.0.0.1:$PORT/v2/snapshots" || true)"; [ -n "$wrk" ] && break; sleep 0.02
  done
  pgp="$(pq -c "SELECT pid FROM pg_stat_activity WHERE datname = '$DB'" | tr '\n' ' ')"
  cpu_snap 0 "$svc" "$pgp"
  if [ "${SPLIT_JFR:-0}" = 1 ]; then
    jcmd "$svc" JFR.start name=split settings=profile filename="$OUT/api.jfr" > /dev/null
  fi
  while kill -0 "$wrk" 2>/dev/null; do
    wt="$(awk '{print $14 + $15}' /proc/"$wrk"/stat 2>/dev/null || echo "$wt")"; sleep 0.1
  done
  cpu_snap 1 "$svc" "$pgp"
  [ "${SPLIT_JFR:-0}" = 1 ] && jcmd "$svc" JFR.stop name=split > /dev/null
  pq -F'|' -c "SELECT pid, left(regexp_replace(query, '\s+', ' ', 'g'), 50) FROM pg_stat_activity
               WHERE datname = '$DB'" > "$OUT/split-queries"
  n="$(awk '/requests in/ {print $1}' "$OUT/wrk-api.txt")"
  {
    echo "per request over the measured wrk run ($n requests), ms of CPU:"
    awk -v t="$wt" -v n="$n" -v hz="$HZ" 'BEGIN {printf "wrk %.3f\n", 1000 * t / hz / n}'
    join <(groups "$OUT/split-threads0") <(groups "$OUT/split-threads1") | awk -v n="$n" -v hz="$HZ" '
      {d = $3 - $2; t += d; if ($1 ~ /Compiler/) c += d; else if ($1 ~ /eventloo/) e += d; else o += d}
      END {printf "service: event loops %.3f, JIT %.3f, other %.3f, all %.3f\n",
           1000 * e / hz / n, 1000 * c / hz / n, 1000 * o / hz / n, 1000 * t / hz / n}'
    join <(sort "$OUT/split-pg0") <(sort "$OUT/split-pg1") | while read -r p u0 s0 u1 s1; do
      awk -v p="$p" -v d=$((u1 + s1 - u0 - s0)) -v n="$n" -v hz="$HZ" \
        -v q="$(grep "^$p|" "$OUT/split-queries" | cut -d'|' -f2)" \
        'BEGIN {if (d > 0) printf "postgres backend %s: %.3f (last statement: %s)\n", p, 1000 * d / hz / n, q}'
    done
  } > "$OUT/cpu-split.txt"
}

watch_api &
WATCH=$!
BENCH_PHASES=api BENCH_OUT="$OUT" BENCH_PORT="$PORT" BENCH_DB="$DB" "$HERE/pipeline-bench.sh"
wait "$WATCH"
cat "$OUT/cpu-split.txt"
