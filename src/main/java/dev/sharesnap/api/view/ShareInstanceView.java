package dev.sharesnap.api.view;

import dev.sharesnap.api.microversion.ApiVersion;
import dev.sharesnap.api.microversion.Versions;
import dev.sharesnap.domain.Share;
import dev.sharesnap.domain.ShareStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A share's one instance (admin share-instances API), with Manila's keys per microversion: inline
 * export locations before 2.9, access_rules_status from 2.10, replica_state 2.11, share_type_id
 * 2.22, cast_rules_to_readonly 2.30, progress 2.54, updated_at 2.71.
 */
public final class ShareInstanceView {

  private ShareInstanceView() {}

  public static Map<String, Object> detail(Share s, ApiVersion v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id().toString());
    m.put("share_id", s.id().toString());
    m.put("availability_zone", "nova");
    m.put("created_at", Timestamps.format(s.createdAt()));
    m.put("host", s.host());
    m.put("status", s.status());
    m.put("share_network_id", null);
    m.put("share_server_id", null);
    if (!v.atLeast(Versions.SHARE_EXPORT_LOCATIONS_ROUTE)) {
      m.put("export_location", s.exportPath());
      m.put("export_locations", s.exportPath() == null ? List.of() : List.of(s.exportPath()));
    }
    if (v.atLeast(Versions.SHARE_ACCESS_RULES_STATUS)) {
      m.put("access_rules_status", "active");
    }
    if (v.atLeast(Versions.SHARE_REPLICATION)) {
      m.put("replica_state", null);
    }
    if (v.atLeast(Versions.SHARE_INSTANCE_TYPE_ID)) {
      m.put("share_type_id", s.shareTypeId().toString());
    }
    if (v.atLeast(Versions.SHARE_INSTANCE_CAST_RULES)) {
      m.put("cast_rules_to_readonly", false);
    }
    if (v.atLeast(Versions.SHARE_PROGRESS)) {
      m.put("progress", ShareStatus.AVAILABLE.equals(s.status()) ? "100%" : null);
    }
    if (v.atLeast(Versions.SHARE_INSTANCE_UPDATED_AT)) {
      m.put("updated_at", Timestamps.format(s.updatedAt()));
    }
    return m;
  }

  public static Map<String, Object> list(List<Share> all, ApiVersion v) {
    return Map.of("share_instances", all.stream().map(s -> detail(s, v)).toList());
  }
}
