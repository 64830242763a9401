-- The backend a task acts on (the middle part of its resource's host string), written at enqueue, so
-- that a claim can respect each backend's task concurrency. NULL for rows enqueued before this column:
-- they run under sharesnap.tasks.unassigned-concurrency. The index serves the claim, which walks each
-- backend's tasks in id order.
ALTER TABLE tasks ADD COLUMN backend varchar(255);
CREATE INDEX tasks_backend_idx ON tasks (backend, id);
