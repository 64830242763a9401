#!/bin/bash
# Snapshot workflow driven by the real `openstack share ...` CLI (python-openstackclient
# 6.0.0 + python-manilaclient 4.1.1's OSC plugin, Debian packages) in noauth mode.
#
#   SHARESNAP_URL=http://127.0.0.1:8786 src/test/clients/openstack-cli-workflow.sh
#
# Environment:
#   SHARESNAP_URL  service root, no trailing path        (default http://127.0.0.1:8786)
#   PROJECT        hex project id                         (default: random 32 hex digits)
#   USER_NAME      user id put in the noauth token        (default alice)
#   CMD_TIMEOUT    seconds one CLI call may take          (default 120; OSC's --wait
#                  status polling has no timeout of its own)
#
# noauth: `--os-auth-type admin_token --os-token <user>:<project>` sends that token as
# X-Auth-Token, and `--os-endpoint URL/v2/<project>` replaces the catalog lookup. The OSC
# plugin does NO version discovery: every request carries microversion 2.72 (manilaclient's
# maximum), so the server must accept 2.72 directly. `--wait` polls every 5 s.
# Output is requested as JSON (-f json) and parsed with jq.
# Prints one "OK step ..." line per step; exits non-zero with a message on any mismatch.
set -euo pipefail

SHARESNAP_URL="${SHARESNAP_URL:-http://127.0.0.1:8786}"
SHARESNAP_URL="${SHARESNAP_URL%/}"
PROJECT="${PROJECT:-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')}"
USER_NAME="${USER_NAME:-alice}"
CMD_TIMEOUT="${CMD_TIMEOUT:-120}"

# Keep ambient OpenStack settings (OS_CLOUD, OS_AUTH_URL, OS_SHARE_API_VERSION, ...) out.
while read -r v; do unset "$v"; done < <(compgen -e | grep '^OS_' || true)

for t in openstack jq; do
  command -v "$t" >/dev/null || { echo "FAIL: '$t' not found (run install-clients.sh)" >&2; exit 2; }
done

# Names carry a run id: OSC resolves names through `snapshots/detail?all_tenants=1`, which
# spans every project, so names must be unique across runs.
RUN="$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
SHARE_NAME="osc-share-$RUN"
SNAP_NAME="osc-snap-$RUN"
SNAP_DESC="first snapshot of $RUN"
SNAP_NEW_NAME="osc-snap-renamed-$RUN"
SNAP_NEW_DESC="renamed snapshot of $RUN"
SNAP2_NAME="osc-snap2-$RUN"

OS=(timeout -k 5 "$CMD_TIMEOUT" openstack --os-auth-type admin_token --os-token "$USER_NAME:$PROJECT"
    --os-endpoint "$SHARESNAP_URL/v2/$PROJECT")

OUT=""          # output of the last CLI call (stdout; stderr appended on failure)
STEP_NO=0
T0=$(date +%s%N)

fail() {
  echo "FAIL step $STEP_NO: $*" >&2
  if [ -n "$OUT" ]; then echo "--- last openstack output ---" >&2; echo "$OUT" >&2; echo "---" >&2; fi
  exit 1
}
ok() { echo "OK step $STEP_NO: $* ($(( ($(date +%s%N) - STEP_T) / 1000000 )) ms)"; }
step() { STEP_NO=$((STEP_NO + 1)); STEP_T=$(date +%s%N); }

