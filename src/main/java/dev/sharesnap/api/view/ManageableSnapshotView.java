package dev.sharesnap.api.view;

import dev.sharesnap.domain.ManageableSnapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Extension view of the manageable-snapshots listing, in Cinder's shape: the summary has reference,
 * size, safe_to_manage and source_reference; the detail adds reason_not_safe, the managing
 * snapshot's id (Cinder's {@code cinder_id}) and extra_info. {@code reference} is the body fragment
 * {@code POST /v2/snapshots/manage} takes.
 */
public final class ManageableSnapshotView {

  private ManageableSnapshotView() {}

  public static Map<String, Object> list(List<ManageableSnapshot> all, boolean detail) {
    return Map.of("manageable_snapshots", all.stream().map(m -> entry(m, detail)).toList());
  }

  private static Map<String, Object> entry(ManageableSnapshot m, boolean detail) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("reference", Map.of("provider_location", m.reference()));
    out.put("size", m.size());
    out.put("safe_to_manage", m.safeToManage());
    out.put(
        "source_reference",
        m.sourceReference() == null ? null : Map.of("name", m.sourceReference()));
    if (detail) {
      out.put("reason_not_safe", m.reasonNotSafe());
      out.put("snapshot_id", m.snapshotId() == null ? null : m.snapshotId().toString());
      Map<String, Object> extra = new LinkedHashMap<>();
      extra.put("host", m.host());
      if (m.createdAt() != null) {
        extra.put("created_at", m.createdAt());
      }
      out.put("extra_info", extra);
    }
    return out;
  }
}
