-- Access rules of shares (snapshot_id NULL) and of snapshots, Manila's share_access_map and
-- share_snapshot_access_map folded into one table (one instance per share or snapshot here).
CREATE TABLE access_rules (
    id            uuid PRIMARY KEY,
    share_id      uuid NOT NULL REFERENCES shares (id) ON DELETE CASCADE,
    snapshot_id   uuid REFERENCES snapshots (id) ON DELETE CASCADE,
    access_type   varchar(255) NOT NULL,
    access_to     varchar(255) NOT NULL,
    -- access_to in canonical form (10.0.0.1/32 for 10.0.0.1): what duplicates are compared by
    target        varchar(255) NOT NULL,
    access_level  varchar(2) NOT NULL,
    state         varchar(32) NOT NULL,
    metadata      jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at    timestamp(6) NOT NULL,
    updated_at    timestamp(6)
);
-- one rule per client of a share or of a snapshot, so two racing allow_access calls cannot both win
CREATE UNIQUE INDEX access_rules_share_target_uq ON access_rules (share_id, access_type, target)
    WHERE snapshot_id IS NULL;
CREATE UNIQUE INDEX access_rules_snapshot_target_uq ON access_rules (snapshot_id, access_type, target)
    WHERE snapshot_id IS NOT NULL;
CREATE INDEX access_rules_snapshot_idx ON access_rules (snapshot_id) WHERE snapshot_id IS NOT NULL;

-- Export ids given to shares and snapshots per backend (NFS-Ganesha's Export_Id), kept so that a
-- restarted service never gives a live export's id to another share.
CREATE TABLE export_ids (
    backend      varchar(255) NOT NULL,
    export_id    integer NOT NULL,
    resource_id  uuid NOT NULL,
    created_at   timestamp(6) NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
    PRIMARY KEY (backend, export_id),
    UNIQUE (backend, resource_id)
);

-- Where clients mount a snapshot of a share with mount_snapshot_support (Manila's snapshot instance
-- export location); NULL for snapshots that cannot be mounted.
ALTER TABLE snapshots ADD COLUMN export_path varchar(1024);
