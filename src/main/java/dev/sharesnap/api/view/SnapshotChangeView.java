package dev.sharesnap.api.view;

import dev.sharesnap.domain.SnapshotChange;
import java.util.LinkedHashMap;
import java.util.Map;

/** Extension: the data of one SSE {@code status} event (docs/extensions.md). */
public final class SnapshotChangeView {

  private SnapshotChangeView() {}

  public static Map<String, Object> of(SnapshotChange c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", c.id().toString());
    m.put("project_id", c.projectId());
    m.put("status", c.status());
    m.put("updated_at", Timestamps.format(c.updatedAt()));
    return m;
  }
}
