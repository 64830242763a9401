package dev.sharesnap.api.v2;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharesnap.domain.ApiException;

/** Values of the snapshot allow_access / deny_access actions, checked with Manila's 400 texts. */
public final class AccessRequest {

  private AccessRequest() {}

  public static void require(JsonNode value, String... fields) {
    if (value == null || !value.isObject()) {
      throw ApiException.badRequest("Access data not found in request body.");
    }
    for (String field : fields) {
      JsonNode v = value.get(field);
      if (v == null) {
        throw ApiException.badRequest("Required parameter " + field + " not found.");
      }
      if (v.isNull() || v.isTextual() && v.asText().isEmpty()) {
        throw ApiException.badRequest("Required parameter " + field + " is empty.");
      }
      if (!v.isTextual()) {
        throw ApiException.badRequest("Parameter " + field + " must be a string.");
      }
    }
  }
}
