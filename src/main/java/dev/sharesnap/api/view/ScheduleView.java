package dev.sharesnap.api.view;

import dev.sharesnap.domain.SnapshotSchedule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Extension view of a snapshot schedule (docs/extensions.md); a pure function of the schedule. */
public final class ScheduleView {

  private ScheduleView() {}

  public static Map<String, Object> detail(SnapshotSchedule s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id().toString());
    m.put("share_id", s.shareId().toString());
    m.put("project_id", s.projectId());
    m.put("user_id", s.userId());
    m.put("name", s.name());
    m.put("interval", s.intervalSeconds());
    m.put("cron", s.cron());
    m.put("time_zone", s.cron() == null ? null : s.timeZone() == null ? "UTC" : s.timeZone());
    m.put("retention_count", s.retentionCount());
    m.put("max_age", s.maxAgeSeconds());
    m.put("runs", s.runs());
    m.put("next_run_at", Timestamps.format(s.nextRunAt()));
    m.put("last_run_at", Timestamps.format(s.lastRunAt()));
    m.put("created_at", Timestamps.format(s.createdAt()));
    return m;
  }

  public static Map<String, Object> one(SnapshotSchedule s) {
    return Map.of("snapshot_schedule", detail(s));
  }

  public static Map<String, Object> list(List<SnapshotSchedule> all) {
    return Map.of("snapshot_schedules", all.stream().map(ScheduleView::detail).toList());
  }
}
