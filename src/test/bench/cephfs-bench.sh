#!/bin/bash
# Benchmark of CephFS snapshots: sharesnap's API against the bare ceph CLI on the same cluster, same run.
#
#   src/test/bench/cephfs-bench.sh
#
# Starts (or reuses) the throw-away test cluster (src/test/ceph/start-ceph.sh, in $BENCH_OUT/ceph) and the
# packaged service (target/quarkus-app) on a fresh database with the cephfs backend enabled as client.manila.
# Then, in one run:
#   cli seq    BENCH_N times `ceph fs subvolume snapshot create`, then BENCH_N times `... rm`, one after the
#              other, on a subvolume made for it (each call is a new ceph process: Python start, cephx
#              handshake, one mgr command; what an operator's script pays)
#   api seq    BENCH_N times: POST /v2/snapshots, then GET until available; then for each DELETE, then GET
#              until 404 (create → available, delete → gone, as a client sees it)
#   cli conc   BENCH_C creates at once (C ceph processes), waited for together; then C removes at once
#   api conc   BENCH_C POSTs at once, then GETs until all are available; then C DELETEs, until all are gone
# Ratios are sharesnap's time to the CLI's, per snapshot (sequential) or per batch (concurrent). Writes
# $BENCH_OUT/results.md.
#
# Environment (all optional):
#   BENCH_N (20)  BENCH_C (8)  BENCH_PORT (28897)  BENCH_DB (sharesnap_cephbench)  BENCH_BUILD (auto|1|0)
#   CEPH_PORT_BASE (18950)  BENCH_OUT (target/bench/cephfs-<timestamp>)  PGHOST/PGPORT/PGUSER
# Needs the Ceph packages (ceph-mon ceph-mgr ceph-osd ceph-mds ceph-common), psql, curl, jq.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
N="${BENCH_N:-20}"
C="${BENCH_C:-8}"
PORT="${BENCH_PORT:-28897}"
DB="${BENCH_DB:-sharesnap_cephbench}"
BUILD="${BENCH_BUILD:-auto}"
OUT="${BENCH_OUT:-$ROOT/target/bench/cephfs-$(date +%Y%m%d-%H%M%S)}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
U="http://127.0.0.1:$PORT"
PROJECT=ceb0c0000000000000000000000ad111
H=(-H "X-Auth-Token: bench:$PROJECT" -H "X-OpenStack-Manila-API-Version: 2.73" -H "Content-Type: application/json")
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
SVC_PID=""

log() { echo "cephfs-bench: $*" >&2; }
die() { log "$*"; exit 1; }
now() { date +%s%N; }
ms() { echo $((($2 - $1) / 1000000)); }
per() { awk -v t="$1" -v n="$2" 'BEGIN {printf "%.0f", t / n}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}'; }

for t in psql curl jq ceph; do command -v "$t" >/dev/null || die "missing $t"; done
# shellcheck source=service-lib.sh
. "$HERE/service-lib.sh"
build_service
trap stop_service EXIT

log "cluster: start-ceph.sh $OUT/ceph"
eval "$(bash "$ROOT/src/test/ceph/start-ceph.sh" "$OUT/ceph")"
cli() { timeout 60 ceph -c "$CEPH_CONF" "$@"; }
GROUP=sharesnap
cli fs subvolumegroup create "$CEPH_FS_NAME" "$GROUP"

dropdb --if-exists --force "$DB" && createdb "$DB"
env QUARKUS_HTTP_PORT="$PORT" QUARKUS_HTTP_HOST=127.0.0.1 \
  QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://$PGHOST:$PGPORT/$DB" \
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" SHARESNAP_DB_USER="$PGUSER" \
  SHARESNAP_NFS_ROOT="$OUT/nfs" SHARESNAP_CEPHFS_ENABLED=true SHARESNAP_CEPHFS_CONF_PATH="$CEPH_CONF" \
  SHARESNAP_CEPHFS_CLIENT_ID="$CEPH_MANILA_ID" SHARESNAP_CEPHFS_KEYRING="$CEPH_MANILA_KEYRING" \
  SHARESNAP_CEPHFS_VOLUME_NAME="$CEPH_FS_NAME" SHARESNAP_CEPHFS_SUBVOLUME_GROUP="$GROUP" \
  SHARESNAP_QUOTA_SNAPSHOTS=-1 SHARESNAP_QUOTA_SNAPSHOT_GIGABYTES=-1 \
  java -jar "$ROOT/target/quarkus-app/quarkus-run.jar" > "$OUT/service.log" 2>&1 &
SVC_PID=$!
for ((i = 0; i < 1500; i++)); do
  code="$(curl -s -o /dev/null -w '%{http_code}' "$U/q/health/ready" || true)"
  [ "$code" = 200 ] && break
  kill -0 "$SVC_PID" 2>/dev/null || die "service exited during start, see $OUT/service.log"
  sleep 0.05
done
[ "$code" = 200 ] || die "service not ready after 75 s"

curl -sf "${H[@]}" -X POST "$U/v2/types" -d '{"share_type": {"name": "cephfs-bench", "extra_specs":
  {"driver_handles_share_servers": "False", "share_backend_name": "cephfs", "snapshot_support": "True"}}}' >/dev/null
SHARE="$(curl -sf "${H[@]}" -X POST "$U/v2/shares" \
  -d '{"share": {"share_proto": "CEPHFS", "size": 1, "share_type": "cephfs-bench"}}' | jq -r .share.id)"
