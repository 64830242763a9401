package dev.sharesnap.api.view;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Manila prints naive UTC with microseconds and no zone; gophercloud cannot parse anything else.
 * Every snapshot in a detail list carries one or more of these, so the usual four-digit years are
 * written by hand rather than through {@link DateTimeFormatter}'s general machinery (year 0 and
 * below print as the pattern's year-of-era does).
 */
public final class Timestamps {

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");

  private Timestamps() {}

  public static String format(LocalDateTime t) {
    if (t == null) {
      return null;
    }
    int year = t.getYear();
    if (year < 1 || year > 9999) {
      return FORMAT.format(t);
    }
    char[] c = new char[26];
    digits(c, 0, year, 4);
    c[4] = '-';
    digits(c, 5, t.getMonthValue(), 2);
    c[7] = '-';
    digits(c, 8, t.getDayOfMonth(), 2);
    c[10] = 'T';
    digits(c, 11, t.getHour(), 2);
    c[13] = ':';
    digits(c, 14, t.getMinute(), 2);
    c[16] = ':';
    digits(c, 17, t.getSecond(), 2);
    c[19] = '.';
    digits(c, 20, t.getNano() / 1000, 6);
    return new String(c);
  }

  /** {@code value} as exactly {@code width} decimal digits, zero-padded, at {@code at}. */
  private static void digits(char[] c, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      c[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
