#!/usr/bin/env bash
# start-ceph.sh DATA_DIR — start (or reuse) a throw-away single-node Ceph cluster with one CephFS volume.
# sharesnap's CephFS tests run it through dev.sharesnap.support.CephCluster, once per test run, with
# DATA_DIR under target/; by hand: eval "$(src/test/ceph/start-ceph.sh /tmp/sharesnap-ceph)".
#
# Everything lives under DATA_DIR: config, keyrings, daemon data, logs, pid files and sockets; nothing is
# written to /etc/ceph or /var/lib/ceph. One mon, one mgr, one OSD (memstore: data in RAM, by default),
# one MDS, all bound to 127.0.0.1, cephx on. Made for tests; never for data that matters.
#
# On success it prints KEY='VALUE' lines on stdout, for eval (kept in DATA_DIR/cluster.env too):
#   CEPH_CONF  CEPH_KEYRING (client.admin)  CEPH_FS_NAME  CEPH_MON_HOST
#   CEPH_MANILA_ID  CEPH_MANILA_KEYRING (client.manila, with the caps Manila's docs give: mon r, mgr rw)
#   and, with CEPH_RESTFUL=1: CEPH_RESTFUL_URL CEPH_RESTFUL_USER CEPH_RESTFUL_KEY CEPH_RESTFUL_CERT
# e.g.  eval "$(start-ceph.sh /tmp/ceph)" && ceph -c "$CEPH_CONF" fs subvolume ls "$CEPH_FS_NAME"
# Run again while the cluster is healthy, it only prints the lines again. If any daemon is gone, the
# cluster is stopped and made afresh (its data is thrown away). On failure: a message and the tails of
# the logs on stderr, exit status 1 (2 for bad usage). Every wait is bounded (CEPH_WAIT_S).
#
# Environment (all optional):
#   CEPH_FS_NAME      name of the CephFS volume                          (default: cephfs)
#   CEPH_PORT_BASE    mon on BASE (msgr2) and BASE+1 (msgr1), restful on BASE+2,
#                     mgr/osd/mds in BASE+10..BASE+49                     (default: 18950)
#   CEPH_OBJECTSTORE  memstore (RAM) or bluestore (sparse file)           (default: memstore)
#   CEPH_OSD_SIZE_MB  memstore cap / bluestore file size, MiB             (default: 1024 / 10240)
#   CEPH_RESTFUL=1    also serve the mgr 'restful' HTTPS API on 127.0.0.1:BASE+2
#   CEPH_MGR_MODULES  more mgr modules to enable, space separated         (default: none)
#   CEPH_WAIT_S       longest wait for any one step, seconds              (default: 120)
#   CEPH_VERBOSE=1    print each step with the milliseconds since start on stderr
set -Eeuo pipefail
umask 022

die() { echo "start-ceph: error: $*" >&2; exit 1; }
[ $# -eq 1 ] && [ -n "$1" ] || { echo "usage: $0 DATA_DIR" >&2; exit 2; }

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
FS_NAME=${CEPH_FS_NAME:-cephfs}
BASE=${CEPH_PORT_BASE:-18950}
STORE=${CEPH_OBJECTSTORE:-memstore}
WAIT_S=${CEPH_WAIT_S:-120}
RESTFUL=${CEPH_RESTFUL:-0}
EXTRA_MODULES=${CEPH_MGR_MODULES:-}
case "$STORE" in
  memstore) SIZE_MB=${CEPH_OSD_SIZE_MB:-1024} ;;
  bluestore) SIZE_MB=${CEPH_OSD_SIZE_MB:-10240}
    [[ ! "$SIZE_MB" =~ ^[0-9]+$ ]] || [ "$SIZE_MB" -ge 2048 ] || die "bluestore needs CEPH_OSD_SIZE_MB >= 2048" ;;
  *) die "CEPH_OBJECTSTORE must be memstore or bluestore, not '$STORE'" ;;