# o ARGS...: run `openstack ARGS`; fail unless it exits 0. stdout -> $OUT.
ERR_FILE="$(mktemp)"; trap 'rm -f "$ERR_FILE"' EXIT
o() {
  local rc=0
  OUT="$("${OS[@]}" "$@" 2>"$ERR_FILE")" || rc=$?
  if [ "$rc" != 0 ]; then
    OUT="$OUT$(cat "$ERR_FILE")"
    [ "$rc" = 124 ] && fail "'openstack $*' timed out after ${CMD_TIMEOUT}s"
    fail "'openstack $*' exited $rc"
  fi
}
# o_try ARGS...: run it, stdout+stderr -> $OUT, return its exit code.
o_try() {
  local rc=0
  OUT="$("${OS[@]}" "$@" 2>&1)" || rc=$?
  [ "$rc" = 124 ] && fail "'openstack $*' timed out after ${CMD_TIMEOUT}s"
  return $rc
}
# j FILTER: jq -r FILTER on $OUT (fails the step if $OUT is not JSON).
j() { jq -r "$1" <<<"$OUT" 2>/dev/null || fail "output is not the JSON expected (jq '$1')"; }
# expect FILTER VALUE
expect() { local got; got="$(j "$1")"; [ "$got" = "$2" ] || fail "expected $1 = '$2', got '$got'"; }
# expect_gone WHAT ARGS...: the command must fail with OSC's client-side "not found" text.
expect_gone() {
  local what="$1"; shift
  if o_try "$@"; then fail "'openstack $*' still finds the $what"; fi
  grep -q "No $what with a name or ID of" <<<"$OUT" || fail "'openstack $*' failed, but not with 'No $what ...'"
}

echo "openstack-cli-workflow: url=$SHARESNAP_URL project=$PROJECT user=$USER_NAME run=$RUN ($(openstack --version 2>&1))"

# 1. `share type list` (GET /types); create "default" only when it is missing (real Manila).
step; o share type list -f json
if [ "$(j '[.[] | select(.Name == "default")] | length')" = 1 ]; then
  ok "share type list shows 'default'"
else
  o share type create default false --snapshot-support true --create-share-from-snapshot-support true -f json
  expect .name default
  o share type list -f json
  [ "$(j '[.[] | select(.Name == "default")] | length')" = 1 ] || fail "'default' not listed after create"
  ok "share type 'default' was missing: created it"
fi

# 2. `share create NFS 1 --share-type default --wait`: GET /types?all_tenants=1&is_public=all
#    (name -> id), POST /shares with the type id, then GET /shares/ID every 5 s.
step; o share create NFS 1 --name "$SHARE_NAME" --description "workflow share $RUN" \
        --share-type default --wait -f json
SHARE_ID="$(j .id)"
[[ "$SHARE_ID" =~ ^[0-9a-f-]{36}$ ]] || fail "share create printed no id"
expect .status available; expect .name "$SHARE_NAME"; expect .size 1; expect .share_proto NFS
ok "share create --wait $SHARE_ID available"

# 3. `share snapshot create SHARE --name --description --wait`: GET /shares/ID,
#    POST /snapshots, then GET /snapshots/ID every 5 s until available.
step; o share snapshot create "$SHARE_ID" --name "$SNAP_NAME" --description "$SNAP_DESC" --wait -f json
SNAP_ID="$(j .id)"
[[ "$SNAP_ID" =~ ^[0-9a-f-]{36}$ ]] || fail "share snapshot create printed no id"
expect .status available; expect .share_id "$SHARE_ID"; expect .name "$SNAP_NAME"
expect .description "$SNAP_DESC"
ok "share snapshot create --wait $SNAP_ID available"

# 4. `share snapshot list` (GET /snapshots/detail, even without --detail).
step; o share snapshot list -f json
expect "[.[] | select(.ID == \"$SNAP_ID\")][0].Name" "$SNAP_NAME"
ok "share snapshot list shows $SNAP_ID ($(j length) row(s))"

# 5. `share snapshot list --name N` (GET /snapshots/detail?name=N, exact match).
step; o share snapshot list --name "$SNAP_NAME" -f json
expect length 1; expect '.[0].ID' "$SNAP_ID"
ok "share snapshot list --name $SNAP_NAME -> 1 row"

