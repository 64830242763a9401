package dev.sharesnap.api.view;

import dev.sharesnap.api.microversion.ApiVersion;
import dev.sharesnap.api.microversion.Versions;
import dev.sharesnap.domain.ShareGroup;
import dev.sharesnap.domain.ShareGroupSnapshot;
import dev.sharesnap.domain.ShareGroupType;
import dev.sharesnap.domain.Snapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Views of share group types, share groups and share group snapshots, in Manila's key order; the
 * version gates of all three are here.
 */
public final class ShareGroupView {

  /**
   * The collection names in Manila 15.1's links (its view builders' {@code _collection_name}, not
   * the route names): {@code /share_groups/<id>} and {@code /share_group_snapshot/<id>}.
   */
  private static final String GROUP_LINKS = "share_groups";

  private static final String GROUP_SNAPSHOT_LINKS = "share_group_snapshot";

  private ShareGroupView() {}

  public static Map<String, Object> type(ShareGroupType t, ApiVersion v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id().toString());
    m.put("name", t.name());
    m.put("is_public", t.isPublic());
    m.put("group_specs", t.groupSpecs());
    m.put("share_types", ids(t.shareTypes()));
    if (v.atLeast(Versions.SHARE_GROUP_TYPE_IS_DEFAULT)) {
      // sharesnap configures no default share group type
      m.put("is_default", false);
    }
    return m;
  }

  public static Map<String, Object> groupSummary(ShareGroup g, Links links) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", g.id().toString());
    m.put("name", g.name());
    m.put("links", links.of(GROUP_LINKS, g.id()));
    return m;
  }

  public static Map<String, Object> group(ShareGroup g, ApiVersion v, boolean admin, Links links) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", g.id().toString());
    m.put("name", g.name());
    m.put("created_at", Timestamps.format(g.createdAt()));
    m.put("status", g.status());
    m.put("description", g.description());
    m.put("project_id", g.projectId());
    m.put("host", g.host());
    m.put("share_group_type_id", g.shareGroupTypeId().toString());
    m.put("source_share_group_snapshot_id", string(g.sourceShareGroupSnapshotId()));
    m.put("share_network_id", null);
    m.put("share_types", ids(g.shareTypes()));
    m.put("links", links.of(GROUP_LINKS, g.id()));
    if (v.atLeast(Versions.SHARE_GROUP_AZ)) {
      m.put("availability_zone", "nova");
      m.put("consistent_snapshot_support", g.consistentSnapshotSupport());
    }
    if (admin) {
      m.put("share_server_id", null);
    }
    return m;
  }

  public static Map<String, Object> snapshotSummary(ShareGroupSnapshot s, Links links) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id().toString());
    m.put("name", s.name());
    m.put("links", links.of(GROUP_SNAPSHOT_LINKS, s.id()));
    return m;
  }

  public static Map<String, Object> snapshot(ShareGroupSnapshot s, Links links) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id().toString());
    m.put("name", s.name());
    m.put("created_at", Timestamps.format(s.createdAt()));
    m.put("status", s.status());
    m.put("description", s.description());
    m.put("project_id", s.projectId());
    m.put("share_group_id", s.shareGroupId().toString());
    m.put("members", s.members().stream().map(ShareGroupView::memberBrief).toList());
    m.put("links", links.of(GROUP_SNAPSHOT_LINKS, s.id()));
    return m;
  }

  private static Map<String, Object> memberBrief(Snapshot m) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", m.id().toString());
    out.put("size", m.size());
    out.put("share_id", m.shareId().toString());
    return out;
  }

  /** An entry of {@code GET /share-group-snapshots/{id}/members}. */
  public static Map<String, Object> member(Snapshot m) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", m.id().toString());
    out.put("created_at", Timestamps.format(m.createdAt()));
    out.put("size", m.size());
    out.put("share_protocol", m.shareProto());
    out.put("project_id", m.projectId());
    out.put("share_group_snapshot_id", string(m.shareGroupSnapshotId()));
    out.put("share_id", m.shareId().toString());
    return out;
  }

  private static List<String> ids(List<UUID> ids) {
    return ids.stream().map(UUID::toString).toList();
  }

  private static String string(UUID id) {
    return Objects.toString(id, null);
  }
}
