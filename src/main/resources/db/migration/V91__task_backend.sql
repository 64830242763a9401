-- The backend a task acts on (the middle part of its resource's host string), written at enqueue, so
-- that a claim can respect each backend's task concurrency. Rows already queued are filled in below;
-- NULL remains only where the resource row is gone: those run under sharesnap.tasks.unassigned-concurrency. The index serves the claim, which walks each
-- backend's tasks in id order.
ALTER TABLE tasks ADD COLUMN backend varchar(255);
CREATE INDEX tasks_backend_idx ON tasks (backend, id);

-- Tasks queued before this migration get their backend now, the same way enqueue works it out, so they
-- run under their backend's limit at once instead of waiting for the unassigned slots of the sweeps.
UPDATE tasks t SET backend = NULLIF(split_part(split_part(CASE split_part(t.kind, '.', 1)
    WHEN 'share' THEN (SELECT x.host FROM shares x WHERE x.id = t.resource_id)
    WHEN 'snapshot' THEN (SELECT sh.host FROM snapshots x JOIN shares sh ON sh.id = x.share_id
                          WHERE x.id = t.resource_id)
    WHEN 'share_group' THEN (SELECT x.host FROM share_groups x WHERE x.id = t.resource_id)
    WHEN 'share_group_snapshot' THEN (SELECT g.host FROM share_group_snapshots x
                                      JOIN share_groups g ON g.id = x.share_group_id
                                      WHERE x.id = t.resource_id)
  END, '@', 2), '#', 1), '')
WHERE t.backend IS NULL;
