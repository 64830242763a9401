-- The W3C traceparent of the request that enqueued a task (null while tracing is off), so the task's
-- span continues the request's trace even when another replica runs it later.
ALTER TABLE tasks ADD COLUMN trace_parent varchar(64);
