-- Extension (docs/extensions.md): snapshot schedules per share. A replica fires a schedule by moving its
-- next_run_at forward in the transaction that creates the snapshot (claimed with FOR UPDATE SKIP LOCKED), so
-- no schedule fires twice for one due time.
CREATE TABLE snapshot_schedules (
    id                uuid PRIMARY KEY,
    project_id        varchar(255) NOT NULL,
    user_id           varchar(255) NOT NULL,
    share_id          uuid NOT NULL REFERENCES shares (id) ON DELETE CASCADE,
    name              varchar(255),
    interval_seconds  integer NOT NULL CHECK (interval_seconds > 0),
    retention_count   integer CHECK (retention_count > 0),
    max_age_seconds   integer CHECK (max_age_seconds > 0),
    runs              integer NOT NULL DEFAULT 0,
    next_run_at       timestamp(6) NOT NULL,
    last_run_at       timestamp(6),
    created_at        timestamp(6) NOT NULL
);
CREATE INDEX snapshot_schedules_due_idx ON snapshot_schedules (next_run_at);
CREATE INDEX snapshot_schedules_share_idx ON snapshot_schedules (share_id);

-- The schedule that created a snapshot; pruning only ever touches these.
ALTER TABLE snapshots ADD COLUMN schedule_id uuid;
CREATE INDEX snapshots_schedule_idx ON snapshots (schedule_id, created_at DESC, id DESC)
    WHERE schedule_id IS NOT NULL;
