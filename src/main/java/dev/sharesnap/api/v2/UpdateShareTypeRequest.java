package dev.sharesnap.api.v2;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.service.ShareTypeService;

/**
 * {@code PUT /types/{id}} (2.50+): {@code {"share_type": {"name", "description",
 * "share_type_access:is_public"}}}, at least one of them, with Manila's messages. An empty
 * description clears it.
 */
public final class UpdateShareTypeRequest {

  private UpdateShareTypeRequest() {}

  public static ShareTypeService.TypeUpdate from(JsonNode root) {
    JsonNode t = root.has("share_type") ? root.get("share_type") : root.get("volume_type");
    if (t == null || !t.isObject()) {
      throw ApiException.badRequest(JsonBodies.GENERIC_400);
    }
    String name = JsonBodies.string(t, "name");
    String description = JsonBodies.string(t, "description");
    Boolean isPublic = isPublic(t.get("share_type_access:is_public"));
    if (name != null && name.isBlank()) {
      throw ApiException.badRequest("Share type name cannot be empty.");
    }
    if (name != null && name.length() > 255) {
      throw ApiException.badRequest(
          "Share type name cannot be greater than 255 characters in length.");
    }
    if (description != null && description.length() > 255) {
      throw ApiException.badRequest(
          "Share type description cannot be greater than 255 characters in length.");
    }
    if (name == null && description == null && isPublic == null) {
      throw ApiException.badRequest(
          "Specify share type name, description, share_type_access:is_public or a combination"
              + " thereof.");
    }
    return new ShareTypeService.TypeUpdate(name, description, isPublic);
  }

  /** oslo's strict boolean reading: a JSON boolean or one of its words. */
  private static Boolean isPublic(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    Boolean b = v.isTextual() ? JsonBodies.booleanWord(v.asText()) : null;
    if (b != null) {
      return b;
    }
    throw ApiException.badRequest("share_type_access:is_public has a non-boolean value.");
  }
}
