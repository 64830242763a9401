#!/usr/bin/env bash
# start-keystone.sh DATA_DIR — start (or reuse) a real OpenStack Keystone on 127.0.0.1, for tests.
#
# Debian 12's Keystone (22.0.x, Zed) from the python3-keystone package, served by uWSGI (one process,
# one thread) on 127.0.0.1:KEYSTONE_PORT, with a SQLite database, Fernet keys and logs all under
# DATA_DIR. No Apache, no system service, no /etc/keystone. The first start makes the database
# (keystone-manage db_sync, fernet_setup, credential_setup, bootstrap) and the test cloud:
#   admin         admin of project 'admin' and of the system (keystone-manage bootstrap)
#   manila        admin + service roles on project 'service': the service user that validates tokens
#   alpha-member  member of project 'alpha'      alpha-reader  reader of project 'alpha'
#   beta-member   member of project 'beta'       beta-reader   reader of project 'beta'
#   services manila (type share) and manilav2 (type sharev2), public and internal endpoints
# Passwords are '<user>-secret' (admin: KEYSTONE_ADMIN_PASSWORD). Later starts reuse the database.
#
# Prints KEY='VALUE' lines on stdout, for eval (kept in DATA_DIR/keystone.env too): KEYSTONE_URL
# (the v3 root, as OS_AUTH_URL), KEYSTONE_HOST, KEYSTONE_PORT, KEYSTONE_REGION, KEYSTONE_DOMAIN_ID,
# and for ADMIN, SERVICE, ALPHA_MEMBER, ALPHA_READER, BETA_MEMBER, BETA_READER: KEYSTONE_<WHO>_USER,
# _PASSWORD, _USER_ID; for ADMIN, SERVICE, ALPHA, BETA: KEYSTONE_<P>_PROJECT, _PROJECT_ID; then
# KEYSTONE_SHARE_URL, KEYSTONE_TOKEN_EXPIRATION, KEYSTONE_OPENRC_DIR (one openrc file per user, for
# the openstack and manila clients), KEYSTONE_PID, KEYSTONE_CONF, KEYSTONE_LOG.
# Run again while it is up with the same settings, it only prints the lines again. Otherwise
# whatever is left of an earlier run in DATA_DIR is stopped first.
# On failure: a message and the end of the log on stderr, exit 1 (2 for bad usage).
#
# Environment (all optional):
#   KEYSTONE_PORT               TCP port on 127.0.0.1                              (default: 19150)
#   KEYSTONE_ADMIN_PASSWORD     password of 'admin'                         (default: admin-secret)
#   KEYSTONE_TOKEN_EXPIRATION   token lifetime, seconds ([token] expiration)        (default: 3600)
#   KEYSTONE_SHARE_URL          the sharev2 endpoint               (default: http://127.0.0.1:8786/v2)
#   KEYSTONE_SHARE_V1_URL       the share endpoint   (default: http://127.0.0.1:8786/v1/%(project_id)s)
#   KEYSTONE_WAIT_S             longest wait for Keystone to answer, seconds           (default: 90)
#   KEYSTONE_DEBUG=1            Keystone logs at DEBUG level
#   KEYSTONE_VERBOSE=1          print each step with the milliseconds since start on stderr
set -Eeuo pipefail
umask 022

