#!/bin/bash
# OpenStack's own functional tests for Manila (manila-tempest-plugin) against sharesnap.
#
#   src/test/tempest/run-tempest.sh
#
# Starts, all on 127.0.0.1 and under TEMPEST_DIR: a real Keystone (src/test/keystone/start-keystone.sh,
# with sharesnap registered as the sharev2 endpoint of its catalog), a real NFS-Ganesha server
# (src/test/ganesha/start-ganesha.sh; it serves the mountable snapshots' exports) and the packaged sharesnap
# (target/quarkus-app, built when missing) in keystone mode on its own database with the NFS driver on a
# local directory exported through that Ganesha and Manila's default quotas, then writes tempest.conf and runs
# `tempest run --concurrency TEMPEST_CONCURRENCY --regex TEMPEST_REGEX` (by default the snapshot API tests,
# every manila_tempest_tests.tests.api test whose id says "snapshot", plus the share manage/unmanage tests,
# test_share_manage*: run_manage_unmanage_tests is on since sharesnap manages shares). Tempest makes its own
# projects and users in Keystone (dynamic credentials) as it does against a real cloud.
#
# Prints tempest's summary and writes TEMPEST_DIR/results.txt ("passed N failed N skipped N") plus one line
# per failed test to TEMPEST_DIR/failed.txt and per skipped test to skipped.txt (tempest-run.txt has the reasons).
# Exit status: 0 when no test failed, 1 when one did, 2 when something could not be set up.
#
# tempest.conf's max_api_microversion is TEMPEST_MAX_MICROVERSION, by default 2.71: plugin 1.10 (Debian 12's) was
# written for that API, and its strict key-set checks do not know 2.73's snapshot `metadata` (which real Manila
# 15.1 shows at 2.73, as sharesnap does).
#
# Environment (all optional):
#   TEMPEST_DIR (target/tempest)  TEMPEST_PORT (28895, sharesnap)  KEYSTONE_PORT (19950)  NFS_PORT (19990)
#   TEMPEST_MAX_MICROVERSION (2.71)  TEMPEST_WORKSPACE (sharesnap-tempest: tempest's workspace name, one per
#   concurrent run, since tempest registers them by name in ~/.tempest/workspace.yaml)
#   TEMPEST_DB (sharesnap_tempest)  TEMPEST_REGEX  TEMPEST_CONCURRENCY (2)  TEMPEST_TIMEOUT (build_timeout, 300)
#   TEMPEST_GROUPS (True: run_share_group_tests)  PGHOST/PGPORT/PGUSER (127.0.0.1/5432/postgres)
# Needs the Debian packages tempest and manila-tempest-plugin, python3-keystone (src/test/keystone),
# nfs-ganesha-vfs and dbus (src/test/ganesha), psql.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
DIR="${TEMPEST_DIR:-$ROOT/target/tempest}"
PORT="${TEMPEST_PORT:-28895}"
export KEYSTONE_PORT="${KEYSTONE_PORT:-19950}"
DB="${TEMPEST_DB:-sharesnap_tempest}"
REGEX="${TEMPEST_REGEX:-^manila_tempest_tests\.tests\.api\..*(snapshot|share_manage)}"
CONCURRENCY="${TEMPEST_CONCURRENCY:-2}"
TIMEOUT="${TEMPEST_TIMEOUT:-300}"
GROUPS_ON="${TEMPEST_GROUPS:-True}"
MAX_MV="${TEMPEST_MAX_MICROVERSION:-2.71}"
WORKSPACE="${TEMPEST_WORKSPACE:-sharesnap-tempest}"
export NFS_PORT="${NFS_PORT:-19990}"
# Some plugin tests take their ddt data from a set, so their ids depend on Python's string hashing; stestr
# lists tests in one process and runs them in others, and with random hash seeds the ids differ and those
# tests silently do not run. One fixed seed for every process keeps the ids stable.
export PYTHONHASHSEED=0
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
SVC_PID=""

log() { echo "run-tempest: $*" >&2; }
die() { log "$*"; exit 2; }

