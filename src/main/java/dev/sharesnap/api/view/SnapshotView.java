package dev.sharesnap.api.view;

import dev.sharesnap.api.microversion.ApiVersion;
import dev.sharesnap.api.microversion.Versions;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.domain.Snapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Snapshot views, pure functions of (snapshot, microversion, caller). Key order and key sets are
 * Manila's: clients and Manila's own tests compare them per version.
 */
public final class SnapshotView {

  private SnapshotView() {}

  public static Map<String, Object> summary(Snapshot s, Links links) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id().toString());
    m.put("name", s.name());
    m.put("links", links.of("snapshots", s.id()));
    return m;
  }

  public static Map<String, Object> detail(
      Snapshot s, ApiVersion v, boolean admin, boolean extensions, Links links) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id().toString());
    m.put("share_id", s.shareId().toString());
    m.put("share_size", s.shareSize());
    m.put("created_at", Timestamps.format(s.createdAt()));
    m.put("status", s.status());
    m.put("name", s.name());
    m.put("description", s.description());
    m.put("size", s.size());
    m.put("share_proto", s.shareProto());
    m.put("links", links.of("snapshots", s.id()));
    if (v.atLeast(Versions.SNAPSHOT_MANAGE) && admin) {
      m.put("provider_location", s.providerLocation());
    }
    if (v.atLeast(Versions.SNAPSHOT_USER_AND_PROJECT)) {
      m.put("user_id", s.userId());
      m.put("project_id", s.projectId());
    }
    if (v.atLeast(Versions.SNAPSHOT_METADATA)) {
      m.put("metadata", s.metadata());
    }
    if (extensions) {
      sharesnapExtensions(s, m);
    }
    return m;
  }

  /**
   * Extension fields (docs/extensions.md), only for callers that sent {@code
   * X-Sharesnap-Extensions: true}: Manila clients compare key sets per microversion and never see
   * them.
   */
  private static void sharesnapExtensions(Snapshot s, Map<String, Object> m) {
    m.put("progress", s.progress());
    m.put("error_reason", s.errorReason());
    m.put("updated_at", Timestamps.format(s.updatedAt()));
    m.put("kept_until", Timestamps.format(s.keptUntil()));
  }

  public static Map<String, Object> one(
      Snapshot s, ApiVersion v, boolean admin, boolean extensions, Links links) {
    return Map.of("snapshot", detail(s, v, admin, extensions, links));
  }

  public static Map<String, Object> list(
      List<Snapshot> all,
      boolean detail,
      ApiVersion v,
      boolean admin,
      boolean extensions,
      Links links,
      Map<String, Object> next) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(
        "snapshots",
        all.stream()
            .map(s -> detail ? detail(s, v, admin, extensions, links) : summary(s, links))
            .toList());
    if (next != null) {
      m.put("share_snapshots_links", List.of(next));
    }
    return m;
  }

  /**
   * A snapshot export location (2.32+): id, path, links; admins also see the instance id (the
   * snapshot's own here) and is_admin_only; the show route adds the times.
   */
  public static Map<String, Object> exportLocation(
      Snapshot s, String path, boolean admin, Links links, boolean withTimes) {
    Map<String, Object> m = new LinkedHashMap<>();
    UUID id = exportLocationId(s);
    m.put("id", id.toString());
    m.put("path", path);
    m.put("links", links.of("share_snapshot_export_locations", id));
    if (admin) {
      m.put("share_snapshot_instance_id", s.id().toString());
      m.put("is_admin_only", false);
    }
    if (withTimes) {
      m.put("created_at", Timestamps.format(s.createdAt()));
      m.put("updated_at", Timestamps.format(s.updatedAt()));
    }
    return m;
  }

  /**
   * {@code {"share_snapshot_export_locations": [...]}}: the snapshot's one location, or none when
   * it has no {@code path} (not mountable, not available).
   */
  public static Map<String, Object> exportLocationList(
      Snapshot s, String path, boolean admin, Links links) {
    return Map.of(
        "share_snapshot_export_locations",
        path == null ? List.of() : List.of(exportLocation(s, path, admin, links, false)));
  }

  /**
   * {@code {"share_snapshot_export_location": {...}}} for {@code locationId}; Manila's 404 when the
   * snapshot has no such location.
   */
  public static Map<String, Object> exportLocationShown(
      Snapshot s, String path, String locationId, boolean admin, Links links) {
    if (path == null || !exportLocationId(s).toString().equals(locationId)) {
      throw ApiException.notFound("NotFound: Resource could not be found.");
    }
    return Map.of("share_snapshot_export_location", exportLocation(s, path, admin, links, true));
  }

  /** One export location per snapshot, with an id derived from the snapshot's. */
  public static UUID exportLocationId(Snapshot s) {
    return UUID.nameUUIDFromBytes(
        ("snapshot-export:" + s.id()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
