#!/bin/bash
# The real `manila` CLI against sharesnap in keystone mode: it authenticates with Keystone (OS_AUTH_URL,
# password, project alpha), finds sharesnap's sharev2 endpoint in the catalog, and creates and lists
# snapshots with the token Keystone gave it; also quota-show and absolute-limits.
#
#   KEYSTONE_OPENRC_DIR=target/keystone/openrc src/test/keystone/manila-keystone-workflow.sh
#
# Environment: KEYSTONE_OPENRC_DIR (from start-keystone.sh), WHO (openrc file, default alpha-member),
# ADMIN_PROJECT_OF_CHECK (a project id: the admin then updates and resets its quotas), POLL_TIMEOUT (60),
# CMD_TIMEOUT (60). Prints one "OK step" line per step; exits non-zero on a mismatch.
set -euo pipefail
: "${KEYSTONE_OPENRC_DIR:?set KEYSTONE_OPENRC_DIR (printed by start-keystone.sh)}"
WHO="${WHO:-alpha-member}"
POLL_TIMEOUT="${POLL_TIMEOUT:-60}"
CMD_TIMEOUT="${CMD_TIMEOUT:-60}"
while read -r v; do unset "$v"; done < <(compgen -e | grep '^OS_' || true)
# shellcheck disable=SC1090
. "$KEYSTONE_OPENRC_DIR/$WHO.sh"
command -v manila >/dev/null || { echo "FAIL: 'manila' CLI not found" >&2; exit 2; }

RUN="$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
OUT=""
STEP_NO=0
fail() { echo "FAIL step $STEP_NO: $*" >&2; [ -z "$OUT" ] || printf -- '--- last manila output ---\n%s\n' "$OUT" >&2; exit 1; }
step() { STEP_NO=$((STEP_NO + 1)); STEP_T=$(date +%s%N); }
ok() { echo "OK step $STEP_NO: $* ($(( ($(date +%s%N) - STEP_T) / 1000000 )) ms)"; }
m() {
  local rc=0
  OUT="$(timeout -k 5 "$CMD_TIMEOUT" manila "$@" 2>&1)" || rc=$?
  [ "$rc" = 0 ] || fail "'manila $*' exited $rc"
}
prop() {
  awk -F'|' -v k="$1" '{ f = $2; gsub(/^ +| +$/, "", f) } f == k { v = $3; gsub(/^ +| +$/, "", v); print v; exit }' <<<"$OUT"
}
wait_status() {
  local deadline=$(( $(date +%s) + POLL_TIMEOUT )) st
  while :; do
    m "$1" "$2"; st="$(prop status)"
    [ "$st" = available ] && return 0
    [ "$(date +%s)" -lt "$deadline" ] || fail "$2 still '$st' after ${POLL_TIMEOUT}s"
    sleep 1
  done
}

echo "manila-keystone-workflow: $WHO at $OS_AUTH_URL ($(manila --version 2>&1))"
step; m snapshot-list; ok "snapshot-list authenticated through Keystone"
step; m create NFS 1 --name "ks-share-$RUN"; SHARE="$(prop id)"; [ -n "$SHARE" ] || fail "no share id"
wait_status show "$SHARE"; ok "share $SHARE available"
step; m snapshot-create "$SHARE" --name "ks-snap-$RUN"; SNAP="$(prop id)"; [ -n "$SNAP" ] || fail "no snapshot id"
[ "$(prop project_id)" = "$OS_PROJECT_NAME" ] && fail "project_id is the project name, not its id"
wait_status snapshot-show "$SNAP"; ok "snapshot $SNAP available"
step; m snapshot-list
grep -q "ks-snap-$RUN" <<<"$OUT" || fail "snapshot-list does not show ks-snap-$RUN"; ok "snapshot-list shows it"
step; m quota-show; [ -n "$(prop snapshots)" ] || fail "quota-show has no snapshots row"; ok "quota-show: snapshots $(prop snapshots)"
step; m absolute-limits; grep -q totalShareSnapshotsUsed <<<"$OUT" || fail "absolute-limits lacks totalShareSnapshotsUsed"
ok "absolute-limits"
step; m snapshot-delete "$SNAP"; ok "snapshot-delete accepted"
if [ -n "${ADMIN_PROJECT_OF_CHECK:-}" ]; then
  # the cloud admin sets and resets the project's quota with the CLI (PUT / DELETE /quota-sets/{id})
  while read -r v; do unset "$v"; done < <(compgen -e | grep '^OS_' || true)
  # shellcheck disable=SC1090
  . "$KEYSTONE_OPENRC_DIR/admin.sh"
  step; m quota-update "$ADMIN_PROJECT_OF_CHECK" --snapshots 7
  m quota-show --tenant "$ADMIN_PROJECT_OF_CHECK"; [ "$(prop snapshots)" = 7 ] || fail "snapshots quota is '$(prop snapshots)', not 7"
  m quota-delete --tenant "$ADMIN_PROJECT_OF_CHECK"
  m quota-show --tenant "$ADMIN_PROJECT_OF_CHECK"; [ "$(prop snapshots)" = 50 ] || fail "snapshots quota not back to 50"
  ok "admin quota-update / quota-show / quota-delete"
fi
echo "manila-keystone-workflow: all steps passed"
