#!/bin/bash
# Benchmark of NFS snapshot creation per copy strategy (issue 5).
#
#   sudo src/test/bench/copy-bench.sh        (root: it loop-mounts an XFS image)
#
# Builds a share of BENCH_FILES files totalling BENCH_MIB MiB (default 10,000 files, 1 GiB, in 100
# directories) and times snapshot creation, BENCH_RUNS times each, for both copy strategies:
#   reflink  export root on a loop-mounted XFS image made with reflink=1 (copy-strategy=reflink)
#   copy     export root on the ordinary disk under target/ (copy-strategy=copy)
# Each through sharesnap: the packaged service on its own database, POST /v2/snapshots, then GET until
# the snapshot is available (the API's create -> available, what a client waits). The baseline, measured
# in the same run, alternating with the API runs on the same tree and filesystem: the bare
# `cp -a --reflink=always|never share/. dir` that the driver itself runs. Prints each time and the ratio
# sharesnap / bare cp (medians), and writes $BENCH_OUT/results.md. Copies are measured with a warm page
# cache (the share was just written); the caches are not dropped, as other work shares this machine.
# The loop device and the image are removed at the end, also after a failure.
#
# Environment (all optional): BENCH_FILES (10000) BENCH_MIB (1024) BENCH_RUNS (3) BENCH_PORT (28888)
#   BENCH_STRATEGIES ("reflink copy") BENCH_PROGRESS_INTERVAL (the service's sharesnap.nfs.progress-interval;
#   default: the service's default, 2s)
#   BENCH_DB (sharesnap_copybench) BENCH_BUILD (auto|1|0) BENCH_OUT (target/bench/copy-<timestamp>)
#   PGHOST/PGPORT/PGUSER (127.0.0.1/5432/postgres). Needs mkfs.xfs (xfsprogs), psql, curl, jq.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
FILES="${BENCH_FILES:-10000}"
MIB="${BENCH_MIB:-1024}"
RUNS="${BENCH_RUNS:-3}"
PORT="${BENCH_PORT:-28888}"
DB="${BENCH_DB:-sharesnap_copybench}"
BUILD="${BENCH_BUILD:-auto}"
STRATEGIES="${BENCH_STRATEGIES:-reflink copy}"
PROGRESS_INTERVAL="${BENCH_PROGRESS_INTERVAL:-}"
OUT="${BENCH_OUT:-$ROOT/target/bench/copy-$(date +%Y%m%d-%H%M%S)}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
U="http://127.0.0.1:$PORT"
H=(-H "X-Auth-Token: bench:c0b1e0000000000000000000000be7c1" -H "X-OpenStack-Manila-API-Version: 2.73"
   -H "Content-Type: application/json")
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
IMG="$OUT/xfs.img"
MNT="$OUT/xfs"
SVC_PID=""

log() { echo "copy-bench: $*" >&2; }
die() { log "$*"; exit 1; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", b - a}'; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

[ "$(id -u)" = 0 ] || die "run as root (loop mount)"
for t in mkfs.xfs losetup psql curl jq; do command -v "$t" >/dev/null || die "missing $t"; done
if [ "$BUILD" = 1 ] || { [ "$BUILD" = auto ] && [ ! -f "$ROOT/target/quarkus-app/quarkus-run.jar" ]; }; then
  (cd "$ROOT" && ./mvnw -B -q package -DskipTests) || die "build failed"
fi

stop_service() {
  [ -n "$SVC_PID" ] || return 0
  kill "$SVC_PID" 2>/dev/null || true
  wait "$SVC_PID" 2>/dev/null || true
  SVC_PID=""
}
cleanup() {
  stop_service
  if mountpoint -q "$MNT"; then umount "$MNT" || umount -l "$MNT"; fi
  local dev
  for dev in $(losetup -j "$IMG" -O NAME -n 2>/dev/null); do losetup -d "$dev" || true; done
  rm -f "$IMG"
}
trap cleanup EXIT

# The share's contents, written once on the ordinary disk: FILES files of equal size in 100 directories.
make_template() {
  local dir="$OUT/template" size=$(((MIB * 1024 * 1024 + FILES - 1) / FILES)) i
  mkdir -p "$dir"
  for ((i = 0; i < 100; i++)); do mkdir -p "$dir/d$i"; done
  head -c "$((MIB * 1024 * 1024))" /dev/urandom | split -a 5 -d -b "$size" - "$dir/f"
  for ((i = 0; i < 100; i++)); do
    find "$dir" -maxdepth 1 -type f -name "f*$(printf '%02d' "$i")" -exec mv -t "$dir/d$i" {} +
  done
  log "template: $(find "$dir" -type f | wc -l) files, $(du -sm "$dir" | cut -f1) MiB"
}

start_service() { # name root strategy
  ! curl -s -o /dev/null "$U/" || die "port $PORT is in use by another process; set BENCH_PORT"
  dropdb --if-exists --force "$DB" && createdb "$DB"
  env QUARKUS_HTTP_PORT="$PORT" QUARKUS_HTTP_HOST=127.0.0.1 \
    QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://$PGHOST:$PGPORT/$DB" \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" SHARESNAP_DB_USER="$PGUSER" \
    SHARESNAP_NFS_ROOT="$2" SHARESNAP_NFS_COPY_STRATEGY="$3" \
    SHARESNAP_QUOTA_SNAPSHOTS=-1 SHARESNAP_QUOTA_SNAPSHOT_GIGABYTES=-1 SHARESNAP_QUOTA_SHARES=-1 \
    SHARESNAP_QUOTA_GIGABYTES=-1 ${PROGRESS_INTERVAL:+SHARESNAP_NFS_PROGRESS_INTERVAL="$PROGRESS_INTERVAL"} \
    java -jar "$ROOT/target/quarkus-app/quarkus-run.jar" > "$OUT/service-$1.log" 2>&1 &
  SVC_PID=$!
  local i code=""
  for ((i = 0; i < 600; i++)); do
    code="$(curl -s -o /dev/null -w '%{http_code}' "$U/q/health/ready" || true)"
    [ "$code" = 200 ] && return 0
    kill -0 "$SVC_PID" 2>/dev/null || die "service exited during start, see $OUT/service-$1.log"
    sleep 0.1
  done
  die "service not ready after 60 s"
}

await_status() { # path entity status
  local i
  for ((i = 0; i < 36000; i++)); do
    [ "$(curl -sf "${H[@]}" "$U/v2$1" | jq -r ".$2.status")" = "$3" ] && return 0
    sleep 0.05
  done
  die "$1 never became $3"
}

await_gone() {
  local i
  for ((i = 0; i < 36000; i++)); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "${H[@]}" "$U/v2$1")" = 404 ] && return 0
    sleep 0.05
  done
  die "$1 was never deleted"
}

