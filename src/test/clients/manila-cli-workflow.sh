#!/bin/bash
# Snapshot workflow driven by the real `manila` CLI (python-manilaclient, Debian's
# python3-manilaclient 4.1.1) in noauth mode, against a Manila-compatible endpoint.
#
#   SHARESNAP_URL=http://127.0.0.1:8786 src/test/clients/manila-cli-workflow.sh
#
# Environment:
#   SHARESNAP_URL  service root, no trailing path        (default http://127.0.0.1:8786)
#   PROJECT        hex project id                         (default: random 32 hex digits)
#   USER_NAME      user id put in the noauth token        (default alice)
#   POLL_TIMEOUT   seconds to wait for a status change    (default 60)
#   CMD_TIMEOUT    seconds one CLI call may take          (default 60)
#
# noauth: the CLI sends `X-Auth-Token: <user>:<project>` and talks to the "bypass URL"
# $SHARESNAP_URL/v2/$PROJECT directly (no Keystone, no catalog). Before every command it
# sends `GET /` (version discovery) and then uses min(2.72, server max) as microversion.
# The CLI has no JSON output, so its Property/Value and list tables are parsed with awk.
# Prints one "OK step ..." line per step; exits non-zero with a message on any mismatch.
set -euo pipefail

SHARESNAP_URL="${SHARESNAP_URL:-http://127.0.0.1:8786}"
SHARESNAP_URL="${SHARESNAP_URL%/}"
PROJECT="${PROJECT:-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')}"
USER_NAME="${USER_NAME:-alice}"
POLL_TIMEOUT="${POLL_TIMEOUT:-60}"
CMD_TIMEOUT="${CMD_TIMEOUT:-60}"

# Keep ambient OpenStack settings (OS_CLOUD, OS_AUTH_URL, OS_SHARE_API_VERSION, ...) out.
while read -r v; do unset "$v"; done < <(compgen -e | grep '^OS_' || true)

command -v manila >/dev/null || { echo "FAIL: 'manila' CLI not found (run install-clients.sh)" >&2; exit 2; }

# Names carry a run id: the CLI resolves names through `snapshots/detail?all_tenants=1`,
# which spans every project, so names must be unique across runs.
RUN="$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
SHARE_NAME="mcli-share-$RUN"
SNAP_NAME="mcli-snap-$RUN"
SNAP_DESC="first snapshot of $RUN"
SNAP_NEW_NAME="mcli-snap-renamed-$RUN"
SNAP_NEW_DESC="renamed snapshot of $RUN"
SNAP2_NAME="mcli-snap2-$RUN"

MANILA=(timeout -k 5 "$CMD_TIMEOUT" manila --os-token "$USER_NAME:$PROJECT" --bypass-url "$SHARESNAP_URL/v2/$PROJECT")

OUT=""          # output (stdout+stderr) of the last CLI call
STEP_NO=0
SHARE_ID="" SNAP_ID="" SNAP2_ID=""
T0=$(date +%s%N)

fail() {
  echo "FAIL step $STEP_NO: $*" >&2
  if [ -n "$OUT" ]; then echo "--- last manila output ---" >&2; echo "$OUT" >&2; echo "---" >&2; fi
  exit 1
}
ok() { echo "OK step $STEP_NO: $* ($(( ($(date +%s%N) - STEP_T) / 1000000 )) ms)"; }
step() { STEP_NO=$((STEP_NO + 1)); STEP_T=$(date +%s%N); }

# m ARGS...: run the CLI; fail unless it exits 0.
m() {
  local rc=0
  OUT="$("${MANILA[@]}" "$@" 2>&1)" || rc=$?
  [ "$rc" = 124 ] && fail "'manila $*' timed out after ${CMD_TIMEOUT}s"
  [ "$rc" = 0 ] || fail "'manila $*' exited $rc"
}
# m_try ARGS...: run the CLI, return its exit code (for expected failures / polling).
m_try() {
  local rc=0
  OUT="$("${MANILA[@]}" "$@" 2>&1)" || rc=$?
  [ "$rc" = 124 ] && fail "'manila $*' timed out after ${CMD_TIMEOUT}s"
  return $rc
}

# prop FIELD: value of FIELD in the Property/Value table in $OUT.
prop() {
  awk -F'|' -v k="$1" '{ f = $2; gsub(/^ +| +$/, "", f) }
    f == k { v = $3; gsub(/^ +| +$/, "", v); print v; exit }' <<<"$OUT"
}
# expect FIELD VALUE: the Property/Value table in $OUT has FIELD == VALUE.
expect() {
  local got; got="$(prop "$1")"
  [ "$got" = "$2" ] || fail "expected $1 = '$2', got '$got'"
}
# col N KEY: from a list table in $OUT, the Nth column of the row whose first column is KEY.
col() {
  awk -F'|' -v key="$2" -v n="$(( $1 + 1 ))" '{ a = $2; gsub(/^ +| +$/, "", a) }
    a == key { v = $n; gsub(/^ +| +$/, "", v); print v; exit }' <<<"$OUT"
}
# rows: number of data rows in a list table in $OUT (lines starting with "| " after the header).
rows() { awk '/^\| / { n++ } END { print (n > 0 ? n - 1 : 0) }' <<<"$OUT"; }

