package dev.sharesnap.domain;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A schedule's cron expression: five fields (minute, hour, day of month, month, day of week) as
 * Unix cron reads them, evaluated in a time zone (UTC unless one is named), so "0 2 * * *" in
 * Europe/Berlin fires at 02:00 Berlin time in winter and summer alike. Parsing and the next-fire
 * computation are cron-utils' (a quarkus-scheduler dependency); times in and out are the service's
 * naive UTC.
 */
public final class CronExpression {

  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  /** Firings looked at when checking the shortest gap between two of them. */
  private static final int GAP_SAMPLES = 10;

  private final String expression;
  private final ZoneId zone;
  private final ExecutionTime execution;

  private CronExpression(String expression, ZoneId zone, ExecutionTime execution) {
    this.expression = expression;
    this.zone = zone;
    this.execution = execution;
  }

  /**
   * Parses {@code expression} in {@code timeZone} (an IANA name such as Europe/Berlin; null is
   * UTC). A bad expression or zone, or one that never fires, is a 400.
   */
  public static CronExpression parse(String expression, String timeZone) {
    ZoneId zone = zone(timeZone);
    Cron cron;
    try {
      cron = PARSER.parse(expression.trim()).validate();
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidInput(
          "cron must be a 5-field cron expression (minute hour day-of-month month day-of-week): "
              + e.getMessage());
    }
    CronExpression out = new CronExpression(expression.trim(), zone, ExecutionTime.forCron(cron));
    if (out.nextAfter(LocalDateTime.now(ZoneOffset.UTC)) == null) {
      throw ApiException.invalidInput("cron expression '" + expression + "' never fires.");
    }
    return out;
  }

  private static ZoneId zone(String timeZone) {
    if (timeZone == null) {
      return ZoneOffset.UTC;
    }
    try {
      return ZoneId.of(timeZone);
    } catch (DateTimeException e) {
      throw ApiException.invalidInput("time_zone '" + timeZone + "' is not a known time zone.");
    }
  }

  /** The first firing strictly after {@code utc} (naive UTC), or null when there is none. */
  public LocalDateTime nextAfter(LocalDateTime utc) {
    Optional<ZonedDateTime> next =
        execution.nextExecution(utc.atZone(ZoneOffset.UTC).withZoneSameInstant(zone));
    return next.map(t -> t.withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime()).orElse(null);
  }

  /** The shortest gap between consecutive firings among the next few after {@code utc}. */
  public Duration shortestGap(LocalDateTime utc) {
    Duration shortest = null;
    LocalDateTime previous = nextAfter(utc);
    for (int i = 0; i < GAP_SAMPLES && previous != null; i++) {
      LocalDateTime next = nextAfter(previous);
      if (next != null) {
        Duration gap = Duration.between(previous, next);
        shortest = shortest == null || gap.compareTo(shortest) < 0 ? gap : shortest;
      }
      previous = next;
    }
    return shortest == null ? Duration.ofDays(365) : shortest;
  }

  public String expression() {
    return expression;
  }
}
