package dev.sharesnap.api.v2;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharesnap.domain.ApiException;
import java.util.Collection;
import java.util.TreeSet;

/** Body value of the reset_status / os-reset_status actions: {@code {"status": "..."}}. */
public record ResetStatusRequest(String status) {

  public static ResetStatusRequest from(JsonNode value, Collection<String> allowed) {
    JsonNode status = value == null || !value.isObject() ? null : value.get("status");
    if (status == null) {
      throw ApiException.badRequest("Must specify 'status'");
    }
    if (!status.isTextual() || !allowed.contains(status.asText())) {
      throw ApiException.badRequest(
          "Invalid state. Valid states: " + String.join(", ", new TreeSet<>(allowed)) + ".");
    }
    return new ResetStatusRequest(status.asText());
  }
}