esac
[[ "$BASE" =~ ^[0-9]+$ ]] && [ "$BASE" -ge 1024 ] && [ "$BASE" -le 65480 ] || die "bad CEPH_PORT_BASE '$BASE'"
[[ "$SIZE_MB" =~ ^[0-9]+$ ]] && [ "$SIZE_MB" -ge 256 ] || die "CEPH_OSD_SIZE_MB must be a number >= 256"
[[ "$WAIT_S" =~ ^[0-9]+$ ]] && [ "$WAIT_S" -ge 5 ] || die "CEPH_WAIT_S must be a number >= 5"
[[ "$FS_NAME" =~ ^[A-Za-z0-9_.-]+$ ]] || die "bad CEPH_FS_NAME '$FS_NAME'"
[[ "$EXTRA_MODULES" =~ ^[a-z0-9_\ ]*$ ]] || die "bad CEPH_MGR_MODULES '$EXTRA_MODULES'"
[ "$RESTFUL" = 1 ] && EXTRA_MODULES="$EXTRA_MODULES restful"

for b in ceph ceph-mon ceph-mgr ceph-osd ceph-mds ceph-authtool monmaptool timeout flock; do
  command -v "$b" >/dev/null 2>&1 ||
    die "'$b' not found; install: apt-get install --no-install-recommends ceph-mon ceph-mgr ceph-osd ceph-mds ceph-common"
done

# DATA_DIR must be new, empty, or one this script made (it deletes what it made there, nothing else).
MARK=.start-ceph-data-dir
[ ! -e "$1" ] || [ -d "$1" ] || die "$1 exists and is not a directory"
if [ -d "$1" ] && [ ! -e "$1/$MARK" ] && [ -n "$(ls -A "$1" 2>/dev/null)" ]; then
  die "$1 is not empty and was not made by start-ceph.sh; give a new or empty directory"
