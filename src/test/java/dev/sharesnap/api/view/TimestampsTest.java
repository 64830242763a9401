package dev.sharesnap.api.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written timestamp format against the pattern it replaces. */
class TimestampsTest {

  private static final DateTimeFormatter PATTERN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");

  @Test
  void manilasFormatWithMicroseconds() {
    assertEquals(
        "2026-11-30T06:05:09.000123",
        Timestamps.format(LocalDateTime.of(2026, 11, 30, 6, 5, 9, 123_456)));
    assertEquals(
        "0999-01-02T00:00:00.000000", Timestamps.format(LocalDateTime.of(999, 1, 2, 0, 0)));
    assertNull(Timestamps.format(null));
  }

  @Test
  void sameAsThePatternOverManyInstants() {
    Random r = new Random(42);
    for (int i = 0; i < 10_000; i++) {
      LocalDateTime t =
          LocalDateTime.of(
              r.nextInt(10_000),
              1 + r.nextInt(12),
              1 + r.nextInt(28),
              r.nextInt(24),
              r.nextInt(60),
              r.nextInt(60),
              r.nextInt(1_000_000_000));
      assertEquals(PATTERN.format(t), Timestamps.format(t), t.toString());
    }
    for (LocalDateTime t :
        List.of(
            LocalDateTime.of(10_000, 1, 1, 0, 0),
            LocalDateTime.of(0, 1, 1, 0, 0),
            LocalDateTime.of(9999, 12, 31, 23, 59))) {
      assertEquals(PATTERN.format(t), Timestamps.format(t));
    }
  }
}
