package dev.sharesnap.api.v2;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharesnap.api.microversion.ApiVersion;
import dev.sharesnap.api.microversion.Versions;
import dev.sharesnap.domain.ApiException;
import java.util.Map;

/**
 * Body of {@code POST /snapshots/manage} (2.12+). Here, unlike create,
 * display_name/display_description win over name/description (Manila's manage controller reads them
 * in that order). Errors are Manila's 422s.
 */
public record ManageSnapshotRequest(
    String shareId,
    String providerLocation,
    String name,
    String description,
    Map<String, String> metadata) {

  public static ManageSnapshotRequest from(JsonNode body, ApiVersion version) {
    JsonNode s = body == null ? null : body.get("snapshot");
    if (s == null || !s.isObject()) {
      throw ApiException.unprocessable("Snapshot entity not found in request body.");
    }
    String shareId = required(s, "share_id");
    String location = required(s, "provider_location");
    String name =
        s.hasNonNull("display_name")
            ? JsonBodies.text255(s, "display_name")
            : JsonBodies.text255(s, "name");
    String description =
        s.hasNonNull("display_description")
            ? JsonBodies.text255(s, "display_description")
            : JsonBodies.text255(s, "description");
    JsonNode options = s.get("driver_options");
    if (options != null && !options.isNull() && !options.isObject()) {
      throw ApiException.unprocessable("Parameter driver_options must be a dictionary.");
    }
    Map<String, String> metadata =
        version.atLeast(Versions.SNAPSHOT_METADATA)
            ? JsonBodies.metadata(s.get("metadata"))
            : Map.of();
    return new ManageSnapshotRequest(shareId, location, name, description, metadata);
  }

  private static String required(JsonNode s, String field) {
    if (!s.has(field)) {
      throw ApiException.unprocessable("Required parameter " + field + " not found.");
    }
    JsonNode v = s.get(field);
    if (v.isNull() || (v.isTextual() && v.asText().isEmpty())) {
      throw ApiException.unprocessable("Required parameter " + field + " is empty.");
    }
    if (!v.isTextual()) {
      throw ApiException.unprocessable("Parameter " + field + " must be a string.");
    }
    if (v.asText().length() > 255) {
      throw ApiException.unprocessable("Parameter " + field + " can only be 255 characters long.");
    }
    return v.asText();
  }
}
