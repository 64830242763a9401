package dev.sharesnap.api.ext;

import dev.sharesnap.api.v2.SnapshotListRequest;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.service.ManageableSnapshotService.Query;
import dev.sharesnap.service.ManageableSnapshotService.SortKey;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Query string of {@code GET /v2/sharesnap/manageable_snapshots[/detail]}, read as Cinder reads its
 * manageable listings: {@code sort_keys} (reference, size; default reference) and {@code sort_dirs}
 * (asc, desc; default desc), each comma-separated or repeated, a key without a direction taking the
 * default; {@code limit}, {@code offset} and {@code marker} (a reference); {@code host} ({@code
 * host@backend[#pool]}). Unknown keys or directions, more directions than keys and bad numbers are
 * 400s, where Cinder answers the same.
 */
final class ManageableSnapshotRequest {

  private ManageableSnapshotRequest() {}

  static Query from(MultivaluedMap<String, String> q) {
    List<SortKey> keys = new ArrayList<>();
    for (String k : values(q, "sort_keys")) {
      keys.add(sortKey(k));
    }
    List<Boolean> ascending = new ArrayList<>();
    for (String d : values(q, "sort_dirs")) {
      ascending.add(ascending(d));
    }
    if (keys.isEmpty()) {
      keys.add(SortKey.REFERENCE);
    }
    if (ascending.size() > keys.size()) {
      throw ApiException.badRequest(
          "Invalid input received: Sort direction array size exceeds sort key array size.");
    }
    while (ascending.size() < keys.size()) {
      ascending.add(false);
    }
    String marker = q.getFirst("marker");
    if (marker != null && marker.isEmpty()) {
      throw ApiException.badRequest("Invalid input received: marker must not be empty.");
    }
    String host = q.getFirst("host");
    if (host != null && host.isBlank()) {
      throw ApiException.badRequest("Invalid input received: host must not be empty.");
    }
    return new Query(
        host,
        List.copyOf(keys),
        List.copyOf(ascending),
        SnapshotListRequest.limit(q.getFirst("limit")),
        SnapshotListRequest.offset(q.getFirst("offset")),
        marker);
  }

  /** Every value of a parameter, repeated or comma-separated; an empty item is bad input. */
  private static List<String> values(MultivaluedMap<String, String> q, String name) {
    List<String> out = new ArrayList<>();
    for (String raw : q.getOrDefault(name, List.of())) {
      for (String item : raw.split(",", -1)) {
        if (item.isBlank()) {
          throw ApiException.badRequest("Invalid input received: empty item in " + name + ".");
        }
        out.add(item.trim());
      }
    }
    return out;
  }

  private static SortKey sortKey(String key) {
    return switch (key) {
      case "reference" -> SortKey.REFERENCE;
      case "size" -> SortKey.SIZE;
      default ->
          throw ApiException.badRequest("Invalid input received: Invalid sort keys passed: " + key);
    };
  }

  private static boolean ascending(String dir) {
    return switch (dir.toLowerCase(Locale.ROOT)) {
      case "asc" -> true;
      case "desc" -> false;
      default ->
          throw ApiException.badRequest("Invalid input received: Invalid sort dirs passed: " + dir);
    };
  }
}
