package dev.sharesnap.api.v2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sharesnap.api.microversion.ApiVersion;
import dev.sharesnap.api.microversion.Versions;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.identity.Caller;
import dev.sharesnap.persistence.SnapshotQuery;
import jakarta.ws.rs.core.MultivaluedMap;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Query string of {@code GET /snapshots[/detail]}, read as Manila 15.1 does: like filters and
 * description from 2.36, metadata from 2.73; non-admins keep only name, description, status,
 * share_id, size and metadata filters (the rest is silently dropped); admins see their own project
 * unless all_tenants, and project_id narrows further; no limit means every row.
 */
public final class SnapshotListRequest {

  static final int MAX_LIMIT = 1000;

  /** Parameters that are not filters. */
  private static final Set<String> CONTROL =
      Set.of("limit", "offset", "sort_key", "sort_dir", "all_tenants", "marker", "with_count");

  /** What a non-admin may filter on (Manila's snapshot search options). */
  private static final Set<String> TENANT_FILTERS =
      Set.of(
          "name", "status", "share_id", "size", "name~", "description~", "description", "metadata");

  private static final Set<String> NEWER_FILTERS = Set.of("name~", "description~", "description");
  private static final Map<String, String> SORT_COLUMNS =
      Map.ofEntries(
          Map.entry("id", "id"),
          Map.entry("created_at", "created_at"),
          Map.entry("updated_at", "updated_at"),
          // Manila's soft-deleted rows have it; ours are never listed, so it is null for every row.
          Map.entry("deleted_at", "(NULL::timestamp)"),
          Map.entry("user_id", "user_id"),
          Map.entry("project_id", "project_id"),
          Map.entry("share_id", "share_id"),
          Map.entry("size", "size"),
          Map.entry("share_size", "share_size"),
          Map.entry("share_proto", "share_proto"),
          Map.entry("name", "display_name"),
          Map.entry("display_name", "display_name"),
          Map.entry("description", "display_description"),
          Map.entry("display_description", "display_description"),
          // Manila answers 500 to these two (they live on its instance table); we sort by them.
          Map.entry("status", "status"),
          Map.entry("progress", "progress"));
  private static final ObjectMapper JSON = new ObjectMapper();

  private SnapshotListRequest() {}

  /** The query, or null when a filter can match nothing (an id that is not a UUID). */
  public static SnapshotQuery from(MultivaluedMap<String, String> q, ApiVersion v, Caller caller) {
    boolean admin = caller.isAdmin();
    Map<String, String> f = filters(q, v, admin);
    String sortKey = q.getFirst("sort_key") == null ? "created_at" : q.getFirst("sort_key");
    if (sortKey.isEmpty()) {
      throw ApiException.invalidInput("Wrong 'sort_key' filter provided: ''.");
    }
    String column = SORT_COLUMNS.get(sortKey);
    if (column == null) {
      throw ApiException.invalidInput("Invalid sort key " + sortKey + ".");
    }
    // Zed's paginate_query sorts descending only for exactly "desc"; any other given value is
    // ascending.
    String sortDir = q.getFirst("sort_dir");
    boolean ascending = sortDir != null && !sortDir.equals("desc");
    UUID shareId = uuid(f.get("share_id"));
    UUID id = uuid(f.get("id"));
    if (f.containsKey("share_id") && shareId == null || f.containsKey("id") && id == null) {
      return null;
    }
    String project = admin && q.containsKey("all_tenants") ? null : caller.projectId();
    return new SnapshotQuery(
        project,
        f.get("name"),
        f.get("name~"),
        f.get("description"),
        f.get("description~"),
        f.get("status"),
        shareId,
        integer(f, "size"),
        f.get("project_id"),
        f.get("user_id"),
        id,
        f.get("share_proto"),
        integer(f, "share_size"),
        metadata(f.get("metadata")),
        column,
        ascending,
        limit(q.getFirst("limit")),
        offset(q.getFirst("offset")));
  }

  /** The filters that apply to this caller and version; empty values are Manila's 400. */
  private static Map<String, String> filters(
      MultivaluedMap<String, String> q, ApiVersion v, boolean admin) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String key : q.keySet()) {
      if (CONTROL.contains(key)
          || !admin && !TENANT_FILTERS.contains(key)
          || NEWER_FILTERS.contains(key) && !v.atLeast(Versions.LIKE_FILTERS)
          || key.equals("metadata") && !v.atLeast(Versions.SNAPSHOT_METADATA)) {
        continue;
      }
      String value = q.getFirst(key);
      if (value == null || value.isEmpty() && !key.equals("metadata")) {
        throw ApiException.invalidInput(
            "Wrong '" + dbName(key) + "' filter provided: '" + (value == null ? "" : value) + "'.");
      }
      out.put(key, value);
    }
    return out;
  }

  private static String dbName(String key) {
    return switch (key) {
      case "name" -> "display_name";
      case "description" -> "display_description";
      case "name~" -> "display_name~";
      case "description~" -> "display_description~";
      default -> key;
    };
  }

  /** Manila reads the metadata filter as a Python dict literal: {'k': 'v'} or {"k": "v"}. */
  private static Map<String, String> metadata(String raw) {
    if (raw == null) {
      return null;
    }
    JsonNode node = parse(raw);
    if (node == null) {
      node = parse(raw.replace('\'', '"'));
    }
    if (node == null || !node.isObject()) {
      throw ApiException.badRequest("Invalid value for metadata filter.");
    }
    Map<String, String> out = new LinkedHashMap<>();
    node.properties()
        .forEach(
            e ->
                out.put(
                    e.getKey(),
                    e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
    return out;
  }

  private static JsonNode parse(String s) {
    try {
      return JSON.readTree(s);
    } catch (IOException e) {
      return null;
    }
  }

  private static UUID uuid(String raw) {
    if (raw == null) {
      return null;
    }
    try {
      return UUID.fromString(raw);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static Integer integer(Map<String, String> f, String key) {
    String raw = f.get(key);
    if (raw == null) {
      return null;
    }
    try {
      return Integer.parseInt(raw.trim());
    } catch (NumberFormatException e) {
      // Manila lets the database fail (500); a number that is not one is bad input.
      throw ApiException.invalidInput("Wrong '" + key + "' filter provided: '" + raw + "'.");
    }
  }

  public static Integer limit(String raw) {
    if (raw == null) {
      return null;
    }
    int limit;
    try {
      limit = Integer.parseInt(raw.trim());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("limit param must be an integer");
    }
    if (limit < 0) {
      throw ApiException.badRequest("limit param must be positive");
    }
    return Math.min(limit, MAX_LIMIT);
  }

  public static int offset(String raw) {
    if (raw == null) {
      return 0;
    }
    long offset;
    try {
      offset = Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("offset must be an integer");
    }
    if (offset < 0) {
      throw ApiException.badRequest("offset must be >= 0");
    }
    if (offset > Integer.MAX_VALUE) {
      throw ApiException.badRequest("offset must be <= 2147483647");
    }
    return (int) offset;
  }
}
