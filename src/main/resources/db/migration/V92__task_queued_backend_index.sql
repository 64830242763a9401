-- The queued tasks of each backend in id order, for the claim a snapshot create batch makes in its own
-- insert (the oldest queued tasks of its backends first). tasks_backend_idx holds every task of a
-- backend, running ones too: walking past a few hundred running tasks in every batch cost more than the
-- hand-off saved. A handed-off task is inserted running and never enters this index.
CREATE INDEX tasks_queued_backend_idx ON tasks (backend, id) WHERE status = 'queued';
