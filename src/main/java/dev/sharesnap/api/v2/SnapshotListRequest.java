package dev.sharesnap.api.v2;

import dev.sharesnap.api.microversion.ApiVersion;
import dev.sharesnap.api.microversion.Versions;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.identity.Caller;
import dev.sharesnap.persistence.SnapshotQuery;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.Map;
import java.util.UUID;

/**
 * Query string of {@code GET /snapshots[/detail]}, read as Manila 15.1 does: unknown keys ignored; like
 * filters and description only from 2.36; non-admins lose every filter but name, description, status,
 * share_id and size; admins see their own project unless all_tenants; no limit means every row.
 */
public final class SnapshotListRequest {

  static final int MAX_LIMIT = 1000;
  private static final Map<String, String> SORT_COLUMNS =
      Map.ofEntries(
          Map.entry("id", "id"),
          Map.entry("created_at", "created_at"),
          Map.entry("updated_at", "updated_at"),
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

  private SnapshotListRequest() {}

  /** The query, or null when a filter can match nothing (a share_id that is not a UUID). */
  public static SnapshotQuery from(MultivaluedMap<String, String> q, ApiVersion v, Caller caller) {
    boolean admin = caller.isAdmin();
    boolean like = v.atLeast(Versions.LIKE_FILTERS);
    String project = caller.projectId();
    if (admin && q.getFirst("project_id") != null) {
      project = q.getFirst("project_id");
    } else if (admin && q.containsKey("all_tenants")) {
      // Zed: any all_tenants value from an admin, even an empty one, means every project.
      project = null;
    }
    String sortKey = q.getFirst("sort_key") == null ? "created_at" : q.getFirst("sort_key");
    String column = SORT_COLUMNS.get(sortKey);
    if (column == null) {
      throw ApiException.invalidInput("Invalid sort key " + sortKey + ".");
    }
    String sortDir = q.getFirst("sort_dir");
    UUID shareId = null;
    if (q.getFirst("share_id") != null) {
      try {
        shareId = UUID.fromString(q.getFirst("share_id"));
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return new SnapshotQuery(
        project,
        q.getFirst("name"),
        like ? q.getFirst("name~") : null,
        like ? q.getFirst("description") : null,
        like ? q.getFirst("description~") : null,
        q.getFirst("status"),
        shareId,
        size(q.getFirst("size")),
        column,
        sortDir != null && sortDir.equalsIgnoreCase("asc"),
        limit(q.getFirst("limit")),
        offset(q.getFirst("offset")));
  }

  static Integer limit(String raw) {
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

  static int offset(String raw) {
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

  private static Integer size(String raw) {
    if (raw == null) {
      return null;
    }
    try {
      return Integer.parseInt(raw.trim());
    } catch (NumberFormatException e) {
      throw ApiException.invalidInput("Wrong 'size' filter provided: '" + raw + "'.");
    }
  }
}
