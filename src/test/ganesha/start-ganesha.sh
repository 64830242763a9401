#!/usr/bin/env bash
# start-ganesha.sh DATA_DIR — start (or reuse) a userspace NFS-Ganesha server on 127.0.0.1 for sharesnap's
# NFS export tests. dev.sharesnap.support.GaneshaServer runs it once per test JVM with DATA_DIR
# target/ganesha; by hand: eval "$(src/test/ganesha/start-ganesha.sh /tmp/sharesnap-ganesha)".
# Adapted from the project's tested reference launcher (shared/backends/nfs): sharesnap adds and removes
# the share and snapshot exports itself, so the server starts with a single export, id 1 at /probe: an
# empty directory DATA_DIR/probe, read-only to 127.0.0.1, used only to see that the server answers.
# Nothing else is exported until sharesnap adds it (ids 1000 and up by sharesnap's defaults). The config
# includes DATA_DIR/exports.d/INDEX.conf, the index sharesnap keeps of its export files, as an operator's
# ganesha.conf does (docs/operations.md); restart-ganesha.sh restarts the server alone to show it.
#
# Serves NFSv4 (4.0, 4.1, 4.2) on 127.0.0.1:NFS_PORT with no kernel NFS, no rpcbind and no mount.
# A private dbus-daemon is started for this server (its address is GANESHA_DBUS_ADDRESS):
#     dbus-send --bus="$GANESHA_DBUS_ADDRESS" --print-reply --dest=org.ganesha.nfsd \
#       /org/ganesha/nfsd/ExportMgr org.ganesha.nfsd.exportmgr.AddExport \
#       string:/path/to/export.conf 'string:EXPORT(Export_Id=1000)'
#   and ...exportmgr.RemoveExport uint16:1000, ...exportmgr.ShowExports
# Everything it writes is under DATA_DIR (config, logs, pid files, NFSv4 recovery data, bus socket,
# the export files sharesnap writes in DATA_DIR/exports.d).
#
# Prints KEY='VALUE' lines on stdout, for eval (kept in DATA_DIR/ganesha.env too):
#   NFS_HOST NFS_PORT NFS_PROBE_URL (a libnfs URL: nfs-ls "$NFS_PROBE_URL") GANESHA_EXPORTS_DIR
#   GANESHA_CONF GANESHA_PID GANESHA_DBUS_ADDRESS GANESHA_LOG
# Run again while it is up, it only prints the lines again. Otherwise whatever is left of an earlier
# run in DATA_DIR is stopped, and the server starts afresh with no exports but the probe.
# On failure: a message and the end of the log on stderr, exit 1 (2 for bad usage).
#
# Environment (all optional):
#   NFS_PORT            TCP port on 127.0.0.1                                  (default: 18990)
#   GANESHA_CEPH_CONF   a ceph.conf: lets exports use FSAL CEPH (CephFS), as the CephFS backend's NFS
#                       mode does (needs nfs-ganesha-ceph). Ganesha 4.3 ignores a CEPH { Ceph_Conf }
#                       block for an FSAL first loaded by AddExport, so it gets CEPH_CONF in its
#                       environment instead (then printed as GANESHA_CEPH_CONF too)
#   GANESHA_WAIT_S      longest wait for the server to answer, seconds         (default: 30)
#   GANESHA_VERBOSE=1   print each step with the milliseconds since start on stderr
set -Eeuo pipefail
umask 022

