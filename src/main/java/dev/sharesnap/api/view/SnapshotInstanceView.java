package dev.sharesnap.api.view;

import dev.sharesnap.domain.Snapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Snapshot instance views, with Manila's keys in Manila's order. */
public final class SnapshotInstanceView {

  private SnapshotInstanceView() {}

  public static Map<String, Object> summary(Snapshot s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id().toString());
    m.put("snapshot_id", s.id().toString());
    m.put("status", s.status());
    return m;
  }

  public static Map<String, Object> detail(Snapshot s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id().toString());
    m.put("snapshot_id", s.id().toString());
    m.put("created_at", Timestamps.format(s.createdAt()));
    m.put("updated_at", Timestamps.format(s.updatedAt()));
    m.put("status", s.status());
    m.put("share_id", s.shareId().toString());
    m.put("share_instance_id", s.shareId().toString());
    m.put("progress", s.progress());
    m.put("provider_location", s.providerLocation());
    return m;
  }

  public static Map<String, Object> summaryList(List<Snapshot> all) {
    List<Map<String, Object>> out = new ArrayList<>(all.size());
    all.forEach(s -> out.add(summary(s)));
    return Map.of("snapshot_instances", out);
  }

  public static Map<String, Object> detailList(List<Snapshot> all) {
    List<Map<String, Object>> out = new ArrayList<>(all.size());
    all.forEach(s -> out.add(detail(s)));
    return Map.of("snapshot_instances", out);
  }
}
