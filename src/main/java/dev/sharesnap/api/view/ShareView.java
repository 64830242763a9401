package dev.sharesnap.api.view;

import dev.sharesnap.api.microversion.ApiVersion;
import dev.sharesnap.api.microversion.Versions;
import dev.sharesnap.domain.Share;
import dev.sharesnap.domain.ShareStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Share views per microversion, in Manila's key order (see docs/api-versions.md for the gates). */
public final class ShareView {

  private ShareView() {}

  public static Map<String, Object> summary(Share s, Links links) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id().toString());
    m.put("name", s.name());
    m.put("links", links.of("shares", s.id()));
    return m;
  }

  public static Map<String, Object> detail(Share s, ApiVersion v, boolean admin, Links links) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id().toString());
    m.put("size", s.size());
    m.put("availability_zone", "nova");
    m.put("created_at", Timestamps.format(s.createdAt()));
    m.put("status", status(s, v));
    m.put("name", s.name());
    m.put("description", s.description());
    m.put("project_id", s.projectId());
    m.put("snapshot_id", s.snapshotId() == null ? null : s.snapshotId().toString());
    m.put("share_network_id", null);
    m.put("share_proto", s.shareProto());
    boolean inlineExports = !v.atLeast(Versions.SHARE_EXPORT_LOCATIONS_ROUTE);
    if (inlineExports) {
      m.put("export_location", s.exportPath());
    }
    m.put("metadata", s.metadata());
    // Before 2.6 share_type holds the type's name; from 2.6 its id, and the name moves to
    // share_type_name.
    m.put(
        "share_type",
        v.atLeast(Versions.SHARE_TYPE_NAME) ? s.shareTypeId().toString() : s.shareTypeName());
    m.put("volume_type", s.shareTypeName());
    m.put("links", links.of("shares", s.id()));
    m.put("is_public", s.isPublic());
    if (inlineExports) {
      m.put("export_locations", s.exportPath() == null ? List.of() : List.of(s.exportPath()));
    }
    if (v.atLeast(Versions.SHARE_SNAPSHOT_SUPPORT)) {
      m.put("snapshot_support", s.snapshotSupport());
    }
    if (v.atLeast(Versions.SHARE_TASK_STATE)) {
      m.put("task_state", null);
    }
    if (v.atLeast(Versions.SHARE_TYPE_NAME)) {
      m.put("share_type_name", s.shareTypeName());
    }
    if (v.atLeast(Versions.SHARE_ACCESS_RULES_STATUS)) {
      m.put("access_rules_status", "active");
    }
    if (v.atLeast(Versions.SHARE_REPLICATION)) {
      m.put("replication_type", null);
      m.put("has_replicas", false);
    }
    if (v.atLeast(Versions.SHARE_USER_ID)) {
      m.put("user_id", s.userId());
    }
    if (v.atLeast(Versions.SHARE_FROM_SNAPSHOT_SUPPORT)) {
      m.put("create_share_from_snapshot_support", s.createShareFromSnapshotSupport());
    }
    if (v.atLeast(Versions.REVERT_TO_SNAPSHOT)) {
      m.put("revert_to_snapshot_support", s.revertToSnapshotSupport());
    }
    if (v.atLeast(Versions.SHARE_GROUPS)) {
      m.put("share_group_id", s.shareGroupId());
      m.put("source_share_group_snapshot_member_id", s.sourceShareGroupSnapshotMemberId());
    }
    if (v.atLeast(Versions.MOUNTABLE_SNAPSHOTS)) {
      m.put("mount_snapshot_support", s.mountSnapshotSupport());
    }
    if (v.atLeast(Versions.SHARE_PROGRESS)) {
      m.put("progress", ShareStatus.AVAILABLE.equals(s.status()) ? "100%" : s.progress());
    }
    if (v.atLeast(Versions.SHARE_RECYCLE_BIN)) {
      m.put("is_soft_deleted", false);
      m.put("scheduled_to_be_deleted_at", null);
    }
    if (admin) {
      m.put("share_server_id", null);
      m.put("host", s.host());
    }
    return m;
  }

  private static String status(Share s, ApiVersion v) {
    boolean hidden =
        ShareStatus.CREATING_FROM_SNAPSHOT.equals(s.status())
            && !v.atLeast(Versions.SHARE_PROGRESS);
    return hidden ? ShareStatus.CREATING : s.status();
  }

  /** The share's export locations; an NFS share has one, with an id derived from the share's. */
  public static List<Map<String, Object>> exportLocations(Share s, ApiVersion v, boolean admin) {
    if (s.exportPath() == null) {
      return List.of();
    }
    return List.of(exportLocation(s, v, admin, false));
  }

  public static Map<String, Object> exportLocation(
      Share s, ApiVersion v, boolean admin, boolean withTimes) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", exportLocationId(s).toString());
    m.put("path", s.exportPath());
    if (withTimes) {
      m.put("created_at", Timestamps.format(s.createdAt()));
      m.put("updated_at", Timestamps.format(s.updatedAt()));
    }
    m.put("preferred", true);
    if (admin) {
      m.put("share_instance_id", s.id().toString());
      m.put("is_admin_only", false);
    }
    return m;
  }

  public static UUID exportLocationId(Share s) {
    return UUID.nameUUIDFromBytes(
        ("export:" + s.id()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
