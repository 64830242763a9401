#!/bin/bash
# What a NOTIFY inside the API's create transaction costs PostgreSQL, measured with pgbench alone.
#
#   src/test/bench/notify-ab.sh
#
# Builds a database with sharesnap's schema (the Flyway migrations applied with psql, in version order)
# and 16 shares in 16 projects, then replays the statements of one POST /v2/snapshots transaction (share
# row lock, snapshot insert, quota lock and reads, usage upsert, task insert, optional NOTIFY) with pgbench
# (16 clients, prepared statements, synchronous commit as the API's pool has it) in four variants, each
# BENCH_ROUNDS times for BENCH_SECONDS, interleaved so that other load on the machine hits them alike:
#   A  NOTIFY sharesnap_tasks in the transaction + the status trigger (V23) firing on the insert (today)
#   B  neither
#   C  the NOTIFY only (trigger disabled)
#   D  the trigger only (no NOTIFY statement)
# Prints each round's tps and the median per variant. PostgreSQL takes a database-wide lock from the
# pre-commit of a transaction that notified until its commit record is flushed, so such commits queue
# one after the other instead of sharing a WAL flush; B against A shows what that costs here.
#
# Environment: BENCH_DB (sharesnap_notify_ab), BENCH_ROUNDS (5), BENCH_SECONDS (5), BENCH_CONNS (16),
# PGHOST/PGPORT/PGUSER (127.0.0.1/5432/postgres). Drops and recreates BENCH_DB only.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
DB="${BENCH_DB:-sharesnap_notify_ab}"
ROUNDS="${BENCH_ROUNDS:-5}"
SECS="${BENCH_SECONDS:-5}"
CONNS="${BENCH_CONNS:-16}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
sql() { psql -X -v ON_ERROR_STOP=1 -qtA -d "$DB" "$@"; }

dropdb --if-exists --force "$DB" && createdb "$DB"
# V1__x.sql, V2__y.sql, …, V10__z.sql: sort on the version number
for f in $(ls "$ROOT"/src/main/resources/db/migration/V*__*.sql | sed 's/.*\/V\([0-9]*\)__.*/\1 &/' | sort -n | cut -d' ' -f2); do
  sql -f "$f" > /dev/null
done
sql > /dev/null <<'SQL'
INSERT INTO shares (id, project_id, user_id, size, share_proto, share_type_id, status, host, snapshot_support,
                    create_share_from_snapshot_support, revert_to_snapshot_support, mount_snapshot_support,
                    created_at)
  SELECT gen_random_uuid(), 'p' || g, 'bench', 1, 'NFS', (SELECT id FROM share_types LIMIT 1), 'available',
         'bench@nfs#nfs', true, true, false, false, now() AT TIME ZONE 'UTC'
  FROM generate_series(1, 16) g;
CREATE TABLE bench_shares AS SELECT row_number() OVER (ORDER BY project_id)::int AS n, id AS share_id,
  project_id AS project FROM shares;
SQL

cat > "$WORK/notify.sql" <<'SQL'
\set p random(1, 16)
BEGIN;
SELECT s.id, s.project_id, s.status FROM shares s JOIN share_types t ON t.id = s.share_type_id
  WHERE s.id = (SELECT share_id FROM bench_shares WHERE n = :p) FOR UPDATE OF s;
INSERT INTO snapshots (id, project_id, user_id, share_id, share_size, size, share_proto, status, progress, metadata,
  created_at) SELECT gen_random_uuid(), project, 'bench', share_id, 1, 1, 'NFS', 'creating', '0%', '{}',
  now()::timestamp FROM bench_shares WHERE n = :p RETURNING id, project_id, status;
SELECT pg_advisory_xact_lock(1364545364, hashtext('p' || :p));
SELECT resource, hard_limit FROM quotas WHERE project_id = 'p' || :p;
SELECT resource, in_use FROM quota_usages WHERE project_id = 'p' || :p;
INSERT INTO quota_usages (project_id, resource, in_use) VALUES ('p' || :p, 'snapshots', 1)
  ON CONFLICT (project_id, resource) DO UPDATE SET in_use = quota_usages.in_use + 1;
INSERT INTO tasks (kind, resource_id, request_id) VALUES ('bench.noop', gen_random_uuid(), 'bench');
NOTIFY sharesnap_tasks;
COMMIT;
SQL
grep -v '^NOTIFY' "$WORK/notify.sql" > "$WORK/plain.sql"

tps() { pgbench -n -M prepared -c "$CONNS" -j 2 -T "$SECS" -f "$WORK/$1.sql" "$DB" 2>&1 | awk '/^tps/ {printf "%.0f", $3}'; }
trigger() { sql -c "ALTER TABLE snapshots $1 TRIGGER snapshots_notify_insert_delete"; }
declare -A R
for ((r = 1; r <= ROUNDS; r++)); do
  trigger ENABLE
  a="$(tps notify)"; d="$(tps plain)"
  trigger DISABLE
  c="$(tps notify)"; b="$(tps plain)"
  R[A]+="$a "; R[B]+="$b "; R[C]+="$c "; R[D]+="$d "
  echo "notify-ab: round $r: A $a B $b C $c D $d tps" >&2
done
trigger ENABLE
median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{v[NR] = $1} END {print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2)}'; }
echo "| variant | tps per round | median |"
echo "|---|---|---|"
for v in A B C D; do
  case $v in
    A) what="NOTIFY + status trigger (as the API commits today)" ;;
    B) what="no NOTIFY, no trigger" ;;
    C) what="NOTIFY only" ;;
    D) what="status trigger only" ;;
  esac
  echo "| $v: $what | ${R[$v]% } | $(median "${R[$v]}") |"
done
echo "($CONNS clients, ${SECS} s per round, $ROUNDS rounds, $(nproc) cores, load at end $(cut -d' ' -f1-3 /proc/loadavg))"
dropdb --if-exists --force "$DB"
