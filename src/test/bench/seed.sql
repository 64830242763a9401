-- Seeds benchmark snapshots straight into sharesnap's schema (V1__initial_schema.sql), fast.
-- Run by run-bench.sh with psql variables:
--   n        snapshots across the bench projects (a multiple of psize)
--   psize    snapshots per project (a multiple of 10); project p holds global numbers p*psize .. p*psize+psize-1
--   delpool  extra available snapshots in the delete project (the DELETE case consumes them)
--   tpl      id of a share created through the API: host and share type are copied from it
-- Layout (deterministic, so cases can name ids without asking the service):
--   project p   = 'be0c' || 28 hex digits of p           (hex, as real Manila's project_id_regex wants)
--   share s     = md5('bench-share-' || s)::uuid, 10 snapshots each (global snapshots 10s .. 10s+9)
--   snapshot g  = md5('bench-snap-' || g)::uuid, name 'snap-' || lpad(g, 7, '0'), created_at descending in g,
--                 status 'error' when g % 100 = 7 (1 %), else 'available'
--   project 'be0c0000000000000000000000000a10': 10 snapshots (the "default page" of a small tenant)
--   project 'be0c00000000000000000000000de1e7': :delpool snapshots for the DELETE case
\set ON_ERROR_STOP on
BEGIN;
CREATE TEMP TABLE bench_tpl ON COMMIT DROP AS SELECT host, share_type_id FROM shares WHERE id = :'tpl';

-- shares: n/10 for the main projects, 1 for the small project, delpool/10 (at least 1) for the delete project
INSERT INTO shares (id, project_id, user_id, display_name, display_description, size, share_proto, share_type_id,
                    status, host, is_public, snapshot_support, create_share_from_snapshot_support,
                    revert_to_snapshot_support, mount_snapshot_support, export_path, metadata, created_at, updated_at)
SELECT md5('bench-share-' || s)::uuid, 'be0c' || lpad(to_hex(s * 10 / :psize), 28, '0'), 'bench',
       'bench-share-' || s, NULL, 1, 'NFS', t.share_type_id, 'available', t.host, false, true, true, false, false,
       NULL, '{}'::jsonb, timestamp '2025-01-01' - s * interval '10 seconds', NULL
FROM generate_series(0, :n / 10 - 1) AS s, bench_tpl t;

INSERT INTO shares (id, project_id, user_id, display_name, size, share_proto, share_type_id, status, host,
                    snapshot_support, create_share_from_snapshot_support, revert_to_snapshot_support,
                    mount_snapshot_support, created_at)
SELECT md5('bench-share-' || x.tag)::uuid, x.project, 'bench', 'bench-share-' || x.tag, 1, 'NFS', t.share_type_id,
       'available', t.host, true, true, false, false, timestamp '2025-01-01'
FROM (VALUES ('small', 'be0c0000000000000000000000000a10'), ('del', 'be0c00000000000000000000000de1e7')) AS x(tag, project),
     bench_tpl t;

-- snapshots of the main projects
INSERT INTO snapshots (id, project_id, user_id, share_id, share_size, size, display_name, display_description,
                       share_proto, status, progress, provider_location, metadata, created_at, updated_at)
SELECT md5('bench-snap-' || g)::uuid, 'be0c' || lpad(to_hex(g / :psize), 28, '0'), 'bench',
       md5('bench-share-' || (g / 10))::uuid, 1, 1, 'snap-' || lpad(g::text, 7, '0'), 'seeded by run-bench.sh',
       'NFS', CASE WHEN g % 100 = 7 THEN 'error' ELSE 'available' END, '100%',
       md5('bench-snap-' || g)::uuid::text, '{}'::jsonb,
       timestamp '2025-01-01' - g * interval '1 second', timestamp '2025-01-01'
FROM generate_series(0, :n - 1) AS g;

-- the small project (10) and the delete pool
INSERT INTO snapshots (id, project_id, user_id, share_id, share_size, size, display_name, display_description,
                       share_proto, status, progress, provider_location, metadata, created_at, updated_at)
SELECT md5('bench-' || x.tag || '-' || g)::uuid, x.project, 'bench', md5('bench-share-' || x.tag)::uuid, 1, 1,
       x.tag || '-' || lpad(g::text, 7, '0'), 'seeded by run-bench.sh', 'NFS', 'available', '100%',
       md5('bench-' || x.tag || '-' || g)::uuid::text, '{}'::jsonb,
       timestamp '2025-01-01' - g * interval '1 second', timestamp '2025-01-01'
FROM (VALUES ('small', 'be0c0000000000000000000000000a10', 10),
             ('del', 'be0c00000000000000000000000de1e7', :delpool)) AS x(tag, project, cnt),
     LATERAL generate_series(0, x.cnt - 1) AS g;
COMMIT;
VACUUM ANALYZE shares;
VACUUM ANALYZE snapshots;
