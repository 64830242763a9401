-- Extension (docs/extensions.md): when the periodic reconciliation last scheduled a snapshot for re-reading
-- from its backend. Runs take the least recently synced available snapshots first.
ALTER TABLE snapshots ADD COLUMN synced_at timestamp(6);
CREATE INDEX snapshots_sync_idx ON snapshots (synced_at NULLS FIRST, id) WHERE status = 'available';