for t in tempest psql curl; do command -v "$t" >/dev/null || die "missing $t (apt-get install tempest manila-tempest-plugin)"; done
/usr/bin/python3 -c "import manila_tempest_tests" 2>/dev/null || die "missing manila-tempest-plugin"
mkdir -p "$DIR"
DIR="$(cd "$DIR" && pwd)"

cleanup() {
  if [ -n "$SVC_PID" ]; then kill "$SVC_PID" 2>/dev/null || true; wait "$SVC_PID" 2>/dev/null || true; fi
  "$ROOT/src/test/keystone/stop-keystone.sh" "$DIR/keystone" > /dev/null 2>&1 || true
  "$ROOT/src/test/ganesha/stop-ganesha.sh" "$DIR/ganesha" > /dev/null 2>&1 || true
}
trap cleanup EXIT

[ -f "$ROOT/target/quarkus-app/quarkus-run.jar" ] || (cd "$ROOT" && ./mvnw -B -q package -DskipTests) \
  || die "build failed"

log "starting Keystone on port $KEYSTONE_PORT"
KEYSTONE_SHARE_URL="http://127.0.0.1:$PORT/v2" \
  KEYSTONE_SHARE_V1_URL="http://127.0.0.1:$PORT/v1/%(project_id)s" \
  "$ROOT/src/test/keystone/start-keystone.sh" "$DIR/keystone" > "$DIR/keystone.env" \
  || die "Keystone did not start"
# shellcheck disable=SC1091
. "$DIR/keystone.env"

log "starting NFS-Ganesha on port $NFS_PORT"
"$ROOT/src/test/ganesha/start-ganesha.sh" "$DIR/ganesha" > "$DIR/ganesha.env" || die "Ganesha did not start"
# shellcheck disable=SC1091
. "$DIR/ganesha.env"

log "starting sharesnap on port $PORT (database $DB)"
dropdb --if-exists --force "$DB" && createdb "$DB"
rm -rf "$DIR/nfs" && mkdir -p "$DIR/nfs"
env QUARKUS_HTTP_PORT="$PORT" QUARKUS_HTTP_HOST=127.0.0.1 \
  QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://$PGHOST:$PGPORT/$DB" \
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" SHARESNAP_DB_USER="$PGUSER" \
  SHARESNAP_NFS_ROOT="$DIR/nfs" SHARESNAP_NFS_GANESHA_ENABLED=true \
  SHARESNAP_NFS_GANESHA_DBUS_ADDRESS="$GANESHA_DBUS_ADDRESS" SHARESNAP_NFS_GANESHA_EXPORTS_DIR="$GANESHA_EXPORTS_DIR" \
  SHARESNAP_NFS_EXPORT_HOST="$NFS_HOST" SHARESNAP_AUTH_STRATEGY=keystone \
  SHARESNAP_AUTH_KEYSTONE_URL="$KEYSTONE_URL" SHARESNAP_AUTH_KEYSTONE_USERNAME="$KEYSTONE_SERVICE_USER" \
  SHARESNAP_AUTH_KEYSTONE_PASSWORD="$KEYSTONE_SERVICE_PASSWORD" \
  SHARESNAP_AUTH_KEYSTONE_PROJECT_NAME="$KEYSTONE_SERVICE_PROJECT" \
  java ${TEMPEST_JAVA_OPTS:-} -jar "$ROOT/target/quarkus-app/quarkus-run.jar" > "$DIR/sharesnap.log" 2>&1 &
SVC_PID=$!
for ((i = 0; i < 600; i++)); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/q/health/ready" && break
  kill -0 "$SVC_PID" 2>/dev/null || die "sharesnap exited during start, see $DIR/sharesnap.log"
  sleep 0.5
done
curl -sf -o /dev/null "http://127.0.0.1:$PORT/q/health/ready" || die "sharesnap not ready after 300 s"

