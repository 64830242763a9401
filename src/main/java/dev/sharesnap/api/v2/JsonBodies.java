package dev.sharesnap.api.v2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.sharesnap.domain.ApiException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads request bodies the way Manila's WSGI layer does: a body counts only with a JSON content
 * type; without one (or empty) the request is malformed (webob's generic 400); JSON that does not
 * parse is "Malformed request body". Also the typed field readers shared by the *Request records.
 */
public final class JsonBodies {

  static final String GENERIC_400 =
      "The server could not comply with the request since it is either malformed or otherwise incorrect.";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonBodies() {}

  /** The parsed body; 400 when it is absent, not JSON, or does not parse. */
  public static JsonNode require(String contentType, String raw) {
    JsonNode body = optional(contentType, raw);
    if (body == null) {
      throw ApiException.badRequest(GENERIC_400);
    }
    return body;
  }

  /** The parsed body, or null when there is none (no JSON content type or empty). */
  public static JsonNode optional(String contentType, String raw) {
    if (!isJson(contentType) || raw == null || raw.isBlank()) {
      return null;
    }
    try {
      JsonNode node = MAPPER.readTree(raw);
      return node == null ? NullNode.getInstance() : node;
    } catch (IOException e) {
      throw ApiException.badRequest("Malformed request body");
    }
  }

  private static final java.util.List<String> TRUE_WORDS =
      java.util.List.of("1", "t", "true", "on", "y", "yes");
  private static final java.util.List<String> FALSE_WORDS =
      java.util.List.of("0", "f", "false", "off", "n", "no");

  /** oslo's strict reading of a boolean word ("True", "yes", "0", ...); null for other text. */
  static Boolean booleanWord(String text) {
    String s = text.trim().toLowerCase();
    return TRUE_WORDS.contains(s) ? Boolean.TRUE : FALSE_WORDS.contains(s) ? Boolean.FALSE : null;
  }

  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String base = contentType.split(";", 2)[0].trim().toLowerCase();
    return base.equals("application/json") || base.endsWith("+json");
  }

  /** An optional string field: absent or null gives null; other types are a 400. */
  static String string(JsonNode obj, String field) {
    JsonNode v = obj.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw ApiException.invalidInput(field + " must be a string.");
    }
    return v.asText();
  }

  /**
   * An optional ISO 8601 time as naive UTC (the service's timestamps): with an offset or {@code Z}
   * it is converted, without one it is taken as UTC. Absent or null gives null.
   */
  static java.time.LocalDateTime utcTime(JsonNode obj, String field) {
    String s = string(obj, field);
    if (s == null) {
      return null;
    }
    try {
      return java.time.OffsetDateTime.parse(s)
          .atZoneSameInstant(java.time.ZoneOffset.UTC)
          .toLocalDateTime()
          .truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    } catch (java.time.format.DateTimeParseException withoutOffset) {
      try {
        return java.time.LocalDateTime.parse(s).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
      } catch (java.time.format.DateTimeParseException e) {
        throw ApiException.invalidInput(
            field + " must be an ISO 8601 time such as 2030-01-31T12:00:00Z.");
      }
    }
  }

  /** An optional string of at most 255 characters (Manila's name and description limit). */
  static String text255(JsonNode obj, String field) {
    String s = string(obj, field);
    if (s != null && s.length() > 255) {
      throw ApiException.invalidInput(field + " can only be 255 characters long.");
    }
    return s;
  }

  /**
   * Snapshot and share metadata in a create body: a value that is not a string is webob's generic
   * 400.
   */
  static Map<String, String> metadata(JsonNode node) {
    return metadata(node, GENERIC_400);
  }

  /**
   * Metadata with Manila's key and value rules; {@code notAString} is the message for a value that
   * is not a string (the metadata routes say "Malformed request body"). A null value counts as
   * blank.
   */
  static Map<String, String> metadata(JsonNode node, String notAString) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isObject()) {
      throw ApiException.badRequest("Malformed request body");
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String key = e.getKey();
      JsonNode value = e.getValue();
      if (key.isEmpty()) {
        throw ApiException.badRequest("Metadata property key is blank.");
      }
      if (key.length() > 255) {
        throw ApiException.badRequest("Metadata property key is greater than 255 characters.");
      }
      if (value != null && !value.isNull() && !value.isTextual()) {
        throw ApiException.badRequest(notAString);
      }
      if (value == null || value.isNull() || value.asText().isEmpty()) {
        throw ApiException.badRequest("Metadata property value is blank.");
      }
      if (value.asText().length() > 1023) {
        throw ApiException.badRequest("Metadata property value is greater than 1023 characters.");
      }
      out.put(key, value.asText());
    }
    return out;
  }

  /**
   * The entity object under {@code key}, or Manila's bare 422 when it is missing or not an object.
   */
  public static JsonNode entity(JsonNode body, String key) {
    JsonNode node = body == null ? null : body.get(key);
    if (node == null || !node.isObject()) {
      throw ApiException.unprocessable();
    }
    return node;
  }
}
