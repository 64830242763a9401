#!/usr/bin/env bash
# stop-ganesha.sh DATA_DIR [--wipe] — stop the NFS-Ganesha server and private dbus-daemon that
# start-ganesha.sh started with this DATA_DIR.
#
# Signals only the pids in DATA_DIR/run whose command lines name DATA_DIR's config files: SIGTERM,
# then SIGKILL after GANESHA_STOP_WAIT_S seconds (default 10). --wipe also deletes what
# start-ganesha.sh made in DATA_DIR (never the exported directories, which live elsewhere). Quiet. Exit 0 once nothing of
# it runs (also when nothing ran), 1 if a process survives.
set -uo pipefail
if [ $# -lt 1 ] || [ $# -gt 2 ] || [ -z "$1" ] || { [ $# -eq 2 ] && [ "$2" != --wipe ]; }; then
  echo "usage: $0 DATA_DIR [--wipe]" >&2; exit 2
fi
[ -d "$1" ] || exit 0
D=$(cd "$1" && pwd -P)
[ -e "$D/.start-ganesha-data-dir" ] || exit 0   # not made by start-ganesha.sh: nothing of ours is there
WAIT_S=${GANESHA_STOP_WAIT_S:-10}
[[ "$WAIT_S" =~ ^[0-9]+$ ]] || WAIT_S=10

if [ "${GANESHA_STOP_NO_LOCK:-0}" != 1 ]; then   # start-ganesha.sh calls us while holding the lock
  exec 9>"$D/.lock"
  flock -w 60 9 || { echo "stop-ganesha: error: $D/.lock is held by another start or stop" >&2; exit 1; }
fi

alive() { local s; s=$( { cat "/proc/$1/stat"; } 2>/dev/null ) && s=${s##*) } && [ -n "$s" ] && [ "${s:0:1}" != Z ]; }
pid_of() {
  local p
  [ -s "$1" ] && p=$(cat "$1") && [[ "$p" =~ ^[0-9]+$ ]] || return 1
  { tr '\0' ' ' <"/proc/$p/cmdline"; } 2>/dev/null | grep -qF -- "$2" || return 1
  alive "$p" && echo "$p"
}
# stop PID: SIGTERM, wait, SIGKILL
stop() {
  local p=$1 end
  kill -TERM "$p" 2>/dev/null
  end=$(( $(date +%s) + WAIT_S ))
  while alive "$p"; do
    if [ "$(date +%s)" -ge "$end" ]; then
      kill -KILL "$p" 2>/dev/null
      for _ in $(seq 1 25); do alive "$p" || return 0; sleep 0.2; done
      echo "stop-ganesha: error: pid $p does not end" >&2; return 1
    fi
    sleep 0.1
  done
}
rc=0
if p=$(pid_of "$D/run/ganesha.pid" "-f $D/ganesha.conf "); then stop "$p" || rc=1; fi
if p=$(pid_of "$D/run/dbus.pid" "$D/dbus.conf"); then stop "$p" || rc=1; fi
[ $rc = 0 ] || exit 1
rm -f "$D"/run/*.pid "$D/run/dbus.sock" "$D/ganesha.env"
if [ $# -eq 2 ]; then
  rm -rf "$D"/{run,log,recovery,exports.d,probe} "$D"/{ganesha.conf,dbus.conf}
fi
exit 0