# wait_status KIND ID WANT: poll `manila show`/`snapshot-show` until status WANT.
wait_status() {
  local cmd="$1" id="$2" want="$3" st deadline=$(( $(date +%s) + POLL_TIMEOUT ))
  while :; do
    m "$cmd" "$id"
    st="$(prop status)"
    [ "$st" = "$want" ] && return 0
    case "$st" in error*) fail "$id went to status '$st' while waiting for '$want'";; esac
    if [ "$(date +%s)" -ge "$deadline" ]; then fail "$id still '$st' after ${POLL_TIMEOUT}s (want '$want')"; fi
    sleep 1
  done
}
# wait_gone KIND ID MSG: poll until the CLI reports that ID no longer exists.
wait_gone() {
  local cmd="$1" id="$2" msg="$3" st deadline=$(( $(date +%s) + POLL_TIMEOUT ))
  while :; do
    if m_try "$cmd" "$id"; then
      st="$(prop status)"
      case "$st" in deleting|available|error|creating) ;; *) fail "$id in unexpected status '$st' while deleting";; esac
    else
      grep -q "$msg" <<<"$OUT" && return 0
      fail "'manila $cmd $id' failed, but not with '$msg'"
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then fail "$id still present ('$st') after ${POLL_TIMEOUT}s"; fi
    sleep 1
  done
}

echo "manila-cli-workflow: url=$SHARESNAP_URL project=$PROJECT user=$USER_NAME run=$RUN ($(manila --version 2>&1))"

# 1. Version discovery: `GET /` must list a CURRENT v2.0 entry (else the CLI drops to 1.0).
step; m api-version
awk -F'|' '{ gsub(/ /, "", $2); gsub(/ /, "", $3) } $2 == "v2.0" && $3 == "CURRENT" { f = 1 } END { exit !f }' <<<"$OUT" \
  || fail "api-version shows no CURRENT v2.0 entry"
ok "api-version lists v2.0 CURRENT (max $(awk -F'|' '{ gsub(/ /, "", $2) } $2 == "v2.0" { gsub(/ /, "", $4); print $4 }' <<<"$OUT"))"

# 2. Share type "default": GET /types; POST /types only when it is missing (real Manila).
step; m type-list --columns id,name
if awk -F'|' '{ gsub(/^ +| +$/, "", $3) } $3 == "default" { f = 1 } END { exit !f }' <<<"$OUT"; then
  ok "type-list shows share type 'default'"
else
  m type-create default false --snapshot-support true --create-share-from-snapshot-support true
  expect Name default
  m type-list --columns id,name
  awk -F'|' '{ gsub(/^ +| +$/, "", $3) } $3 == "default" { f = 1 } END { exit !f }' <<<"$OUT" \
    || fail "share type 'default' not listed after type-create"
  ok "share type 'default' was missing: created it (snapshot_support, create_share_from_snapshot_support)"
fi

# 3. `manila create NFS 1 ... --share-type default`: POST /shares with the type name.
step; m create NFS 1 --name "$SHARE_NAME" --description "workflow share $RUN" --share-type default
SHARE_ID="$(prop id)"
[[ "$SHARE_ID" =~ ^[0-9a-f-]{36}$ ]] || fail "create printed no share id"
expect name "$SHARE_NAME"; expect size 1; expect share_proto NFS
ok "create share $SHARE_ID (status $(prop status))"

# 4. `manila show` polling (GET /shares/ID + /export_locations) until available.
step; wait_status show "$SHARE_ID" available
expect id "$SHARE_ID"
ok "share $SHARE_ID available"

# 5. `manila snapshot-create SHARE --name --description`: GET /shares/ID, POST /snapshots.
step; m snapshot-create "$SHARE_ID" --name "$SNAP_NAME" --description "$SNAP_DESC"
SNAP_ID="$(prop id)"
[[ "$SNAP_ID" =~ ^[0-9a-f-]{36}$ ]] || fail "snapshot-create printed no snapshot id"
expect share_id "$SHARE_ID"; expect name "$SNAP_NAME"; expect description "$SNAP_DESC"
st="$(prop status)"; [ "$st" = creating ] || [ "$st" = available ] || fail "new snapshot status '$st'"
ok "snapshot-create $SNAP_ID (status $st)"

# 6. `manila snapshot-show ID` polling: GET /snapshots/ID + /snapshots/ID/export-locations.
step; wait_status snapshot-show "$SNAP_ID" available
ok "snapshot $SNAP_ID available"

# 7. `manila snapshot-list`: GET /snapshots/detail.
step; m snapshot-list --columns id,name,status,share_id
[ "$(col 2 "$SNAP_ID")" = "$SNAP_NAME" ] || fail "snapshot-list: $SNAP_ID with name $SNAP_NAME not listed"
[ "$(col 3 "$SNAP_ID")" = available ] || fail "snapshot-list: $SNAP_ID not 'available'"
[ "$(col 4 "$SNAP_ID")" = "$SHARE_ID" ] || fail "snapshot-list: $SNAP_ID has wrong share_id"
ok "snapshot-list shows $SNAP_ID ($(rows) row(s))"

