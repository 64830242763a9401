package dev.sharesnap.api.v2;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Body of {@code PUT /snapshots/{id}}. Manila honours only display_name and display_description;
 * name, description and anything else are ignored (still 200). An explicit null clears the field.
 */
public record UpdateSnapshotRequest(Map<String, String> changes) {

  public static UpdateSnapshotRequest from(JsonNode body) {
    JsonNode s = JsonBodies.entity(body, "snapshot");
    Map<String, String> changes = new LinkedHashMap<>();
    for (String key : new String[] {"display_name", "display_description"}) {
      if (s.has(key)) {
        changes.put(key, JsonBodies.text255(s, key));
      }
    }
    return new UpdateSnapshotRequest(changes);
  }
}
