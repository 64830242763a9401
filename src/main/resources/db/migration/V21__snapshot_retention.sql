-- Extension (docs/extensions.md): a snapshot may not be deleted before kept_until (naive UTC); NULL = no retention.
ALTER TABLE snapshots ADD COLUMN kept_until timestamp(6);
CREATE INDEX snapshots_kept_until_idx ON snapshots (kept_until) WHERE kept_until IS NOT NULL;
