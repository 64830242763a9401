package dev.sharesnap.api.view;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Manila prints naive UTC with microseconds and no zone; gophercloud cannot parse anything else.
 */
public final class Timestamps {

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");

  private Timestamps() {}

  public static String format(LocalDateTime t) {
    return t == null ? null : FORMAT.format(t);
  }
}
