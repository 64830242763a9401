#!/usr/bin/env bash
# restart-ceph.sh DATA_DIR [DOWN_S] — stop every daemon of the cluster start-ceph.sh made in DATA_DIR, leave it
# down for DOWN_S seconds (default 0), then start the same daemons again on the same data: a whole-cluster
# outage (power cut, maintenance), not a new cluster.
#
# The daemons get SIGTERM and up to CEPH_STOP_WAIT_S seconds (default 60) to exit cleanly: a memstore OSD
# writes its objects to DATA_DIR/osd.0 when it unmounts its store and reads them back when it starts, so the
# data outlives the restart. It unmounts only without osd_fast_shutdown (on by default: the OSD just exits,
# and a memstore OSD comes back empty), so that is turned off first. Then mon, mgr, OSD and MDS start as start-ceph.sh starts
# them, and the script waits (CEPH_WAIT_S, default 120, per step) until the MDS is active and subvolume calls
# work. cluster.env is kept. Exit 0 when the cluster is back; 1 with the log tails otherwise.
set -Eeuo pipefail
[ $# -ge 1 ] && [ $# -le 2 ] && [ -n "$1" ] || { echo "usage: $0 DATA_DIR [DOWN_S]" >&2; exit 2; }
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
D=$(cd "$1" && pwd -P)
DOWN_S=${2:-0}
WAIT_S=${CEPH_WAIT_S:-120}
CONF=$D/ceph.conf
[[ "$DOWN_S" =~ ^[0-9]+$ ]] || { echo "restart-ceph: bad DOWN_S '$DOWN_S'" >&2; exit 2; }
[ -e "$D/.start-ceph-data-dir" ] && [ -s "$D/cluster.env" ] || {
  echo "restart-ceph: error: no running cluster of start-ceph.sh in $D" >&2; exit 1; }
FS_NAME=$(sed -n "s/^CEPH_FS_NAME='\(.*\)'$/\1/p" "$D/cluster.env")

fail() {
  echo "restart-ceph: error: $*" >&2
  for f in "$D"/log/*; do [ -s "$f" ] && { echo "== $f" >&2; tail -n 4 "$f" >&2; }; done
  exit 1
}
cp "$D/cluster.env" "$D/cluster.env.keep"
timeout 30 ceph -c "$CONF" --connect-timeout 10 config set osd osd_fast_shutdown false ||
  fail "could not turn osd_fast_shutdown off"
# a paused daemon (SIGSTOP, as tests pause the manager) cannot exit on SIGTERM: it is killed as it is,
# a crash for the daemons that keep no data of their own (mon and OSD must not be paused)
for n in mgr.x mds.a; do
  p=$(cat "$D/run/$n.pid" 2>/dev/null) || continue
  s=$( { cat "/proc/$p/stat"; } 2>/dev/null ) || continue
  s=${s##*) }
  if [ "${s:0:1}" = T ]; then kill -KILL "$p" 2>/dev/null || true; fi
done
CEPH_STOP_WAIT_S=${CEPH_STOP_WAIT_S:-60} "$HERE/stop-ceph.sh" "$D" || fail "the daemons did not stop"
sleep "$DOWN_S"

exec 9>"$D/.lock"
flock -w "$WAIT_S" 9 || fail "another start or stop holds $D/.lock"
cli() { timeout 20 ceph -c "$CONF" --connect-timeout 10 "$@" 9>&-; }
wait_until() {
  local what=$1; shift
  local end=$(( $(date +%s) + WAIT_S ))
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$end" ] || fail "timed out after ${WAIT_S}s waiting for $what"
    sleep 0.5
  done
}
spawn() { local n=$1; shift; "$@" -c "$CONF" </dev/null >>"$D/log/$n.out" 2>&1 9>&- || fail "$n did not start"; }
mkdir -p "$D/run"
spawn mon.a ceph-mon -i a
wait_until "the monitor to answer" cli mon stat
# in the foreground, as start-ceph.sh runs it (the volumes module needs its stderr)
ceph-mgr -f -i x -c "$CONF" </dev/null >>"$D/log/mgr.x.out" 2>&1 9>&- &
echo $! >"$D/run/mgr.x.pid"
spawn osd.0 ceph-osd -i 0
spawn mds.a ceph-mds -i a
osd_up() { cli osd stat -f json | grep -q '"num_up_osds":1'; }
wait_until "osd.0 to come up" osd_up
mgr_ready() { cli mgr stat -f json | grep -q '"available": *true'; }
wait_until "the mgr to become active" mgr_ready
mds_active() { cli mds stat | grep -q "^$FS_NAME:.*up:active"; }
wait_until "the MDS to become active" mds_active
wait_until "subvolume calls to work" cli fs subvolume ls "$FS_NAME"
mv "$D/cluster.env.keep" "$D/cluster.env"
