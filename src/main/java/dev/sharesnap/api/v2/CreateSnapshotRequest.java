package dev.sharesnap.api.v2;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharesnap.api.microversion.ApiVersion;
import dev.sharesnap.api.microversion.Versions;
import dev.sharesnap.domain.ApiException;
import java.time.LocalDateTime;
import java.util.Map;

/**
 * Body of {@code POST /snapshots}. {@code name}/{@code description} win over the legacy display_*
 * keys; {@code force} is accepted and ignored, as in Manila; metadata counts only from 2.73. Manila
 * answers 500 to a body without share_id; we answer 400.
 */
public record CreateSnapshotRequest(
    String shareId,
    String name,
    String description,
    Map<String, String> metadata,
    LocalDateTime keptUntil) {

  /**
   * {@code extensions}: the caller opted in (docs/extensions.md), so {@code kept_until} counts;
   * otherwise it is ignored like any unknown key.
   */
  public static CreateSnapshotRequest from(JsonNode body, ApiVersion version, boolean extensions) {
    JsonNode s = JsonBodies.entity(body, "snapshot");
    JsonNode shareId = s.get("share_id");
    if (shareId == null || shareId.isNull()) {
      throw ApiException.badRequest("Required parameter share_id not found.");
    }
    if (!shareId.isTextual()) {
      throw ApiException.badRequest("Parameter share_id must be a string.");
    }
    String name =
        s.has("name") ? JsonBodies.text255(s, "name") : JsonBodies.text255(s, "display_name");
    String description =
        s.has("description")
            ? JsonBodies.text255(s, "description")
            : JsonBodies.text255(s, "display_description");
    Map<String, String> metadata =
        version.atLeast(Versions.SNAPSHOT_METADATA)
            ? JsonBodies.metadata(s.get("metadata"))
            : Map.of();
    LocalDateTime keptUntil = extensions ? JsonBodies.utcTime(s, "kept_until") : null;
    return new CreateSnapshotRequest(shareId.asText(), name, description, metadata, keptUntil);
  }
}