die() { echo "start-ganesha: error: $*" >&2; exit 1; }
[ $# -eq 1 ] && [ -n "$1" ] || { echo "usage: $0 DATA_DIR" >&2; exit 2; }

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PORT=${NFS_PORT:-18990}
WAIT_S=${GANESHA_WAIT_S:-30}
CEPH_CONF_FOR_NFS=${GANESHA_CEPH_CONF:-}
[[ "$PORT" =~ ^[0-9]+$ ]] && [ "$PORT" -ge 1024 ] && [ "$PORT" -le 65535 ] || die "bad NFS_PORT '$PORT'"
[[ "$WAIT_S" =~ ^[0-9]+$ ]] && [ "$WAIT_S" -ge 1 ] || die "GANESHA_WAIT_S must be a positive number"
[ "$(id -u)" = 0 ] || die "must run as root (FSAL VFS needs CAP_DAC_READ_SEARCH for file handles)"
for b in ganesha.nfsd dbus-daemon flock; do
  command -v "$b" >/dev/null 2>&1 ||
    die "'$b' not found; install: apt-get install --no-install-recommends nfs-ganesha nfs-ganesha-vfs dbus-daemon dbus-bin libnfs-utils"
done
ls /usr/lib/*/ganesha/libfsalvfs.so >/dev/null 2>&1 || die "FSAL VFS is missing; install nfs-ganesha-vfs"
if [ -n "$CEPH_CONF_FOR_NFS" ]; then
  [ -r "$CEPH_CONF_FOR_NFS" ] || die "GANESHA_CEPH_CONF '$CEPH_CONF_FOR_NFS' cannot be read"
  ls /usr/lib/*/ganesha/libfsalceph.so >/dev/null 2>&1 || die "FSAL CEPH is missing; install nfs-ganesha-ceph"
  CEPH_CONF_FOR_NFS=$(cd "$(dirname "$CEPH_CONF_FOR_NFS")" && pwd -P)/$(basename "$CEPH_CONF_FOR_NFS")
fi

MARK=.start-ganesha-data-dir
[ ! -e "$1" ] || [ -d "$1" ] || die "$1 exists and is not a directory"
if [ -d "$1" ] && [ ! -e "$1/$MARK" ] && [ -n "$(ls -A "$1" 2>/dev/null)" ]; then
  die "$1 is not empty and was not made by start-ganesha.sh; give a new or empty directory"
fi
mkdir -p "$1" || die "cannot create $1"
D=$(cd "$1" && pwd -P)
[ ${#D} -le 80 ] || die "DATA_DIR is too long for a unix socket path (${#D} > 80 characters): $D"
[[ "$D" =~ ^[A-Za-z0-9_./+-]+$ ]] || die "paths may hold only letters, digits and _ . / + - : $D"
touch "$D/$MARK"
CONF=$D/ganesha.conf
PROBE=$D/probe
EXPORTS_DIR=$D/exports.d
ENVF=$D/ganesha.env
LOG=$D/log/ganesha.log
BUS=unix:path=$D/run/dbus.sock

exec 9>"$D/.lock"
flock -w 60 9 || die "another start-ganesha.sh or stop-ganesha.sh holds $D/.lock"

T0=$(date +%s%N)
step() { if [ "${GANESHA_VERBOSE:-0}" = 1 ]; then echo "start-ganesha: $(( ($(date +%s%N) - T0) / 1000000 )) ms: $*" >&2; fi; }
alive() { local s; s=$( { cat "/proc/$1/stat"; } 2>/dev/null ) && s=${s##*) } && [ -n "$s" ] && [ "${s:0:1}" != Z ]; }
# pid_of FILE NEEDLE: pid in FILE if that process is alive and its command line holds NEEDLE
pid_of() {
  local p
  [ -s "$1" ] && p=$(cat "$1") && [[ "$p" =~ ^[0-9]+$ ]] || return 1
  { tr '\0' ' ' <"/proc/$p/cmdline"; } 2>/dev/null | grep -qF -- "$2" || return 1
  alive "$p" && echo "$p"
}
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
stop_old() { if [ -x "$HERE/stop-ganesha.sh" ]; then GANESHA_STOP_NO_LOCK=1 "$HERE/stop-ganesha.sh" "$D" 9>&- || true; fi; }
fail() {
  trap '' PIPE
  stop_old
  echo "start-ganesha: error: $*" >&2
  [ -s "$LOG" ] && { echo "== last lines of $LOG" >&2; grep -vE 'krb5|keytab|Register_program' "$LOG" | tail -n 8 >&2; }
  exit 1
}
# an NFS round trip if libnfs's nfs-ls is there, else a TCP connect
URL="nfs://127.0.0.1/probe?version=4&nfsport=$PORT"
answers() {
  if command -v nfs-ls >/dev/null 2>&1; then timeout 10 nfs-ls "$URL" >/dev/null 2>&1 9>&-; else port_busy "$PORT"; fi
}

# --- up already? ---------------------------------------------------------------------------------
# (with the same GANESHA_CEPH_CONF: the server's environment cannot change while it runs)
if [ -s "$ENVF" ] && grep -qxF "GANESHA_CEPH_CONF='$CEPH_CONF_FOR_NFS'" "$ENVF" &&
   pid_of "$D/run/ganesha.pid" "-f $CONF " >/dev/null &&
   pid_of "$D/run/dbus.pid" "$D/dbus.conf" >/dev/null && answers; then
  cat "$ENVF"; exit 0
fi

stop_old
rm -rf "$D"/{run,log,recovery,exports.d} "$D"/{ganesha.conf,dbus.conf,ganesha.env}
mkdir -p "$D"/{run,log,recovery,exports.d,probe}
! port_busy "$PORT" || die "port $PORT on 127.0.0.1 is in use; set NFS_PORT to a free one"
step "data dir ready"

# --- a private system bus, for Ganesha's D-Bus admin interface -----------------------------------
cat >"$D/dbus.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<!-- made by start-ganesha.sh: a bus for one test NFS server; only root may connect -->
<busconfig>
  <type>system</type>
  <listen>$BUS</listen>
  <auth>EXTERNAL</auth>
  <pidfile>$D/run/dbus.pid</pidfile>
  <policy context="default">
    <deny user="*"/>
    <allow user="root"/>
    <allow own="*"/>
    <allow send_destination="*"/>
    <allow receive_sender="*"/>
  </policy>
</busconfig>
EOF
dbus-daemon --config-file="$D/dbus.conf" --fork </dev/null >>"$D/log/dbus.out" 2>&1 9>&- || fail "dbus-daemon did not start"
bus_up() { [ -S "$D/run/dbus.sock" ] && pid_of "$D/run/dbus.pid" "$D/dbus.conf" >/dev/null; }
end=$(( $(date +%s) + WAIT_S ))
until bus_up; do [ "$(date +%s)" -lt "$end" ] || fail "the private dbus-daemon did not come up"; sleep 0.1; done
step "dbus up"

# --- Ganesha ---------------------------------------------------------------------------------------
cat >"$CONF" <<EOF
# Made by start-ganesha.sh: one test NFS server on 127.0.0.1, NFSv4 only (v3 would need rpcbind).
NFS_CORE_PARAM {
  Bind_addr = 127.0.0.1;
  NFS_Port = $PORT;
  Protocols = 4;
  Enable_NLM = false;
  Enable_RQUOTA = false;
  Enable_UDP = false;
}
NFS_KRB5 { Active_krb5 = false; }
NFSv4 {
  Graceless = true;              # no 90 s grace period after a start
  RecoveryBackend = fs;
  RecoveryRoot = $D/recovery;
  Only_Numeric_Owners = true;    # uids and gids as numbers, no idmapd
}
MDCACHE { Dir_Chunk = 0; }       # what is changed on disk shows up at once
EXPORT_DEFAULTS {
  Access_Type = None;            # each export names its clients
  Protocols = 4;
  Transports = TCP;
  SecType = sys;
  Attr_Expiration_Time = 0;
}
EXPORT {                         # only to see that the server answers; sharesnap adds the rest
  Export_Id = 1;
  Path = $PROBE;
  Pseudo = /probe;
  CLIENT { Clients = 127.0.0.1; Access_Type = RO; }
  FSAL { Name = VFS; }
}
# sharesnap keeps one %include per export in this index, so a restarted server serves them all again
%include "$EXPORTS_DIR/INDEX.conf"
LOG { Default_Log_Level = EVENT; }
EOF
echo "# no exports yet; sharesnap rewrites this file" >"$EXPORTS_DIR/INDEX.conf"
env_vars=(DBUS_SYSTEM_BUS_ADDRESS="$BUS")
[ -z "$CEPH_CONF_FOR_NFS" ] || env_vars+=(CEPH_CONF="$CEPH_CONF_FOR_NFS")
env "${env_vars[@]}" ganesha.nfsd -f "$CONF" -L "$LOG" -p "$D/run/ganesha.pid" -N NIV_EVENT \
  </dev/null >>"$D/log/ganesha.out" 2>&1 9>&- || fail "ganesha.nfsd did not start"
end=$(( $(date +%s) + WAIT_S ))
until answers; do
  if [ "$(date +%s)" -ge "$end" ]; then fail "NFS-Ganesha did not answer on 127.0.0.1:$PORT within ${WAIT_S}s"; fi
  sleep 0.2
done
GPID=$(pid_of "$D/run/ganesha.pid" "-f $CONF ") || fail "ganesha.nfsd is not running"
step "ganesha answers"
# its admin interface must be on our bus
if command -v dbus-send >/dev/null 2>&1; then
  end=$(( $(date +%s) + WAIT_S ))
  until timeout 5 dbus-send --bus="$BUS" --print-reply --dest=org.ganesha.nfsd /org/ganesha/nfsd/ExportMgr \
        org.ganesha.nfsd.exportmgr.ShowExports >/dev/null 2>&1 9>&-; do
    [ "$(date +%s)" -lt "$end" ] || fail "Ganesha's D-Bus interface does not answer"
    sleep 0.2
  done
  step "ganesha's D-Bus interface answers"
fi

cat >"$ENVF.tmp" <<EOF
NFS_HOST='127.0.0.1'
NFS_PORT='$PORT'
NFS_PROBE_URL='$URL'
GANESHA_EXPORTS_DIR='$EXPORTS_DIR'
GANESHA_CONF='$CONF'
GANESHA_PID='$GPID'
GANESHA_DBUS_ADDRESS='$BUS'
GANESHA_LOG='$LOG'
GANESHA_CEPH_CONF='$CEPH_CONF_FOR_NFS'
EOF
mv "$ENVF.tmp" "$ENVF"
cat "$ENVF"
