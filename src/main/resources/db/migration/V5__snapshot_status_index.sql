-- The status filter inside a project (the CSI driver and portals poll by status) read the whole status index;
-- this one serves it in the list's order.
CREATE INDEX snapshots_project_status_created_idx ON snapshots (project_id, status, created_at DESC, id DESC);
