package dev.sharesnap.api.v2;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharesnap.domain.ApiException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Extra specs to set on a share type ({@code POST /types/{id}/extra_specs}, {@code PUT
 * /types/{id}/extra_specs/{key}}), checked as Manila checks them: keys and values are strings of 1
 * to 255 characters (or JSON booleans, stored as "True"/"False"), the boolean specs must read as
 * booleans, and keys use Manila's key alphabet. {@code specs} holds the stored strings.
 */
public record ExtraSpecsRequest(Map<String, String> specs) {

  /** Manila's required spec and its optional boolean capability specs. */
  private static final Set<String> BOOLEAN_SPECS =
      Set.of(
          "driver_handles_share_servers",
          "snapshot_support",
          "create_share_from_snapshot_support",
          "revert_to_snapshot_support",
          "mount_snapshot_support");

  private static final Pattern IS_PREFIX = Pattern.compile("^<is>\\s*", Pattern.CASE_INSENSITIVE);
  private static final Pattern KEY = Pattern.compile("^[a-zA-Z0-9_:.\\-]+$");

  /** {@code {"extra_specs": {...}}}; anything but an object there is webob's generic 400. */
  public static ExtraSpecsRequest fromBody(JsonNode body) {
    JsonNode specs = body == null ? null : body.get("extra_specs");
    if (specs == null || !specs.isObject()) {
      throw ApiException.badRequest(JsonBodies.GENERIC_400);
    }
    Map<String, String> out = new LinkedHashMap<>();
    specs.properties().forEach(e -> out.put(e.getKey(), valid(e.getKey(), e.getValue())));
    out.keySet().forEach(ExtraSpecsRequest::checkKeyName);
    return new ExtraSpecsRequest(out);
  }

  /** {@code {"<key>": "<value>"}}, exactly the key of the URL. */
  public static ExtraSpecsRequest fromItem(JsonNode body, String key) {
    if (body == null || !body.isObject() || body.isEmpty()) {
      throw ApiException.badRequest("Request body empty");
    }
    if (!body.has(key)) {
      throw ApiException.badRequest("Request body and URI mismatch");
    }
    if (body.size() > 1) {
      throw ApiException.badRequest("Request body contains too many items");
    }
    return new ExtraSpecsRequest(Map.of(key, valid(key, body.get(key))));
  }

  private static String valid(String key, JsonNode value) {
    String stored =
        value.isBoolean()
            ? (value.asBoolean() ? "True" : "False")
            : value.isTextual() ? value.asText() : null;
    boolean ok =
        validString(key)
            && stored != null
            && (value.isBoolean() || validString(stored))
            && (!BOOLEAN_SPECS.contains(key) || readsAsBoolean(stored));
    if (!ok) {
      throw ApiException.badRequest("Invalid extra_spec: " + key + ": " + pythonText(value));
    }
    return stored;
  }

  private static boolean validString(String s) {
    return !s.isEmpty() && s.length() <= 255;
  }

  /** Manila's reading of a boolean spec: "True", "<is> False", "yes", "0", ... */
  static boolean readsAsBoolean(String value) {
    return JsonBodies.booleanWord(IS_PREFIX.matcher(value.trim()).replaceFirst("")) != null;
  }

  private static void checkKeyName(String key) {
    if (!KEY.matcher(key).matches()) {
      throw ApiException.badRequest(
          "Key names can only contain alphanumeric characters, underscores, periods, colons and"
              + " hyphens.");
    }
  }

  /** How Manila's message prints a JSON value (Python's str). */
  private static String pythonText(JsonNode v) {
    if (v.isBoolean()) {
      return v.asBoolean() ? "True" : "False";
    }
    if (v.isNull()) {
      return "None";
    }
    return v.isTextual() ? v.asText() : v.toString();
  }
}
