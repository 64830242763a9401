#!/usr/bin/env bash
# restart-ganesha.sh DATA_DIR — restart only the ganesha.nfsd that start-ganesha.sh started with this
# DATA_DIR, as an operator's `systemctl restart nfs-ganesha` would: same config, same exports directory,
# same private bus. Every export added over D-Bus is forgotten; what comes back is what the config (and
# the INDEX.conf it includes) holds. Prints start-ganesha.sh's KEY='VALUE' lines again, with the new
# GANESHA_PID. Exit 1 with a message if the server was not running or does not come back.
set -Eeuo pipefail
die() { echo "restart-ganesha: error: $*" >&2; exit 1; }
[ $# -eq 1 ] && [ -d "$1" ] || { echo "usage: $0 DATA_DIR" >&2; exit 2; }
D=$(cd "$1" && pwd -P)
ENVF=$D/ganesha.env
[ -s "$ENVF" ] || die "no server of start-ganesha.sh runs in $D"
exec 9>"$D/.lock"
flock -w 60 9 || die "$D/.lock is held by another start or stop"
# shellcheck disable=SC1090
. "$ENVF"
alive() { local s; s=$( { cat "/proc/$1/stat"; } 2>/dev/null ) && s=${s##*) } && [ -n "$s" ] && [ "${s:0:1}" != Z ]; }
{ tr '\0' ' ' <"/proc/$GANESHA_PID/cmdline"; } 2>/dev/null | grep -qF -- "-f $GANESHA_CONF " ||
  die "ganesha.nfsd (pid $GANESHA_PID) is not running"
kill -TERM "$GANESHA_PID"
for _ in $(seq 1 100); do alive "$GANESHA_PID" || break; sleep 0.1; done
if alive "$GANESHA_PID"; then kill -KILL "$GANESHA_PID"; sleep 0.5; fi
! alive "$GANESHA_PID" || die "pid $GANESHA_PID does not end"
rm -f "$D/run/ganesha.pid"

env_vars=(DBUS_SYSTEM_BUS_ADDRESS="$GANESHA_DBUS_ADDRESS")
[ -z "${GANESHA_CEPH_CONF:-}" ] || env_vars+=(CEPH_CONF="$GANESHA_CEPH_CONF")
env "${env_vars[@]}" ganesha.nfsd -f "$GANESHA_CONF" -L "$GANESHA_LOG" -p "$D/run/ganesha.pid" -N NIV_EVENT \
  </dev/null >>"$D/log/ganesha.out" 2>&1 9>&- || die "ganesha.nfsd did not start again"
end=$(( $(date +%s) + ${GANESHA_WAIT_S:-30} ))
until timeout 10 nfs-ls "$NFS_PROBE_URL" >/dev/null 2>&1 9>&- &&
      timeout 5 dbus-send --bus="$GANESHA_DBUS_ADDRESS" --print-reply --dest=org.ganesha.nfsd \
        /org/ganesha/nfsd/ExportMgr org.ganesha.nfsd.exportmgr.ShowExports >/dev/null 2>&1 9>&-; do
  [ "$(date +%s)" -lt "$end" ] || { tail -n 8 "$GANESHA_LOG" >&2; die "NFS-Ganesha did not come back"; }
  sleep 0.2
done
for _ in $(seq 1 50); do [ -s "$D/run/ganesha.pid" ] && break; sleep 0.1; done
NEW_PID=$(cat "$D/run/ganesha.pid")
sed "s/^GANESHA_PID=.*/GANESHA_PID='$NEW_PID'/" "$ENVF" >"$ENVF.tmp" && mv "$ENVF.tmp" "$ENVF"
cat "$ENVF"
