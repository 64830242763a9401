package dev.sharesnap.service;

import dev.sharesnap.domain.ApiException;
import java.util.UUID;

/**
 * Ids from URLs and bodies: anything that is not a UUID names nothing, so it is a 404 as in Manila.
 */
public final class Ids {

  private Ids() {}

  public static UUID parse(String raw, ApiException ifInvalid) {
    try {
      UUID id = UUID.fromString(raw);
      if (!id.toString().equalsIgnoreCase(raw)) {
        throw ifInvalid;
      }
      return id;
    } catch (IllegalArgumentException | NullPointerException e) {
      throw ifInvalid;
    }
  }
}
