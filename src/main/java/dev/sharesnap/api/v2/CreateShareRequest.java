package dev.sharesnap.api.v2;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharesnap.api.microversion.ApiVersion;
import dev.sharesnap.api.microversion.Versions;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.service.ShareService;
import java.util.Locale;
import java.util.Set;

/**
 * Body of {@code POST /shares}. sharesnap's backends export NFS (nfs) and native CephFS (cephfs).
 */
public final class CreateShareRequest {

  /** What some backend exports; whether the chosen backend does is the registry's check. */
  private static final Set<String> PROTOCOLS = Set.of("NFS", "CEPHFS");

  private CreateShareRequest() {}

  public static ShareService.NewShare from(JsonNode body, ApiVersion v) {
    JsonNode s = JsonBodies.entity(body, "share");
    String proto = JsonBodies.string(s, "share_proto");
    if (proto == null || !PROTOCOLS.contains(proto.toUpperCase(Locale.ROOT))) {
      throw ApiException.invalidInput(
          "Invalid share protocol provided: "
              + proto
              + ". It is either disabled or unsupported. Available"
              + " protocols: ['NFS', 'CEPHFS'].");
    }
    String snapshotId = JsonBodies.string(s, "snapshot_id");
    Integer size = size(s.get("size"), snapshotId != null);
    String name =
        s.has("name") ? JsonBodies.text255(s, "name") : JsonBodies.text255(s, "display_name");
    String description =
        s.has("description")
            ? JsonBodies.text255(s, "description")
            : JsonBodies.text255(s, "display_description");
    String type =
        s.hasNonNull("share_type")
            ? JsonBodies.string(s, "share_type")
            : JsonBodies.string(s, "volume_type");
    JsonNode isPublic = s.get("is_public");
    if (isPublic != null && !isPublic.isNull() && !isPublic.isBoolean()) {
      throw ApiException.invalidInput("is_public must be a boolean.");
    }
    return new ShareService.NewShare(
        proto.toUpperCase(Locale.ROOT),
        size,
        name,
        description,
        type,
        snapshotId,
        isPublic != null && isPublic.asBoolean(false),
        JsonBodies.metadata(s.get("metadata")),
        v.atLeast(Versions.SHARE_FROM_SNAPSHOT_SUPPORT),
        // Manila drops share_group_id below 2.31
        v.atLeast(Versions.SHARE_GROUPS) ? JsonBodies.string(s, "share_group_id") : null);
  }

  private static Integer size(JsonNode node, boolean fromSnapshot) {
    if (node == null || node.isNull()) {
      if (fromSnapshot) {
        return null;
      }
      throw ApiException.invalidInput("Share size 'None' must be an integer and greater than 0.");
    }
    int size;
    if (node.canConvertToInt() && node.isIntegralNumber()) {
      size = node.asInt();
    } else if (node.isTextual() && node.asText().matches("\\d{1,9}")) {
      size = Integer.parseInt(node.asText());
    } else {
      throw ApiException.invalidInput(
          "Share size '" + node.asText() + "' must be an integer and greater than 0.");
    }
    if (size <= 0 && !(fromSnapshot && size == 0)) {
      throw ApiException.invalidInput(
          "Share size '" + size + "' must be an integer and greater than 0.");
    }
    return size;
  }
}
