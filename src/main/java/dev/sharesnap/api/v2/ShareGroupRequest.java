package dev.sharesnap.api.v2;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.service.ShareGroupService;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Bodies of {@code POST /share-groups} and {@code PUT /share-groups/{id}}, with Manila's wording.
 */
public final class ShareGroupRequest {

  private static final Set<String> CREATE_FIELDS =
      Set.of(
          "name",
          "description",
          "share_types",
          "share_group_type_id",
          "source_share_group_snapshot_id",
          "share_network_id",
          "availability_zone");

  /** oslo's is_uuid_like: a UUID with or without dashes, any case. */
  private static final Pattern UUID_LIKE =
      Pattern.compile("(?i)[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}");

  private ShareGroupRequest() {}

  public static ShareGroupService.NewGroup create(JsonNode body) {
    JsonNode g = entity(body, "share_group");
    Set<String> invalid = unknown(g, CREATE_FIELDS);
    if (!invalid.isEmpty()) {
      throw ApiException.badRequest("The fields " + pythonSet(invalid) + " are invalid.");
    }
    if (g.has("share_types") && g.has("source_share_group_snapshot_id")) {
      throw ApiException.badRequest(
          "Cannot supply both 'share_types' and 'source_share_group_snapshot_id' attributes.");
    }
    UUID source = null;
    if (g.hasNonNull("source_share_group_snapshot_id")) {
      source =
          uuid(
              g.get("source_share_group_snapshot_id"),
              "The 'source_share_group_snapshot_id' attribute must be a uuid.");
    }
    if (g.hasNonNull("share_network_id")) {
      throw ApiException.invalidInput("The specified share network does not exist.");
    }
    String az = JsonBodies.string(g, "availability_zone");
    if (az != null && !az.isEmpty() && !az.equals("nova")) {
      throw ApiException.notFound("Availability zone " + az + " could not be found.");
    }
    UUID type = null;
    if (g.has("share_group_type_id")) {
      type =
          uuid(g.get("share_group_type_id"), "The 'share_group_type_id' attribute must be a uuid.");
    }
    return new ShareGroupService.NewGroup(
        JsonBodies.text255(g, "name"),
        JsonBodies.text255(g, "description"),
        shareTypes(g.get("share_types")),
        type,
        source);
  }

  /** Empty or absent means "the default share type", as in Manila. */
  private static List<UUID> shareTypes(JsonNode node) {
    if (node == null || node.isNull() || node.isArray() && node.isEmpty()) {
      return null;
    }
    String wrong = "The 'share_types' attribute must be a list of uuids";
    if (!node.isArray()) {
      throw ApiException.badRequest(wrong);
    }
    List<UUID> out = new ArrayList<>();
    node.forEach(n -> out.add(uuid(n, wrong)));
    return out;
  }

  /** Update of name and description ({@code key} is the entity name). */
  public static Map<String, String> update(JsonNode body, String key) {
    JsonNode g = entity(body, key);
    Set<String> invalid = unknown(g, Set.of("name", "description"));
    if (!invalid.isEmpty()) {
      throw ApiException.badRequest(
          "The fields " + pythonSet(invalid) + " are invalid or not allowed to be updated.");
    }
    Map<String, String> changes = new LinkedHashMap<>();
    for (String field : List.of("name", "description")) {
      if (g.has(field)) {
        changes.put(field, JsonBodies.text255(g, field));
      }
    }
    return changes;
  }

  /** The entity under {@code key}; Manila: "'key' is missing from the request body." (400). */
  static JsonNode entity(JsonNode body, String key) {
    JsonNode node = body == null ? null : body.get(key);
    if (node == null || !node.isObject()) {
      throw ApiException.badRequest("'" + key + "' is missing from the request body.");
    }
    return node;
  }

  static UUID uuid(JsonNode node, String message) {
    if (node == null || !node.isTextual() || !UUID_LIKE.matcher(node.asText()).matches()) {
      throw ApiException.badRequest(message);
    }
    String hex = node.asText().replace("-", "");
    return UUID.fromString(
        hex.substring(0, 8)
            + "-"
            + hex.substring(8, 12)
            + "-"
            + hex.substring(12, 16)
            + "-"
            + hex.substring(16, 20)
            + "-"
            + hex.substring(20));
  }

  /** The uuid a list filter names, or null when it names none. */
  static UUID uuidOrNull(String s) {
    return isUuidLike(s) ? uuid(new com.fasterxml.jackson.databind.node.TextNode(s), "") : null;
  }

  static boolean isUuidLike(String s) {
    return s != null && UUID_LIKE.matcher(s).matches();
  }

  private static Set<String> unknown(JsonNode obj, Set<String> allowed) {
    Set<String> out = new TreeSet<>();
    for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        out.add(f);
      }
    }
    return out;
  }

  /** A set as Python prints it ({'a', 'b'}), as Manila's messages show it. */
  private static String pythonSet(Set<String> names) {
    return "{" + String.join(", ", names.stream().map(n -> "'" + n + "'").toList()) + "}";
  }
}