# One strategy: a share filled with the template, then RUNS x (API snapshot create, bare cp).
bench() { # name root strategy reflink-flag
  local name="$1" root="$2" share dir t0 t1 snap api=() bare=() r
  start_service "$name" "$root" "$3"
  grep -q "NFS snapshots in" "$OUT/service-$name.log" && grep "NFS snapshots in" "$OUT/service-$name.log" >&2
  share="$(curl -sf "${H[@]}" -X POST "$U/v2/shares" \
    -d '{"share": {"share_proto": "NFS", "size": 1}}' | jq -r .share.id)"
  await_status "/shares/$share" share available
  dir="$root/shares/$share"
  cp -a --reflink=never "$OUT/template/." "$dir/"
  sync
  for ((r = 1; r <= RUNS; r++)); do
    t0="$(now)"
    snap="$(curl -sf "${H[@]}" -X POST "$U/v2/snapshots" \
      -d "{\"snapshot\": {\"share_id\": \"$share\"}}" | jq -r .snapshot.id)"
    await_status "/snapshots/$snap" snapshot available
    t1="$(now)"
    api+=("$(elapsed "$t0" "$t1")")
    [ "$(find "$root/snapshots/$snap" -type f | wc -l)" = "$FILES" ] || die "snapshot $snap incomplete"
    curl -sf "${H[@]}" -X DELETE "$U/v2/snapshots/$snap" >/dev/null
    await_gone "/snapshots/$snap"
    sync
    t0="$(now)"
    mkdir "$root/bare-$r"
    cp -a --reflink="$4" "$dir/." "$root/bare-$r"
    t1="$(now)"
    bare+=("$(elapsed "$t0" "$t1")")
    rm -rf "$root/bare-$r"
    sync
    log "$name run $r: sharesnap ${api[-1]} s, bare cp ${bare[-1]} s"
  done
  stop_service
  local ma mb
  ma="$(echo "${api[*]}" | median)"
  mb="$(echo "${bare[*]}" | median)"
  printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "${api[*]}" "$ma" "${bare[*]}" "$mb" \
    "$(awk -v a="$ma" -v b="$mb" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}')" >> "$OUT/results.md"
}

make_template
{
  echo "Snapshot create -> available of a $FILES-file, $MIB MiB share, $RUNS runs each ($(date -u +%FT%TZ), $(nproc) CPUs, load average at start $(cut -d' ' -f1-3 /proc/loadavg), progress-interval ${PROGRESS_INTERVAL:-default})"
  echo
  echo "| strategy | sharesnap API create -> available (s) | median | bare cp -a (s) | median | ratio |"
  echo "|---|---|---|---|---|---|"
} > "$OUT/results.md"

if [[ " $STRATEGIES " == *" reflink "* ]]; then
  truncate -s "$((MIB * 4 + 1024))M" "$IMG"
  mkfs.xfs -q -m reflink=1 "$IMG"
  mkdir -p "$MNT"
  mount -o loop "$IMG" "$MNT"
  bench reflink "$MNT/nfs" reflink always
  umount "$MNT"
  for dev in $(losetup -j "$IMG" -O NAME -n 2>/dev/null); do losetup -d "$dev"; done
  rm -f "$IMG"
fi
if [[ " $STRATEGIES " == *" copy "* ]]; then
  bench copy "$OUT/disk/nfs" copy never
fi
rm -rf "$OUT/disk" "$OUT/template"

cat "$OUT/results.md"
log "results in $OUT/results.md"
