package dev.sharesnap.api.view;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.sharesnap.api.microversion.ApiVersion;
import dev.sharesnap.api.microversion.Versions;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.domain.Snapshot;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Snapshot views, pure functions of (snapshot, microversion, caller). Key order and key sets are
 * Manila's: clients and Manila's own tests compare them per version. Show and the lists are the hot
 * read path: they write their JSON straight to the generator ({@link JsonBody}) instead of building
 * a map per snapshot.
 */
public final class SnapshotView {

  private SnapshotView() {}

  /** {@code {"snapshot": {...}}}: the detail view of one snapshot. */
  public static JsonBody one(
      Snapshot s, ApiVersion v, boolean admin, boolean extensions, Links links) {
    return new JsonBody(
        g -> {
          g.writeStartObject();
          g.writeFieldName("snapshot");
          detail(g, s, v, admin, extensions, links);
          g.writeEndObject();
        });
  }

  /**
   * {@code {"snapshots": [...]}}, summaries or details, with {@code share_snapshots_links} when the
   * page is full ({@code next} not null).
   */
  public static JsonBody list(
      List<Snapshot> all,
      boolean detail,
      ApiVersion v,
      boolean admin,
      boolean extensions,
      Links links,
      Map<String, Object> next) {
    return new JsonBody(
        g -> {
          g.writeStartObject();
          g.writeArrayFieldStart("snapshots");
          for (Snapshot s : all) {
            if (detail) {
              detail(g, s, v, admin, extensions, links);
            } else {
              summary(g, s, links);
            }
          }
          g.writeEndArray();
          if (next != null) {
            g.writeArrayFieldStart("share_snapshots_links");
            Links.write(g, next);
            g.writeEndArray();
          }
          g.writeEndObject();
        });
  }

  private static void summary(JsonGenerator g, Snapshot s, Links links) throws IOException {
    String id = s.id().toString();
    g.writeStartObject();
    g.writeStringField("id", id);
    g.writeStringField("name", s.name());
    links.write(g, "snapshots", id);
    g.writeEndObject();
  }

  private static void detail(
      JsonGenerator g, Snapshot s, ApiVersion v, boolean admin, boolean extensions, Links links)
      throws IOException {
    String id = s.id().toString();
    g.writeStartObject();
    g.writeStringField("id", id);
    g.writeStringField("share_id", s.shareId().toString());
    g.writeNumberField("share_size", s.shareSize());
    g.writeStringField("created_at", Timestamps.format(s.createdAt()));
    g.writeStringField("status", s.status());
    g.writeStringField("name", s.name());
    g.writeStringField("description", s.description());
    g.writeFieldName("size");
    if (s.size() == null) {
      g.writeNull();
    } else {
      g.writeNumber(s.size());
    }
    g.writeStringField("share_proto", s.shareProto());
    links.write(g, "snapshots", id);
    if (v.atLeast(Versions.SNAPSHOT_MANAGE) && admin) {
      g.writeStringField("provider_location", s.providerLocation());
    }
    if (v.atLeast(Versions.SNAPSHOT_USER_AND_PROJECT)) {
      g.writeStringField("user_id", s.userId());
      g.writeStringField("project_id", s.projectId());
    }
    if (v.atLeast(Versions.SNAPSHOT_METADATA)) {
      g.writeFieldName("metadata");
      writeMetadata(g, s.metadata());
    }
    if (extensions) {
      sharesnapExtensions(g, s);
    }
    g.writeEndObject();
  }

  /**
   * Extension fields (docs/extensions.md), only for callers that sent {@code
   * X-Sharesnap-Extensions: true}: Manila clients compare key sets per microversion and never see
   * them.
   */
  private static void sharesnapExtensions(JsonGenerator g, Snapshot s) throws IOException {
    g.writeStringField("progress", s.progress());
    g.writeStringField("error_reason", s.errorReason());
    g.writeStringField("updated_at", Timestamps.format(s.updatedAt()));
    g.writeStringField("kept_until", Timestamps.format(s.keptUntil()));
  }

  private static void writeMetadata(JsonGenerator g, Map<String, String> metadata)
      throws IOException {
    if (metadata == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
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
