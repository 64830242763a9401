package dev.sharesnap.api.v2;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharesnap.domain.ApiException;

/** An {@code /action} body: exactly one top-level key naming the action, and its value. */
public record ActionRequest(String name, JsonNode value) {

  public static ActionRequest from(JsonNode body) {
    if (body == null) {
      // Manila ignores a body without a JSON content type, and then finds no action in it.
      throw ApiException.badRequest("There is no such action: None");
    }
    if (!body.isObject() || body.size() != 1) {
      throw ApiException.badRequest("Malformed request body");
    }
    String name = body.fieldNames().next();
    return new ActionRequest(name, body.get(name));
  }

  /** An action name outside its microversion range is a 404, as in Manila. */
  public void requireGate(boolean allowed) {
    if (!allowed) {
      throw ApiException.notFound();
    }
  }
}
