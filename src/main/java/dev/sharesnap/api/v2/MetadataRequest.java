package dev.sharesnap.api.v2;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharesnap.domain.ApiException;
import java.util.Map;

/** Bodies of the snapshot metadata routes: {@code {"metadata": {...}}}. */
public final class MetadataRequest {

  private MetadataRequest() {}

  public static Map<String, String> all(JsonNode body) {
    JsonNode m = body == null || !body.isObject() ? null : body.get("metadata");
    if (m == null || !m.isObject()) {
      throw ApiException.badRequest("Malformed request body");
    }
    return JsonBodies.metadata(m, "Malformed request body");
  }

  public static Map<String, String> item(JsonNode body, String key) {
    Map<String, String> m = all(body);
    if (!m.containsKey(key)) {
      throw ApiException.badRequest("Request body and URI mismatch");
    }
    if (m.size() > 1) {
      throw ApiException.badRequest("Request body contains too many items");
    }
    return m;
  }
}
