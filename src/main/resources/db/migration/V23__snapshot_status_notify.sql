-- Extension (docs/extensions.md): every snapshot status change is announced on channel sharesnap_snapshots at
-- commit, whoever made it (API, task, reset_status, schedule), so every replica can stream it to SSE clients.
CREATE FUNCTION sharesnap_snapshot_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('sharesnap_snapshots', json_build_object(
            'id', OLD.id, 'project_id', OLD.project_id, 'status', 'deleted', 'updated_at', NULL)::text);
        RETURN OLD;
    END IF;
    PERFORM pg_notify('sharesnap_snapshots', json_build_object(
        'id', NEW.id, 'project_id', NEW.project_id, 'status', NEW.status,
        'updated_at', COALESCE(NEW.updated_at, NEW.created_at))::text);
    RETURN NEW;
END
$$;

CREATE TRIGGER snapshots_notify_insert_delete AFTER INSERT OR DELETE ON snapshots
    FOR EACH ROW EXECUTE FUNCTION sharesnap_snapshot_notify();
CREATE TRIGGER snapshots_notify_status AFTER UPDATE OF status ON snapshots
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION sharesnap_snapshot_notify();
