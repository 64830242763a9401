package dev.sharesnap.api.v2;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharesnap.api.microversion.ApiVersion;
import dev.sharesnap.api.microversion.Versions;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.domain.IpNetwork;
import dev.sharesnap.service.AccessService.NewRule;
import java.util.Map;
import java.util.Set;

/**
 * Values of the allow_access / deny_access actions of shares and snapshots, checked with Manila's
 * 400 texts. {@code ip} rules (the NFS backend's CLIENT blocks) and, for shares, {@code cephx}
 * rules (CephFS) are served; the other types Manila knows are refused here with a 400 rather than
 * accepted and left in error, and the service refuses a type the share's backend does not serve.
 */
public final class AccessRequest {

  private static final Set<String> SHARE_TYPES = Set.of("ip", "user", "cert", "cephx");
  private static final Set<String> SNAPSHOT_TYPES = Set.of("ip", "user", "cert");

  /** The whitespace Python's string.printable holds besides the space (Manila's cephx check). */
  private static final String PRINTABLE_SPACE = "\t\n\r\u000b\f";

  private AccessRequest() {}

  /** A share's allow_access: access_level rw (default) or ro, metadata from 2.45. */
  public static NewRule share(JsonNode value, ApiVersion v) {
    require(value, "access_type", "access_to");
    String type = value.get("access_type").asText();
    if (!SHARE_TYPES.contains(type)) {
      throw ApiException.badRequest(
          "Only 'ip', 'user', 'cert' or 'cephx' access types are supported.");
    }
    JsonNode level = value.get("access_level");
    String accessLevel = level == null || level.isNull() ? "rw" : level.asText();
    if (!level(level)) {
      throw ApiException.badRequest(
          "Invalid access rule: Invalid share access level: " + accessLevel + ".");
    }
    Map<String, String> metadata = Map.of();
    JsonNode m = value.get("metadata");
    if (v.atLeast(Versions.SHARE_ACCESS_RULES_ROUTE) && m != null && !m.isNull()) {
      if (!m.isObject()) {
        throw ApiException.badRequest("Invalid metadata.");
      }
      metadata = JsonBodies.metadata(m, "Invalid metadata.");
    }
    String to = value.get("access_to").asText();
    String target = "cephx".equals(type) ? cephxTarget(to) : ipTarget(type, to, v);
    return new NewRule(type, to, target, accessLevel, metadata);
  }

  /** A snapshot's allow_access: always read-only (Manila's snapshot rules have no level). */
  public static NewRule snapshot(JsonNode value, ApiVersion v) {
    require(value, "access_type", "access_to");
    String type = value.get("access_type").asText();
    if (!SNAPSHOT_TYPES.contains(type)) {
      throw ApiException.badRequest("Only 'ip', 'user' or 'cert' access types are supported.");
    }
    String to = value.get("access_to").asText();
    return new NewRule(type, to, ipTarget(type, to, v), "ro", Map.of());
  }

  /** A deny_access value: the rule's id. */
  public static String accessId(JsonNode value) {
    require(value, "access_id");
    return value.get("access_id").asText();
  }

  private static boolean level(JsonNode level) {
    return level == null
        || level.isNull()
        || level.isTextual() && Set.of("rw", "ro").contains(level.asText());
  }

  /**
   * Manila's checks of a cephx id, with its texts; periods are refused so that nobody asks for
   * "client.alice" and gets "client.client.alice". The column holds 255 characters.
   */
  private static String cephxTarget(String id) {
    if (!id.chars().allMatch(c -> c >= 0x20 && c < 0x7f || PRINTABLE_SPACE.indexOf(c) >= 0)) {
      throw ApiException.badRequest("Ceph IDs must consist of ASCII printable characters.");
    }
    if (id.contains(".")) {
      throw ApiException.badRequest("Ceph IDs may not contain periods.");
    }
    if (id.length() > 255) {
      throw ApiException.badRequest("Invalid access rule: a Ceph ID has at most 255 characters.");
    }
    return id;
  }

  private static String ipTarget(String type, String to, ApiVersion v) {
    if (!"ip".equals(type)) {
      throw ApiException.badRequest(
          "Invalid access rule: sharesnap serves only 'ip' and 'cephx' access rules, not '"
              + type
              + "'.");
    }
    try {
      return IpNetwork.canonical(to, v.atLeast(Versions.IPV6_ACCESS));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

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
