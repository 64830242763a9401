package dev.sharesnap.api.v2;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharesnap.domain.ApiException;

/**
 * Value of the share action {@code revert}: {@code {"snapshot_id": "<uuid>"}}, with Manila 15.1's
 * texts.
 */
public final class RevertRequest {

  private RevertRequest() {}

  public static String snapshotId(JsonNode value) {
    if (value == null || !value.isObject()) {
      throw ApiException.badRequest("Revert entity not found in request body.");
    }
    JsonNode id = value.get("snapshot_id");
    if (id == null) {
      throw ApiException.badRequest("Required parameter snapshot_id not found.");
    }
    if (id.isNull() || id.asText().isEmpty()) {
      throw ApiException.badRequest("Required parameter snapshot_id is empty.");
    }
    if (!id.isTextual()) {
      throw ApiException.badRequest("Parameter snapshot_id must be a string.");
    }
    return id.asText();
  }
}
