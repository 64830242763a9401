#!/usr/bin/env bash
# selftest-keystone.sh DATA_DIR [CYCLES] — prove the launcher: CYCLES times (default 3), from a wiped
# DATA_DIR, a cold start, `keystone-tool.py check`, stop, a warm start, check again, stop; after each
# stop nothing of it may run and the port must be free. One line per start, then 'N passed, N failed'.
# Exit 0 only if every step passed. DATA_DIR is wiped first and left wiped. ~15 s a cycle.
set -uo pipefail
[ $# -ge 1 ] && [ $# -le 2 ] && [ -n "$1" ] || { echo "usage: $0 DATA_DIR [CYCLES]" >&2; exit 2; }
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
D=$1
CYCLES=${2:-3}
[[ "$CYCLES" =~ ^[1-9][0-9]*$ ]] || { echo "CYCLES must be a positive number" >&2; exit 2; }
PORT=${KEYSTONE_PORT:-19150}
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }
running() { [ -e "$D/uwsgi.ini" ] && grep -qlF -- "$(cd "$D" && pwd -P)/uwsgi.ini" /proc/[0-9]*/cmdline 2>/dev/null; }

"$HERE/stop-keystone.sh" "$D" --wipe || { echo "selftest: cannot stop and wipe $D" >&2; exit 1; }
passed=0 failed=0
for cycle in $(seq 1 "$CYCLES"); do
  for kind in cold warm; do
    T=$(date +%s%N)
    if out=$("$HERE/start-keystone.sh" "$D"); then
      t=$(ms "$T")
      res=$(eval "$out"; for v in $(compgen -v KEYSTONE_); do export "${v?}"; done
            /usr/bin/python3 "$HERE/keystone-tool.py" check | tail -n 1)
    else
      t=$(ms "$T"); res="start failed"
    fi
    T=$(date +%s%N); "$HERE/stop-keystone.sh" "$D"; src=$?; ts=$(ms "$T")
    state="stopped"; running && state="STILL RUNNING"; port_free || state="$state, PORT $PORT BUSY"
    line="cycle $cycle $kind start ${t} ms | check: $res | stop rc=$src ${ts} ms | $state"
    if [[ "$res" == *" passed, 0 failed" ]] && [ "$src" = 0 ] && [ "$state" = stopped ]; then
      passed=$((passed + 1)); echo "ok   $line"
    else
      failed=$((failed + 1)); echo "FAIL $line"
    fi
  done
  "$HERE/stop-keystone.sh" "$D" --wipe
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
