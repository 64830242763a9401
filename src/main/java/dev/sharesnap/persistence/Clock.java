package dev.sharesnap.persistence;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The service's notion of now: naive UTC with microseconds, as Manila stores and prints timestamps.
 */
public final class Clock {

  private Clock() {}

  public static LocalDateTime now() {
    return LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
  }
}
