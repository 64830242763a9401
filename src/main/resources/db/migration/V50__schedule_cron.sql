-- Extension (docs/extensions.md): a snapshot schedule fires either every interval_seconds or by a 5-field
-- cron expression evaluated in time_zone (null: UTC). The service computes next_run_at for both; exactly one
-- of the two is set.
ALTER TABLE snapshot_schedules ALTER COLUMN interval_seconds DROP NOT NULL;
ALTER TABLE snapshot_schedules ADD COLUMN cron varchar(255);
ALTER TABLE snapshot_schedules ADD COLUMN time_zone varchar(64);
ALTER TABLE snapshot_schedules ADD CONSTRAINT snapshot_schedules_interval_or_cron
    CHECK ((interval_seconds IS NULL) <> (cron IS NULL));
