package dev.sharesnap.api.v2;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Body of {@code PUT /snapshots/{id}} (plus the opted-in {@code kept_until} extension). Manila
 * honours only display_name and display_description; name, description and anything else are
 * ignored (still 200). An explicit null clears the field.
 */
public record UpdateSnapshotRequest(
    Map<String, String> changes, boolean setsKeptUntil, LocalDateTime keptUntil) {

  /**
   * {@code extensions}: the caller opted in (docs/extensions.md), so {@code kept_until} (a time, or
   * null to remove the retention) counts; otherwise it is ignored like any unknown key.
   */
  public static UpdateSnapshotRequest from(JsonNode body, boolean extensions) {
    JsonNode s = JsonBodies.entity(body, "snapshot");
    boolean setsKeptUntil = extensions && s.has("kept_until");
    LocalDateTime keptUntil = setsKeptUntil ? JsonBodies.utcTime(s, "kept_until") : null;
    Map<String, String> changes = new LinkedHashMap<>();
    for (String key : new String[] {"display_name", "display_description"}) {
      if (s.has(key)) {
        changes.put(key, JsonBodies.text255(s, key));
      }
    }
    return new UpdateSnapshotRequest(changes, setsKeptUntil, keptUntil);
  }
}