fi
mkdir -p "$1" || die "cannot create $1"
D=$(cd "$1" && pwd -P)
[ ${#D} -le 80 ] || die "DATA_DIR is too long for Ceph's unix sockets (${#D} > 80 characters): $D"
[[ "$D" =~ ^[A-Za-z0-9_./+-]+$ ]] || die "DATA_DIR may hold only letters, digits and _ . / + - : $D"
touch "$D/$MARK"
CONF=$D/ceph.conf
KEYRING=$D/keyring
ENVF=$D/cluster.env

# one start or stop at a time per DATA_DIR (fd 9 is closed for the daemons, see 'spawn')
exec 9>"$D/.lock"
flock -w "$WAIT_S" 9 || die "another start-ceph.sh or stop-ceph.sh holds $D/.lock"

T0=$(date +%s%N)
step() { if [ "${CEPH_VERBOSE:-0}" = 1 ]; then echo "start-ceph: $(( ($(date +%s%N) - T0) / 1000000 )) ms: $*" >&2; fi; }
# the ceph CLI, bounded: it waits forever for a mon or mgr that is not there
cli() { timeout 20 ceph -c "$CONF" --connect-timeout 10 "$@" 9>&-; }
fail() {
  trap '' PIPE
  # leave no half-made cluster running; its logs stay
  if [ -x "$HERE/stop-ceph.sh" ]; then CEPH_STOP_NO_LOCK=1 "$HERE/stop-ceph.sh" "$D" 9>&- || true; fi
  echo "start-ceph: error: $*" >&2
  echo "start-ceph: logs are in $D/log; their last lines:" >&2
  for f in "$D"/log/*; do [ -s "$f" ] && { echo "== $f" >&2; tail -n 4 "$f" >&2; }; done
  exit 1
}
# wait_until WHAT COMMAND... : retry COMMAND quietly every half second, at most WAIT_S seconds
MGR_PID=""
wait_until() {
  local what=$1; shift
  local end=$(( $(date +%s) + WAIT_S ))
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$end" ] || fail "timed out after ${WAIT_S}s waiting for $what"
    if [ -n "$MGR_PID" ] && ! alive "$MGR_PID"; then fail "ceph-mgr exited while waiting for $what"; fi
    sleep 0.5
  done
}
DAEMONS="mon.a mgr.x osd.0 mds.a"
# alive PID: running and not a zombie (a zombie waits for pid 1 to reap it, and pid 1 may be slow)
alive() { local s; s=$( { cat "/proc/$1/stat"; } 2>/dev/null ) && s=${s##*) } && [ -n "$s" ] && [ "${s:0:1}" != Z ]; }
# pid_of NAME: the pid in NAME's pid file, if that process is alive and was started with our ceph.conf
pid_of() {
  local f=$D/run/$1.pid p
  [ -s "$f" ] && p=$(cat "$f") && [[ "$p" =~ ^[0-9]+$ ]] || return 1
  { tr '\0' ' ' <"/proc/$p/cmdline"; } 2>/dev/null | grep -qF -- "-c $CONF " || return 1
  alive "$p" || return 1
  echo "$p"
}
# spawn NAME COMMAND...: start a daemon; it forks, writes its pid file and returns once it has started
spawn() { local n=$1; shift; "$@" -c "$CONF" </dev/null >>"$D/log/$n.out" 2>&1 9>&- || fail "$n did not start"; }
# the mgr stays in the foreground (in the background of this script): a daemonized ceph-mgr has no
# stderr, and the volumes module's 'fs subvolume authorize' then fails writing to it (EBADF)
spawn_mgr() {
  ceph-mgr -f -i x -c "$CONF" </dev/null >>"$D/log/mgr.x.out" 2>&1 9>&- &
  MGR_PID=$!
  echo "$MGR_PID" >"$D/run/mgr.x.pid"
}

# --- healthy already? then just print --------------------------------------------------------------
if [ -s "$ENVF" ]; then
  up=1; for n in $DAEMONS; do pid_of "$n" >/dev/null || { up=0; break; }; done
  if [ $up = 1 ] && cli mds stat 2>/dev/null | grep -q "^$FS_NAME:.*up:active" &&
     cli fs subvolume ls "$FS_NAME" >/dev/null 2>&1; then
    cat "$ENVF"; exit 0
  fi
fi

# --- stop what is left of an earlier cluster, delete what it made ---------------------------------------
if [ -x "$HERE/stop-ceph.sh" ]; then
  CEPH_STOP_NO_LOCK=1 "$HERE/stop-ceph.sh" "$D" 9>&- || die "could not stop the old cluster in $D"
else
  for n in $DAEMONS; do if p=$(pid_of "$n"); then kill -9 "$p" 2>/dev/null || true; fi; done
fi
rm -rf "$D"/{mon.a,mgr.x,osd.0,mds.a,run,log,crash,tmp} \
       "$D"/{ceph.conf,keyring,client.manila.keyring,monmap,cluster.env,restful.crt}
mkdir -p "$D"/{mon.a,mgr.x,osd.0,mds.a,run,log,crash,tmp}
step "data dir ready"

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
MON2=$BASE MON1=$((BASE + 1)) REST_PORT=$((BASE + 2))
for p in $MON2 $MON1; do
  ! port_busy "$p" || die "port $p on 127.0.0.1 is in use (another cluster?); choose another CEPH_PORT_BASE"
done
if [ "$RESTFUL" = 1 ] && port_busy "$REST_PORT"; then die "port $REST_PORT on 127.0.0.1 is in use"; fi

# --- ceph.conf ---------------------------------------------------------------------------------------
FSID=$(cat /proc/sys/kernel/random/uuid)
OSD_UUID=$(cat /proc/sys/kernel/random/uuid)
MON_ADDR="[v2:127.0.0.1:$MON2,v1:127.0.0.1:$MON1]"
SIZE_B=$((SIZE_MB * 1024 * 1024))
# optional modules that are never loaded: faster, smaller mgr; the dashboard also has to stay out for
# 'restful' to load (Debian 12's PyO3-based python3-cryptography loads in one mgr sub-interpreter only)
NOT_LOADED="diskprediction_local dashboard alerts influx insights localpool mirroring osd_support prometheus"
NOT_LOADED="$NOT_LOADED selftest telegraf test_orchestrator zabbix k8sevents rook cephadm"
[ "$RESTFUL" = 1 ] || NOT_LOADED="$NOT_LOADED restful"
for m in $EXTRA_MODULES; do NOT_LOADED=$(echo " $NOT_LOADED " | sed "s/ $m / /"); done
daemon_lines() {
  printf 'log file = %s/log/$name.log\npid file = %s/run/$name.pid\nadmin socket = %s/run/$name.asok\n' "$D" "$D" "$D"
}
{
  cat <<EOF
# Made by start-ceph.sh for a throw-away test cluster.
[global]
fsid = $FSID
mon host = $MON_ADDR
public addr = 127.0.0.1
cluster addr = 127.0.0.1
ms bind ipv6 = false
ms bind port min = $((BASE + 10))
ms bind port max = $((BASE + 49))
keyring = $KEYRING
auth cluster required = cephx
auth service required = cephx
auth client required = cephx
auth allow insecure global id reclaim = false
mon warn on insecure global id reclaim allowed = false
run dir = $D/run
crash dir = $D/crash
tmp dir = $D/tmp
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon allow pool delete = true
mon warn on pool no redundancy = false
mon max pg per osd = 1000
mon data avail warn = 1
mon data avail crit = 0
mgr initial modules = iostat $EXTRA_MODULES

[mon]
mon data = $D/mon.\$id
mon cluster log file = $D/log/cluster.log
$(daemon_lines)

[mgr]
mgr data = $D/mgr.\$id
mgr disabled modules = $NOT_LOADED
$(daemon_lines)

[mds]
mds data = $D/mds.\$id
mds cache memory limit = 268435456
mds cap revoke eviction timeout = 30
$(daemon_lines)

[osd]
osd data = $D/osd.\$id
osd objectstore = $STORE
osd op num shards = 2
osd op num threads per shard = 1
$(daemon_lines)
EOF
  if [ "$STORE" = memstore ]; then
    echo "memstore device bytes = $SIZE_B"
  else
    cat <<EOF
bluestore block create = true
bluestore block size = $SIZE_B
bluestore block db create = false
bluestore block wal create = false
bluestore fsck on mount = false
bluestore cache autotune = false
bluestore cache size = 134217728
osd memory target = 939524096
EOF
  fi
} >"$CONF"

# --- keys: the mon imports every key of this keyring (with its caps) when it makes its store -----------
new_key() { local name=$1 file=$2; shift 2; ceph-authtool "$file" --gen-key -n "$name" "$@" >/dev/null; }
ceph-authtool --create-keyring "$KEYRING" >/dev/null
new_key mon. "$KEYRING" --cap mon 'allow *'
new_key client.admin "$KEYRING" --cap mon 'allow *' --cap osd 'allow *' --cap mds 'allow *' --cap mgr 'allow *'
new_key mgr.x "$KEYRING" --cap mon 'allow profile mgr' --cap osd 'allow *' --cap mds 'allow *'
new_key osd.0 "$KEYRING" --cap mon 'allow profile osd' --cap mgr 'allow profile osd' --cap osd 'allow *'
new_key mds.a "$KEYRING" --cap mon 'allow profile mds' --cap mgr 'allow profile mds' --cap osd 'allow *' --cap mds 'allow'
ceph-authtool --create-keyring "$D/client.manila.keyring" >/dev/null
new_key client.manila "$D/client.manila.keyring" --cap mon 'allow r' --cap mgr 'allow rw'
ceph-authtool "$KEYRING" --import-keyring "$D/client.manila.keyring" >/dev/null
chmod 600 "$KEYRING" "$D/client.manila.keyring"
step "config and keys written"

# --- mon; the OSD's store is made meanwhile (its fsid comes from ceph.conf) ----------------------------
monmaptool --create --fsid "$FSID" --addv a "$MON_ADDR" "$D/monmap" >>"$D/log/mkfs.out" 2>&1 || fail "monmaptool failed"
ceph-mon -c "$CONF" -i a --mkfs --monmap "$D/monmap" --keyring "$KEYRING" </dev/null >>"$D/log/mkfs.out" 2>&1 9>&- ||
  fail "ceph-mon --mkfs failed"
spawn mon.a ceph-mon -i a
step "mon started"
ceph-osd -c "$CONF" -i 0 --mkfs --osd-uuid "$OSD_UUID" </dev/null >>"$D/log/mkfs.out" 2>&1 9>&- ||
  fail "ceph-osd --mkfs failed"
step "osd store made"
wait_until "the monitor to answer" cli mon stat

# --- mgr, osd, mds -------------------------------------------------------------------------------------
spawn_mgr
cli osd new "$OSD_UUID" 0 >>"$D/log/mkfs.out" 2>&1 || fail "could not register osd.0 with the monitor"
spawn osd.0 ceph-osd -i 0
spawn mds.a ceph-mds -i a
step "mgr, osd, mds started"
osd_up() { cli osd stat -f json | grep -q '"num_up_osds":1'; }
wait_until "osd.0 to come up" osd_up
step "osd up"
mgr_ready() { cli mgr stat -f json | grep -q '"available": *true'; }
wait_until "the mgr to become active" mgr_ready
# the volumes module answers once the active mgr has loaded it
wait_until "the mgr's volumes module" cli fs volume ls
step "mgr volumes module answers"

# --- the CephFS volume ---------------------------------------------------------------------------------
out=$(cli fs volume create "$FS_NAME" 2>&1) || fail "ceph fs volume create $FS_NAME failed: $out"
step "fs volume created"
# a client that dies without unmounting keeps its caps until the MDS evicts it: after 300 s by default,
# and whatever needs those caps (a snapshot, a clone, an info) waits that long. 30-40 s for tests.
cli fs set "$FS_NAME" session_timeout 30 >/dev/null 2>&1 && cli fs set "$FS_NAME" session_autoclose 40 >/dev/null 2>&1 ||
  fail "could not set the session timeouts of $FS_NAME"
mds_active() { cli mds stat | grep -q "^$FS_NAME:.*up:active"; }
wait_until "the MDS to become active" mds_active
pgs_clean() { cli pg stat | grep -Eq '^([0-9]+) pgs: \1 active\+clean;'; }
wait_until "all placement groups to be active+clean" pgs_clean
step "mds active, pgs clean"
# subvolume calls go through the mgr's own CephFS client: this proves that whole path works
wait_until "subvolume calls to work" cli fs subvolume ls "$FS_NAME"
step "subvolume calls work"

# --- optional REST API -------------------------------------------------------------------------------
REST_LINES=""
if [ "$RESTFUL" = 1 ]; then
  # restful serves nothing until it has a certificate: set the address first, then make one
  wait_until "the mgr's restful module" cli restful list-keys
  cli config set mgr mgr/restful/server_addr 127.0.0.1 >/dev/null 2>&1 || fail "could not set the restful address"
  cli config set mgr mgr/restful/server_port "$REST_PORT" >/dev/null 2>&1 || fail "could not set the restful port"
  if command -v openssl >/dev/null 2>&1; then
    # a certificate valid for 127.0.0.1, so that clients can verify it (pass CEPH_RESTFUL_CERT as CA)
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=127.0.0.1 \
      -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" -keyout "$D/restful.key" -out "$D/restful.crt" \
      >>"$D/log/mkfs.out" 2>&1 || fail "openssl could not make the restful certificate"
    cli config-key set mgr/restful/x/crt -i "$D/restful.crt" >/dev/null 2>&1 &&
      cli config-key set mgr/restful/x/key -i "$D/restful.key" >/dev/null 2>&1 &&
      cli restful restart >/dev/null 2>&1 || fail "could not give restful its certificate"
    rm -f "$D/restful.key"
  else
    cli restful create-self-signed-cert >/dev/null 2>&1 || fail "could not make the restful certificate"
    cli config-key get mgr/restful/x/crt >"$D/restful.crt" 2>/dev/null || fail "could not read the restful certificate"
  fi
  REST_KEY=$(cli restful create-key admin 2>/dev/null) || fail "could not make a restful key"
  rest_up() { port_busy "$REST_PORT"; }
  wait_until "the restful API on port $REST_PORT" rest_up
  REST_LINES="CEPH_RESTFUL_URL='https://127.0.0.1:$REST_PORT'
CEPH_RESTFUL_USER='admin'
CEPH_RESTFUL_KEY='$REST_KEY'
CEPH_RESTFUL_CERT='$D/restful.crt'"
  step "restful API up"
fi

for n in $DAEMONS; do pid_of "$n" >/dev/null || fail "$n is not running after start"; done
{
  echo "CEPH_CONF='$CONF'"
  echo "CEPH_KEYRING='$KEYRING'"
  echo "CEPH_FS_NAME='$FS_NAME'"
  echo "CEPH_MON_HOST='$MON_ADDR'"
  echo "CEPH_MANILA_ID='manila'"
  echo "CEPH_MANILA_KEYRING='$D/client.manila.keyring'"
  [ -z "$REST_LINES" ] || echo "$REST_LINES"
} >"$ENVF.tmp"
mv "$ENVF.tmp" "$ENVF"
cat "$ENVF"
