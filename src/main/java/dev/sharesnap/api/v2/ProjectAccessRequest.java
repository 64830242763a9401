package dev.sharesnap.api.v2;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharesnap.domain.ApiException;
import java.util.regex.Pattern;

/**
 * The value of an addProjectAccess / removeProjectAccess action: {@code {"project": "<id>"}}, where
 * the id must look like a UUID (with or without dashes), as Manila requires.
 */
public record ProjectAccessRequest(String project) {

  private static final Pattern UUID_LIKE =
      Pattern.compile(
          "^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$");

  public static ProjectAccessRequest from(JsonNode value) {
    if (value == null || !value.isObject()) {
      throw ApiException.badRequest(JsonBodies.GENERIC_400);
    }
    JsonNode project = value.get("project");
    String text = project == null || project.isNull() ? "None" : project.asText();
    if (project == null || !project.isTextual() || !UUID_LIKE.matcher(text).matches()) {
      throw ApiException.badRequest(
          "Bad project format: project is not in proper format (" + text + ")");
    }
    return new ProjectAccessRequest(text);
  }
}
