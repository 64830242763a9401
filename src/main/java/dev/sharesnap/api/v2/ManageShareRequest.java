package dev.sharesnap.api.v2;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharesnap.api.microversion.ApiVersion;
import dev.sharesnap.api.microversion.Versions;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.service.ShareManageService;
import java.util.Locale;

/**
 * Body of {@code POST /shares/manage} (2.7+) and {@code POST /os-share-manage} (before). As
 * Manila's manage controller: a missing entity or required parameter is a 422 (its texts, without a
 * final period), display_name/display_description win over name/description, is_public counts from
 * 2.8 and share_server_id from 2.49. The protocol is only upper-cased here: an unknown one is
 * accepted and the share ends in manage_error, as Manila's scheduler leaves it.
 */
public final class ManageShareRequest {

  private ManageShareRequest() {}

  public static ShareManageService.ManagedShareRequest from(JsonNode body, ApiVersion v) {
    JsonNode s = body == null ? null : body.get("share");
    if (s == null || !s.isObject()) {
      throw ApiException.unprocessable("Share entity not found in request body");
    }
    for (String field : new String[] {"export_path", "service_host", "protocol"}) {
      required(s, field);
    }
    String exportPath = exportPath(s.get("export_path"));
    String host = text(s, "service_host");
    String protocol = text(s, "protocol").toUpperCase(Locale.ROOT);
    if (protocol.length() > 32) {
      throw ApiException.invalidInput("Invalid share protocol provided: " + protocol + ".");
    }
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
    boolean isPublic = v.atLeast(Versions.SHARE_MANAGE_IS_PUBLIC) && isPublic(s.get("is_public"));
    String server =
        v.atLeast(Versions.SHARE_MANAGE_SHARE_SERVER)
            ? JsonBodies.string(s, "share_server_id")
            : null;
    return new ShareManageService.ManagedShareRequest(
        exportPath,
        host,
        protocol,
        JsonBodies.string(s, "share_type"),
        name,
        description,
        isPublic,
        server);
  }

  private static void required(JsonNode s, String field) {
    if (!s.has(field)) {
      throw ApiException.unprocessable("Required parameter " + field + " not found");
    }
    JsonNode v = s.get(field);
    if (v.isNull() || v.isTextual() && v.asText().isEmpty() || v.isContainerNode() && v.isEmpty()) {
      throw ApiException.unprocessable("Required parameter " + field + " is empty");
    }
  }

  /** A string, or (as Manila allows) an export location dictionary with a "path" item. */
  private static String exportPath(JsonNode node) {
    JsonNode path = node.isObject() ? node.get("path") : node;
    if (path == null || !path.isTextual()) {
      throw ApiException.unprocessable(
          "Export path must be a string, or a dictionary with a 'path' item");
    }
    if (path.asText().length() > 1024) {
      throw ApiException.invalidInput("export_path can only be 1024 characters long.");
    }
    return path.asText();
  }

  private static String text(JsonNode s, String field) {
    JsonNode v = s.get(field);
    if (!v.isTextual()) {
      throw ApiException.invalidInput(field + " must be a string.");
    }
    if (v.asText().length() > 255) {
      throw ApiException.invalidInput(field + " can only be 255 characters long.");
    }
    return v.asText();
  }

  /** oslo's strict boolean, as Manila's public-share check reads it. */
  private static boolean isPublic(JsonNode node) {
    if (node == null || node.isNull()) {
      return false;
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    Boolean word = node.isTextual() ? JsonBodies.booleanWord(node.asText()) : null;
    if (word == null) {
      throw ApiException.badRequest(
          "Unrecognized value '"
              + node.asText()
              + "', acceptable values are: '0', '1', 'f', 'false', 'n', 'no', 'off', 'on', 't',"
              + " 'true', 'y', 'yes'");
    }
    return word;
  }
}