# tempest remembers workspaces by name (~/.tempest/workspace.yaml): forget an earlier run's first
tempest workspace remove --name "$WORKSPACE" > /dev/null 2>&1 || true
rm -rf "$DIR/workspace"
tempest init --name "$WORKSPACE" "$DIR/workspace" > "$DIR/tempest-init.txt" 2>&1 \
  || die "tempest init failed: $(tail -3 "$DIR/tempest-init.txt")"
cat > "$DIR/workspace/etc/tempest.conf" <<CONF
[DEFAULT]
log_file = $DIR/tempest.log

[auth]
use_dynamic_credentials = True
admin_username = $KEYSTONE_ADMIN_USER
admin_password = $KEYSTONE_ADMIN_PASSWORD
admin_project_name = $KEYSTONE_ADMIN_PROJECT
admin_domain_name = Default
create_isolated_networks = False

[identity]
uri_v3 = $KEYSTONE_URL
auth_version = v3
region = $KEYSTONE_REGION

[identity-feature-enabled]
api_v2 = False

[service_available]
manila = True
nova = False
cinder = False
glance = False
neutron = False
swift = False

[share]
catalog_type = sharev2
endpoint_type = publicURL
min_api_microversion = 2.0
max_api_microversion = $MAX_MV
multitenancy_enabled = False
enable_protocols = nfs
enable_ip_rules_for_protocols = nfs
enable_user_rules_for_protocols =
enable_cert_rules_for_protocols =
enable_cephx_rules_for_protocols =
enable_ro_access_level_for_protocols = nfs
capability_storage_protocol = NFS
capability_snapshot_support = True
capability_create_share_from_snapshot_support = True
capability_revert_to_snapshot_support = True
capability_mount_snapshot_support = True
run_snapshot_tests = True
run_revert_to_snapshot_tests = True
run_mount_snapshot_tests = True
run_manage_unmanage_snapshot_tests = True
run_manage_unmanage_tests = True
run_share_group_tests = $GROUPS_ON
run_replication_tests = False
run_multiple_share_replicas_tests = False
run_host_assisted_migration_tests = False
run_driver_assisted_migration_tests = False
run_migration_with_preserve_snapshots_tests = False
run_create_share_from_snapshot_in_another_pool_or_az_tests = False
run_share_server_migration_tests = False
run_extend_tests = False
run_shrink_tests = False
run_quota_tests = True
run_ipv6_tests = False
multi_backend = False
suppress_errors_in_cleanup = True
build_timeout = $TIMEOUT
share_creation_retry_number = 0
CONF

log "running tempest (concurrency $CONCURRENCY, regex $REGEX)"
set +e
(cd "$DIR/workspace" && tempest run --concurrency "$CONCURRENCY" --regex "$REGEX") > "$DIR/tempest-run.txt" 2>&1
RC=$?
set -e
(cd "$DIR/workspace" && stestr last --subunit | subunit2csv) > "$DIR/results.csv" 2>/dev/null || true
# test ids hold commas (their [tags]): the status is the third field from the end
count() { awk -F, -v want="$1" 'NR > 1 && $(NF - 2) ~ want {n++} END {print n + 0}' "$DIR/results.csv"; }
names() {
  awk -F, -v want="$1" 'NR > 1 && $(NF - 2) ~ want {sub(/,[^,]*,[^,]*,[^,]*$/, ""); gsub(/^"|"$/, ""); print}' \
    "$DIR/results.csv"
}
PASSED="$(count '^success$')"; FAILED="$(count '^fail')"; SKIPPED="$(count '^skip$')"
names '^fail' > "$DIR/failed.txt"
names '^skip$' > "$DIR/skipped.txt"
echo "passed $PASSED failed $FAILED skipped $SKIPPED" | tee "$DIR/results.txt"
grep -E '^ *- (Passed|Failed|Skipped|Expected|Unexpected)|^Totals|^Sum of' "$DIR/tempest-run.txt" >&2 || true
log "details: $DIR/tempest-run.txt, $DIR/results.csv, $DIR/tempest.log, $DIR/sharesnap.log"
[ "$RC" = 0 ] && [ "$FAILED" = 0 ] && exit 0
exit 1