# 8. `manila snapshot-list --name N`: GET /snapshots/detail?name=N (exact match).
step; m snapshot-list --name "$SNAP_NAME" --columns id,name
[ "$(rows)" = 1 ] || fail "snapshot-list --name: expected 1 row, got $(rows)"
[ "$(col 2 "$SNAP_ID")" = "$SNAP_NAME" ] || fail "snapshot-list --name: $SNAP_ID not listed"
ok "snapshot-list --name $SNAP_NAME -> 1 row"

# 9. `manila snapshot-list --share-id S`: GET /shares/S, GET /snapshots/detail?share_id=S.
step; m snapshot-list --share-id "$SHARE_ID" --columns id,share_id
[ "$(rows)" = 1 ] || fail "snapshot-list --share-id: expected 1 row, got $(rows)"
[ "$(col 2 "$SNAP_ID")" = "$SHARE_ID" ] || fail "snapshot-list --share-id: $SNAP_ID not listed"
ok "snapshot-list --share-id $SHARE_ID -> 1 row"

# 10. `manila snapshot-show ID`: all the fields the CLI prints.
step; m snapshot-show "$SNAP_ID"
expect id "$SNAP_ID"; expect share_id "$SHARE_ID"; expect name "$SNAP_NAME"
expect description "$SNAP_DESC"; expect status available; expect size 1; expect share_size 1
expect share_proto NFS; expect project_id "$PROJECT"; expect user_id "$USER_NAME"
ok "snapshot-show by id"

# 11. `manila snapshot-show NAME`: GET /snapshots/detail?all_tenants=1 twice (client-side match).
step; m snapshot-show "$SNAP_NAME"
expect id "$SNAP_ID"; expect name "$SNAP_NAME"
ok "snapshot-show by name resolves to $SNAP_ID"

# 12. `manila snapshot-rename ID NEW --description D`: PUT display_name/display_description.
step; m snapshot-rename "$SNAP_ID" "$SNAP_NEW_NAME" --description "$SNAP_NEW_DESC"
m snapshot-show "$SNAP_ID"
expect name "$SNAP_NEW_NAME"; expect description "$SNAP_NEW_DESC"
m snapshot-list --name "$SNAP_NAME" --columns id,name
[ "$(rows)" = 0 ] || fail "old name $SNAP_NAME still listed after rename"
ok "snapshot-rename -> $SNAP_NEW_NAME"

# 13. `manila snapshot-reset-state --state error`: POST action reset_status, synchronous.
step; m snapshot-reset-state --state error "$SNAP_ID"
m snapshot-show "$SNAP_ID"
expect status error
ok "snapshot-reset-state --state error -> status error"

# 14. `manila snapshot-force-delete`: POST action force_delete, then gone (404 on GET).
step; m snapshot-force-delete "$SNAP_ID"
wait_gone snapshot-show "$SNAP_ID" "No sharesnapshot with a name or ID of '$SNAP_ID' exists"
ok "snapshot-force-delete $SNAP_ID, snapshot gone"

# 15. Missing snapshot: GET /snapshots/UUID -> 404, then the client's name lookup fails too.
step
MISSING="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n' | sed -E 's/(.{8})(.{4})(.{4})(.{4})(.{12})/\1-\2-\3-\4-\5/')"
if m_try snapshot-show "$MISSING"; then fail "snapshot-show of random id $MISSING succeeded"; fi
grep -q "No sharesnapshot with a name or ID of '$MISSING' exists" <<<"$OUT" || fail "unexpected error for missing snapshot"
ok "snapshot-show of missing id -> not found"

# 16. A second snapshot, waited for until available.
step; m snapshot-create "$SHARE_ID" --name "$SNAP2_NAME"
SNAP2_ID="$(prop id)"
[[ "$SNAP2_ID" =~ ^[0-9a-f-]{36}$ ]] || fail "snapshot-create printed no snapshot id"
wait_status snapshot-show "$SNAP2_ID" available
expect name "$SNAP2_NAME"
ok "second snapshot $SNAP2_ID available"

# 17. `manila snapshot-delete ID`: GET + DELETE /snapshots/ID (202), then gone.
step; m snapshot-delete "$SNAP2_ID"
wait_gone snapshot-show "$SNAP2_ID" "No sharesnapshot with a name or ID of '$SNAP2_ID' exists"
m snapshot-list --share-id "$SHARE_ID" --columns id
[ "$(rows)" = 0 ] || fail "snapshots of $SHARE_ID still listed after deletes"
ok "snapshot-delete $SNAP2_ID, snapshot gone, share has no snapshots"

# 18. `manila delete ID`: DELETE /shares/ID, then gone.
step; m delete "$SHARE_ID"
wait_gone show "$SHARE_ID" "No share with a name or ID of '$SHARE_ID' exists"
ok "delete share $SHARE_ID, share gone"

echo "manila-cli-workflow: all $STEP_NO steps passed in $(( ($(date +%s%N) - T0) / 1000000 )) ms"
