package dev.sharesnap.api.v2;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.service.ShareGroupTypeService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Bodies of the share group type routes, with Manila's wording. */
public final class ShareGroupTypeRequest {

  private ShareGroupTypeRequest() {}

  public static ShareGroupTypeService.NewGroupType create(JsonNode body) {
    JsonNode t = body == null ? null : body.get("share_group_type");
    if (t == null || !t.isObject()) {
      throw ApiException.badRequest(JsonBodies.GENERIC_400);
    }
    JsonNode types = t.get("share_types");
    if (types == null
        || types.isNull()
        || types.isEmpty()
        || types.isBoolean() && !types.asBoolean()) {
      throw ApiException.badRequest("Supported share types must be provided.");
    }
    JsonNode name = t.get("name");
    if (name == null
        || !name.isTextual()
        || name.asText().isEmpty()
        || name.asText().length() > 255) {
      throw ApiException.badRequest("Share group type name is not valid.");
    }
    JsonNode isPublic = t.get("is_public");
    if (isPublic != null && !isPublic.isNull() && !isPublic.isBoolean()) {
      throw ApiException.invalidInput("is_public must be a boolean.");
    }
    return new ShareGroupTypeService.NewGroupType(
        name.asText(),
        typeNames(types),
        specs(t.get("group_specs"), true),
        isPublic == null || isPublic.isNull() || isPublic.asBoolean());
  }

  private static List<String> typeNames(JsonNode types) {
    List<String> out = new ArrayList<>();
    if (types.isTextual()) {
      out.add(types.asText());
      return out;
    }
    if (!types.isArray()) {
      throw ApiException.badRequest("Supported share types must be provided.");
    }
    for (JsonNode n : types) {
      if (!n.isTextual()) {
        throw ApiException.badRequest("Supported share types must be provided.");
      }
      out.add(n.asText());
    }
    return out;
  }

  /**
   * Group specs: an object of strings. At create a null is no specs; the group-specs route needs an
   * object.
   */
  static Map<String, String> specs(JsonNode node, boolean atCreate) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      if (atCreate) {
        return out;
      }
      throw ApiException.badRequest(JsonBodies.GENERIC_400);
    }
    if (!node.isObject()) {
      throw ApiException.badRequest("Group specs can be either of 'None' or 'dict' types.");
    }
    node.fields()
        .forEachRemaining(
            e -> {
              if (!e.getValue().isTextual()) {
                throw ApiException.badRequest("Group specs keys and values should be strings.");
              }
              out.put(e.getKey(), e.getValue().asText());
            });
    return out;
  }

  /** The group-specs route body {@code {"group_specs": {...}}}. */
  public static Map<String, String> groupSpecs(JsonNode body) {
    return specs(body == null ? null : body.get("group_specs"), false);
  }

  /** The project of {@code addProjectAccess} / {@code removeProjectAccess}. */
  public static String project(JsonNode value) {
    if (value == null || !value.isObject()) {
      throw ApiException.badRequest(JsonBodies.GENERIC_400);
    }
    JsonNode p = value.get("project");
    String project = p == null || p.isNull() ? null : p.asText();
    if (!ShareGroupRequest.isUuidLike(project)) {
      throw ApiException.badRequest("Project value (" + project + ") must be in uuid format.");
    }
    return project;
  }
}
