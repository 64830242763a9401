package dev.sharesnap.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Next-fire computation and validation of schedule cron expressions (times are naive UTC). */
class CronExpressionTest {

  @ParameterizedTest(name = "{0} in {1} after {2} -> {3}")
  @CsvSource({
    // every 15 minutes; strictly after, so a due time does not fire twice
    "'*/15 * * * *', , 2030-01-15T10:07:00, 2030-01-15T10:15",
    "'*/15 * * * *', , 2030-01-15T10:15:00, 2030-01-15T10:30",
    "'*/15 * * * *', , 2030-01-15T10:14:59.999999, 2030-01-15T10:15",
    // 02:00 daily in UTC rolls over the day
    "'0 2 * * *', , 2030-01-15T02:00:01, 2030-01-16T02:00",
    // Monday 2030-01-21 (the 15th is a Tuesday)
    "'30 6 * * 1', , 2030-01-15T00:00:00, 2030-01-21T06:30",
    // lists and ranges
    "'0 8-10,17 * * *', , 2030-01-15T10:00:00, 2030-01-15T17:00",
    // month end: 31st skips the 30-day months
    "'0 0 31 * *', , 2030-04-01T00:00:00, 2030-05-31T00:00",
    // a time zone: 01:30 Berlin is 00:30 UTC in winter (CET) and 23:30 UTC the day before in summer
    "'30 1 * * *', Europe/Berlin, 2030-01-15T01:00:00, 2030-01-16T00:30",
    "'30 1 * * *', Europe/Berlin, 2030-07-15T00:00:00, 2030-07-15T23:30",
    "'0 12 * * *', America/New_York, 2030-01-15T00:00:00, 2030-01-15T17:00",
  })
  void nextAfter_isTheFirstFiringStrictlyAfter(
      String cron, String zone, String after, String expected) {
    CronExpression c = CronExpression.parse(cron, zone);
    assertEquals(LocalDateTime.parse(expected), c.nextAfter(LocalDateTime.parse(after)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "'61 * * * *'",
    "'* * *'",
    "'* * * * * *'",
    "'every day'",
    "'0 25 * * *'",
    "'0 0 30 2 *'",
  })
  void parse_ofABadExpression_isA400(String cron) {
    ApiException e = assertThrows(ApiException.class, () -> CronExpression.parse(cron, null));
    assertEquals(400, e.status());
    assertTrue(e.getMessage().startsWith("Invalid input received: cron"), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"Mars/Olympus", "'+99:00'", "Europe/"})
  void parse_withAnUnknownZone_isA400(String zone) {
    ApiException e =
        assertThrows(ApiException.class, () -> CronExpression.parse("0 2 * * *", zone));
    assertEquals(400, e.status());
    assertTrue(e.getMessage().contains("time_zone"), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({
    "'* * * * *', 60",
    "'*/5 * * * *', 300",
    "'0 * * * *', 3600",
    "'0 0,1 * * *', 3600",
  })
  void shortestGap_isTheClosestTwoFirings(String cron, long seconds) {
    assertEquals(
        Duration.ofSeconds(seconds),
        CronExpression.parse(cron, null).shortestGap(LocalDateTime.parse("2030-01-15T10:00:00")));
  }
}