status() { curl -s "${H[@]}" "$U/v2/$PROJECT/$1" | jq -r ".${2}.status // \"gone\""; }
await() { # path entity status
  local i s
  for ((i = 0; i < 12000; i++)); do
    s="$(status "$1" "$2")"
    [ "$s" = "$3" ] && return 0
    case "$s" in error*) die "$1 is $s" ;; esac
    sleep 0.01
  done
  die "$1 not $3 after a long wait"
}
await "shares/$SHARE" share available
# the CLI's subvolume, beside the service's share
cli fs subvolume create "$CEPH_FS_NAME" bench-cli --group_name "$GROUP"

snap_cli() { cli fs subvolume snapshot "$1" "$CEPH_FS_NAME" bench-cli "$2" --group_name "$GROUP" >/dev/null; }
post() { curl -sf "${H[@]}" -X POST "$U/v2/snapshots" -d "{\"snapshot\": {\"share_id\": \"$SHARE\"}}" | jq -r .snapshot.id; }
delete() { curl -sf "${H[@]}" -X DELETE "$U/v2/$PROJECT/snapshots/$1" >/dev/null; }

# warm-up, discarded: the JIT, the CLI's caches, the manager's first subvolume opens
for ((i = 0; i < 3; i++)); do
  snap_cli create "warm-$i"; snap_cli rm "warm-$i"
  id="$(post)"; await "snapshots/$id" snapshot available; delete "$id"; await "snapshots/$id" snapshot gone
done

log "cli seq: $N creates, $N removes"
t0="$(now)"; for ((i = 0; i < N; i++)); do snap_cli create "seq-$i"; done; t1="$(now)"
for ((i = 0; i < N; i++)); do snap_cli rm "seq-$i"; done; t2="$(now)"
CLI_SEQ_C="$(per "$(ms "$t0" "$t1")" "$N")"; CLI_SEQ_D="$(per "$(ms "$t1" "$t2")" "$N")"

log "api seq: $N creates, $N deletes"
ids=()
t0="$(now)"; for ((i = 0; i < N; i++)); do id="$(post)"; await "snapshots/$id" snapshot available; ids+=("$id"); done
t1="$(now)"; for id in "${ids[@]}"; do delete "$id"; await "snapshots/$id" snapshot gone; done; t2="$(now)"
API_SEQ_C="$(per "$(ms "$t0" "$t1")" "$N")"; API_SEQ_D="$(per "$(ms "$t1" "$t2")" "$N")"

# waits for the jobs listed in JOBS (a bare `wait` would wait for the service too)
jobs_wait() { local p; for p in "${JOBS[@]}"; do wait "$p"; done; JOBS=(); }
JOBS=()
log "cli conc: $C creates at once, $C removes at once"
t0="$(now)"; for ((i = 0; i < C; i++)); do snap_cli create "conc-$i" & JOBS+=($!); done; jobs_wait; t1="$(now)"
for ((i = 0; i < C; i++)); do snap_cli rm "conc-$i" & JOBS+=($!); done; jobs_wait; t2="$(now)"
CLI_CONC_C="$(ms "$t0" "$t1")"; CLI_CONC_D="$(ms "$t1" "$t2")"

log "api conc: $C creates at once, $C deletes at once"
: > "$OUT/conc-ids"
t0="$(now)"
for ((i = 0; i < C; i++)); do post >> "$OUT/conc-ids" & JOBS+=($!); done; jobs_wait
while read -r id; do await "snapshots/$id" snapshot available; done < "$OUT/conc-ids"
t1="$(now)"
while read -r id; do delete "$id" & JOBS+=($!); done < "$OUT/conc-ids"; jobs_wait
while read -r id; do await "snapshots/$id" snapshot gone; done < "$OUT/conc-ids"
t2="$(now)"
API_CONC_C="$(ms "$t0" "$t1")"; API_CONC_D="$(ms "$t1" "$t2")"
LEFT="$(cli fs subvolume snapshot ls "$CEPH_FS_NAME" "$SHARE" --group_name "$GROUP" --format json | jq length)"

{
  echo "## CephFS snapshot benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "\`src/test/bench/cephfs-bench.sh\` (BENCH_N=$N, BENCH_C=$C), single-node test cluster" \
       "(start-ceph.sh, memstore), $(nproc) cores, load at end $(cut -d' ' -f1-3 /proc/loadavg)." \
       "Subvolume snapshots left on the service's share: $LEFT."
  echo
  echo "| case | ceph CLI | sharesnap API | ratio API / CLI |"
  echo "|---|---|---|---|"
  echo "| create, sequential (ms per snapshot; API: POST → available) | $CLI_SEQ_C | $API_SEQ_C | $(ratio "$API_SEQ_C" "$CLI_SEQ_C") |"
  echo "| delete, sequential (ms per snapshot; API: DELETE → 404) | $CLI_SEQ_D | $API_SEQ_D | $(ratio "$API_SEQ_D" "$CLI_SEQ_D") |"
  echo "| create, $C at once (ms for the batch) | $CLI_CONC_C | $API_CONC_C | $(ratio "$API_CONC_C" "$CLI_CONC_C") |"
  echo "| delete, $C at once (ms for the batch) | $CLI_CONC_D | $API_CONC_D | $(ratio "$API_CONC_D" "$CLI_CONC_D") |"
} | tee "$OUT/results.md"
stop_service
bash "$ROOT/src/test/ceph/stop-ceph.sh" "$OUT/ceph" >/dev/null 2>&1 || true
log "raw output in $OUT"