# 6. `share snapshot list --share S --detail` (GET /shares/S, GET /snapshots/detail?share_id=S).
step; o share snapshot list --share "$SHARE_ID" --detail -f json
expect length 1; expect '.[0].ID' "$SNAP_ID"; expect '.[0]."Share ID"' "$SHARE_ID"
expect '.[0].Status' available
ok "share snapshot list --share $SHARE_ID --detail -> 1 row"

# 7. `share snapshot show ID` (GET /snapshots/ID + /snapshots/ID/export-locations).
step; o share snapshot show "$SNAP_ID" -f json
expect .id "$SNAP_ID"; expect .name "$SNAP_NAME"; expect .description "$SNAP_DESC"
expect .status available; expect .share_id "$SHARE_ID"; expect .size 1; expect .share_size 1
expect .share_proto NFS; expect .project_id "$PROJECT"; expect .user_id "$USER_NAME"
expect '.export_locations | type' array
ok "share snapshot show by id"

# 8. `share snapshot show NAME`: GET /snapshots/NAME must 404 (osc_lib tries it as an id
#    first), then GET /snapshots/detail?all_tenants=1 and a client-side name match.
step; o share snapshot show "$SNAP_NAME" -f json
expect .id "$SNAP_ID"
ok "share snapshot show by name resolves to $SNAP_ID"

# 9. `share snapshot set --name --description`: PUT display_name/display_description.
step; o share snapshot set "$SNAP_ID" --name "$SNAP_NEW_NAME" --description "$SNAP_NEW_DESC"
o share snapshot show "$SNAP_ID" -f json
expect .name "$SNAP_NEW_NAME"; expect .description "$SNAP_NEW_DESC"
o share snapshot list --name "$SNAP_NAME" -f json
expect length 0     # the old name no longer matches: the name filter is exact
ok "share snapshot set --name/--description -> $SNAP_NEW_NAME"

# 10. `share snapshot set --status error`: POST action reset_status, visible at once.
step; o share snapshot set "$SNAP_ID" --status error
o share snapshot show "$SNAP_ID" -f json
expect .status error
ok "share snapshot set --status error -> status error"

# 11. `share snapshot delete --force --wait`: POST action force_delete, GET every 5 s to 404.
step; o share snapshot delete --force --wait "$SNAP_ID"
expect_gone sharesnapshot share snapshot show "$SNAP_ID"
ok "share snapshot delete --force --wait $SNAP_ID, snapshot gone"

# 12. Missing snapshot: GET /snapshots/UUID -> 404, list fallback finds nothing -> exit 1.
step
MISSING="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n' | sed -E 's/(.{8})(.{4})(.{4})(.{4})(.{12})/\1-\2-\3-\4-\5/')"
expect_gone sharesnapshot share snapshot show "$MISSING"
ok "share snapshot show of missing id -> not found"

# 13. A second snapshot, created with --wait.
step; o share snapshot create "$SHARE_ID" --name "$SNAP2_NAME" --wait -f json
SNAP2_ID="$(j .id)"
[[ "$SNAP2_ID" =~ ^[0-9a-f-]{36}$ ]] || fail "share snapshot create printed no id"
expect .status available; expect .name "$SNAP2_NAME"
ok "second snapshot $SNAP2_ID available"

# 14. `share snapshot delete --wait`: DELETE /snapshots/ID, GET every 5 s to 404.
step; o share snapshot delete --wait "$SNAP2_ID"
expect_gone sharesnapshot share snapshot show "$SNAP2_ID"
o share snapshot list --share "$SHARE_ID" -f json
expect length 0
ok "share snapshot delete --wait $SNAP2_ID, snapshot gone, share has no snapshots"

# 15. `share delete --wait`: DELETE /shares/ID, GET every 5 s to 404.
step; o share delete --wait "$SHARE_ID"
expect_gone share share show "$SHARE_ID"
ok "share delete --wait $SHARE_ID, share gone"

echo "openstack-cli-workflow: all $STEP_NO steps passed in $(( ($(date +%s%N) - T0) / 1000000 )) ms"