die() { echo "start-keystone: error: $*" >&2; exit 1; }
[ $# -eq 1 ] && [ -n "$1" ] || { echo "usage: $0 DATA_DIR" >&2; exit 2; }

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOOL=$HERE/keystone-tool.py
PY=/usr/bin/python3          # Debian's, which has the keystone modules (not a pyenv or venv python3)
PORT=${KEYSTONE_PORT:-19150}
ADMIN_PASSWORD=${KEYSTONE_ADMIN_PASSWORD:-admin-secret}
EXPIRATION=${KEYSTONE_TOKEN_EXPIRATION:-3600}
SHARE_URL=${KEYSTONE_SHARE_URL:-http://127.0.0.1:8786/v2}
SHARE_V1_URL=${KEYSTONE_SHARE_V1_URL:-'http://127.0.0.1:8786/v1/%(project_id)s'}
WAIT_S=${KEYSTONE_WAIT_S:-90}
DEBUG=false; [ "${KEYSTONE_DEBUG:-0}" = 1 ] && DEBUG=true
REGION=RegionOne
[[ "$PORT" =~ ^[0-9]+$ ]] && [ "$PORT" -ge 1024 ] && [ "$PORT" -le 65535 ] || die "bad KEYSTONE_PORT '$PORT'"
[[ "$EXPIRATION" =~ ^[0-9]+$ ]] && [ "$EXPIRATION" -ge 1 ] || die "KEYSTONE_TOKEN_EXPIRATION must be a positive number"
[[ "$WAIT_S" =~ ^[0-9]+$ ]] && [ "$WAIT_S" -ge 1 ] || die "KEYSTONE_WAIT_S must be a positive number"
[[ "$ADMIN_PASSWORD" =~ ^[A-Za-z0-9_.+-]{1,64}$ ]] || die "KEYSTONE_ADMIN_PASSWORD may hold only letters, digits and _ . + -"
for u in "$SHARE_URL" "$SHARE_V1_URL"; do
  [[ "$u" =~ ^https?://[A-Za-z0-9_.:/%()+-]+$ ]] || die "bad endpoint URL '$u'"
done

INSTALL="apt-get install --no-install-recommends python3-keystone uwsgi-core uwsgi-plugin-python3"
for f in /usr/bin/keystone-manage /usr/bin/keystone-wsgi-public "$PY"; do
  [ -x "$f" ] || die "$f not found; install: $INSTALL"
done
[ -x /usr/bin/uwsgi-core ] || die "uWSGI not found; install: $INSTALL"
[ -e /usr/lib/uwsgi/plugins/python3_plugin.so ] || die "uWSGI's python3 plugin not found; install: $INSTALL"
for b in flock timeout setsid; do command -v $b >/dev/null 2>&1 || die "$b not found; install util-linux and coreutils"; done
[ -r "$TOOL" ] || die "$TOOL is missing"

MARK=.start-keystone-data-dir
[ ! -e "$1" ] || [ -d "$1" ] || die "$1 exists and is not a directory"
if [ -d "$1" ] && [ ! -e "$1/$MARK" ] && [ -n "$(ls -A "$1" 2>/dev/null)" ]; then
  die "$1 is not empty and was not made by start-keystone.sh; give a new or empty directory"
fi
mkdir -p "$1" || die "cannot create $1"
D=$(cd "$1" && pwd -P)
[[ "$D" =~ ^[A-Za-z0-9_./+-]+$ ]] || die "DATA_DIR may hold only letters, digits and _ . / + - : $D"
touch "$D/$MARK"
CONF=$D/keystone.conf
INI=$D/uwsgi.ini
ENVF=$D/keystone.env
LOG=$D/log/keystone.log
ULOG=$D/log/uwsgi.log
MLOG=$D/log/keystone-manage.log
URL=http://127.0.0.1:$PORT/v3
# what a running server must have been started with to be reused as it is
SETTINGS="port=$PORT admin=$ADMIN_PASSWORD expiration=$EXPIRATION share=$SHARE_URL share1=$SHARE_V1_URL debug=$DEBUG"

exec 9>"$D/.lock"
flock -w 180 9 || die "another start-keystone.sh or stop-keystone.sh holds $D/.lock"

T0=$(date +%s%N)
step() { if [ "${KEYSTONE_VERBOSE:-0}" = 1 ]; then echo "start-keystone: $(( ($(date +%s%N) - T0) / 1000000 )) ms: $*" >&2; fi; }
alive() { local s; s=$( { cat "/proc/$1/stat"; } 2>/dev/null ) && s=${s##*) } && [ -n "$s" ] && [ "${s:0:1}" != Z ]; }
# pid_of FILE NEEDLE: pid in FILE if that process is alive and its command line holds NEEDLE
pid_of() {
  local p
  [ -s "$1" ] && p=$(cat "$1") && [[ "$p" =~ ^[0-9]+$ ]] || return 1
  { tr '\0' ' ' <"/proc/$p/cmdline"; } 2>/dev/null | grep -qF -- "$2" || return 1
  alive "$p" && echo "$p"
}
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
stop_old() { if [ -x "$HERE/stop-keystone.sh" ]; then KEYSTONE_STOP_NO_LOCK=1 "$HERE/stop-keystone.sh" "$D" 9>&- || true; fi; }
# show_log FILE...: the end of what this start wrote to each FILE (after its last start marker)
show_log() {
  local f
  for f in "$@"; do
    [ -s "$f" ] || continue
    echo "== last lines of $f" >&2
    awk '/^== start-keystone.sh /{n=0; next} {l[n++]=$0} END{for(i=0;i<n;i++) print l[i]}' "$f" |
      grep -vE 'running uWSGI as root|Truncating password|Exception ignored in|_removeHandlerRef|_acquireLock|getcurrent|acquire$|threading.py|green/thread.py|^Traceback|^  File' |
      tail -n 12 >&2
  done
}
fail() {
  trap '' PIPE
  local msg=$1 j; shift
  # keystone-manage steps still running in the background are ours: end them
  for j in $(jobs -p); do [ "$j" = "${UPID:-}" ] || kill "$j" 2>/dev/null; done
  if [ -n "${UPID:-}" ] && alive "$UPID"; then
    # uWSGI writes its pid file first thing; give it that moment so stop-keystone.sh finds it
    for _ in $(seq 1 50); do [ -s "$D/run/uwsgi.pid" ] && break; sleep 0.1; done
  fi
  stop_old
  if [ -n "${UPID:-}" ] && alive "$UPID" &&
     { tr '\0' ' ' <"/proc/$UPID/cmdline"; } 2>/dev/null | grep -qF -- "$INI"; then
    kill -KILL "$UPID" 2>/dev/null
  fi
  echo "start-keystone: error: $msg" >&2
  show_log "$@"
  exit 1
}
# manage_bg ARGS...: keystone-manage with our config in the background, 3 minutes at most, its
# chatter kept in MLOG; $! is then the pid of its timeout wrapper (a TERM to it reaches keystone-manage)
manage_bg() {
  echo "-- keystone-manage $1 ($(date -u +%FT%TZ))" >>"$MLOG"
  timeout -k 5 180 /usr/bin/keystone-manage --config-file "$CONF" "$@" </dev/null >>"$MLOG" 2>&1 9>&- &
}

# --- up already? ---------------------------------------------------------------------------------
if [ -s "$ENVF" ] && [ "$(cat "$D/run/settings" 2>/dev/null)" = "$SETTINGS" ] &&
   pid_of "$D/run/uwsgi.pid" "$INI" >/dev/null && "$PY" "$TOOL" wait "$URL" 5 2>/dev/null 9>&-; then
  cat "$ENVF"; exit 0
fi

stop_old
rm -rf "$D/run" "$ENVF"
mkdir -p "$D"/{run,log}
for f in "$LOG" "$ULOG" "$MLOG" "$D/log/provision.log"; do echo "== start-keystone.sh $(date -u +%FT%TZ)" >>"$f"; done
! port_busy "$PORT" || die "port $PORT on 127.0.0.1 is in use; set KEYSTONE_PORT to a free one"
step "data dir ready"

# --- configuration (written each start; the database and keys are kept) -----------------------------
cat >"$CONF.tmp" <<EOF
# Made by start-keystone.sh: a Keystone for tests on 127.0.0.1. Everything is under $D.
[DEFAULT]
debug = $DEBUG
use_stderr = false
log_file = $LOG
[database]
connection = sqlite:///$D/keystone.db
[token]
provider = fernet
expiration = $EXPIRATION
[fernet_tokens]
key_repository = $D/fernet-keys
[fernet_receipts]
key_repository = $D/fernet-keys
[credential]
key_repository = $D/credential-keys
[identity]
# bcrypt's cheapest cost: creating users and issuing tokens by password stay fast (tests only)
password_hash_rounds = 4
[resource]
# tokens then carry is_admin_project (true only for project 'admin'), as keystonemiddleware reads it
admin_project_name = admin
admin_project_domain_name = Default
[cache]
# in-process cache: validation takes ~10 ms instead of ~500 ms; one uWSGI process keeps it coherent
enabled = true
backend = dogpile.cache.memory
EOF
mv "$CONF.tmp" "$CONF"

# --- database and keys, once; each step leaves a stamp so an interrupted start redoes only it ----
# The keystone-manage steps are ~2 s of Python start-up each, so independent ones run side by side:
# db_sync with fernet_setup and credential_setup, then bootstrap with uWSGI loading the app (nothing
# reads the database until bootstrap is done: the wait below asks only for the version document).
ME=$(id -un); MYGROUP=$(id -gn)
SYNC='' FERNET='' CRED='' BOOTP='' UPID=''
if [ ! -e "$D/.db-ready" ]; then
  rm -f "$D"/keystone.db "$D"/keystone.db-* "$D/.bootstrapped"
  manage_bg db_sync; SYNC=$!
fi
if [ ! -e "$D/.keys-ready" ]; then
  rm -rf "$D/fernet-keys" "$D/credential-keys"
  manage_bg fernet_setup --keystone-user "$ME" --keystone-group "$MYGROUP"; FERNET=$!
  manage_bg credential_setup --keystone-user "$ME" --keystone-group "$MYGROUP"; CRED=$!
fi
if [ -n "$FERNET" ]; then
  wait "$FERNET" || fail "keystone-manage fernet_setup failed" "$MLOG"
  wait "$CRED" || fail "keystone-manage credential_setup failed" "$MLOG"
  touch "$D/.keys-ready"
  step "fernet and credential keys made"
fi
if [ -n "$SYNC" ]; then
  wait "$SYNC" || fail "keystone-manage db_sync failed" "$MLOG" "$LOG"
  "$PY" "$TOOL" wal "$D/keystone.db" 9>&- || fail "cannot put $D/keystone.db in WAL mode"
  touch "$D/.db-ready"
  step "database made"
fi
BOOT="port=$PORT admin=$ADMIN_PASSWORD"
if [ "$(cat "$D/.bootstrapped" 2>/dev/null)" != "$BOOT" ]; then
  rm -f "$D/.bootstrapped"
  manage_bg bootstrap --bootstrap-username admin --bootstrap-password "$ADMIN_PASSWORD" \
    --bootstrap-project-name admin --bootstrap-role-name admin --bootstrap-service-name keystone \
    --bootstrap-region-id "$REGION" --bootstrap-public-url "$URL" --bootstrap-internal-url "$URL"
  BOOTP=$!
fi

# --- the server --------------------------------------------------------------------------------------
cat >"$INI" <<EOF
; Made by start-keystone.sh: Keystone's public WSGI app on 127.0.0.1:$PORT.
[uwsgi]
plugins = python3
http-socket = 127.0.0.1:$PORT
; uWSGI's plain HTTP socket closes each connection: say so, so no client reuses one
add-header = Connection: close
wsgi-file = /usr/bin/keystone-wsgi-public
env = OS_KEYSTONE_CONFIG_DIR=$D
chdir = $D
master = true
; One process with one thread: Keystone on SQLite is not safe with threads (connections closed
; from the wrong thread), and the in-memory cache would go stale across processes.
processes = 1
threads = 1
lazy-apps = true
need-app = true
die-on-term = true
no-orphans = true
; skip the interpreter teardown at exit, where greenlet crashes the worker
skip-atexit-teardown = true
worker-reload-mercy = 5
reload-mercy = 5
buffer-size = 65535
listen = 100
pidfile = $D/run/uwsgi.pid
EOF
LOGOFF=$(stat -c %s "$ULOG")
setsid /usr/bin/uwsgi-core --ini "$INI" </dev/null >>"$ULOG" 2>&1 9>&- &
UPID=$!
if [ -n "$BOOTP" ]; then
  wait "$BOOTP" || fail "keystone-manage bootstrap failed (stop-keystone.sh DATA_DIR --wipe starts afresh)" "$MLOG" "$LOG"
  echo "$BOOT" >"$D/.bootstrapped"
  step "bootstrapped"
fi
if ! WHY=$("$PY" "$TOOL" wait "$URL" "$WAIT_S" "$UPID" "$ULOG" "$LOGOFF" 2>&1 >/dev/null 9>&-); then
  fail "${WHY#keystone-tool: error: }" "$ULOG" "$LOG"
fi
MPID=$(pid_of "$D/run/uwsgi.pid" "$INI") || fail "uWSGI is not running" "$ULOG" "$LOG"
echo "$SETTINGS" >"$D/run/settings"
step "keystone answers"

# --- the test cloud ----------------------------------------------------------------------------------
CLOUD=$(KEYSTONE_URL=$URL KEYSTONE_ADMIN_PASSWORD=$ADMIN_PASSWORD KEYSTONE_REGION=$REGION \
        KEYSTONE_SHARE_URL=$SHARE_URL KEYSTONE_SHARE_V1_URL=$SHARE_V1_URL \
        timeout -k 5 300 "$PY" "$TOOL" provision "$D/openrc" 2>>"$D/log/provision.log" 9>&-) ||
  fail "could not create the test users and services: $(tail -n 1 "$D/log/provision.log")" "$LOG"
step "users, projects and services ready"

cat >"$ENVF.tmp" <<EOF
KEYSTONE_URL='$URL'
KEYSTONE_HOST='127.0.0.1'
KEYSTONE_PORT='$PORT'
KEYSTONE_REGION='$REGION'
KEYSTONE_DOMAIN_ID='default'
$CLOUD
KEYSTONE_TOKEN_EXPIRATION='$EXPIRATION'
KEYSTONE_OPENRC_DIR='$D/openrc'
KEYSTONE_PID='$MPID'
KEYSTONE_CONF='$CONF'
KEYSTONE_LOG='$LOG'
EOF
mv "$ENVF.tmp" "$ENVF"
cat "$ENVF"
