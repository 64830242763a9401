package dev.sharesnap.api.ext;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharesnap.api.v2.JsonBodies;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.domain.CronExpression;
import dev.sharesnap.service.ScheduleService;

/**
 * Body of {@code POST /v2/sharesnap/shares/{id}/snapshot-schedules}: {@code {"snapshot_schedule":
 * {"name", "interval" (seconds) or "cron" (5 fields) with an optional "time_zone",
 * "retention_count", "max_age" (seconds)}}}; exactly one of interval and cron.
 */
public final class ScheduleRequest {

  private ScheduleRequest() {}

  public static ScheduleService.NewSchedule from(JsonNode body) {
    JsonNode s = JsonBodies.entity(body, "snapshot_schedule");
    JsonNode name = s.get("name");
    if (name != null && !name.isNull() && (!name.isTextual() || name.asText().length() > 255)) {
      throw ApiException.invalidInput("name must be a string of at most 255 characters.");
    }
    Integer interval = positive(s, "interval");
    String cron = text(s, "cron", 255);
    String zone = text(s, "time_zone", 64);
    if (interval == null && cron == null) {
      throw ApiException.badRequest("Required parameter interval not found.");
    }
    if (interval != null && cron != null) {
      throw ApiException.invalidInput("give either interval or cron, not both.");
    }
    if (zone != null && cron == null) {
      throw ApiException.invalidInput("time_zone applies to cron schedules only.");
    }
    return new ScheduleService.NewSchedule(
        name == null || name.isNull() ? null : name.asText(),
        interval,
        cron == null ? null : CronExpression.parse(cron, zone),
        zone,
        positive(s, "retention_count"),
        positive(s, "max_age"));
  }

  /** A non-blank string of at most {@code max} characters, or null when absent. */
  private static String text(JsonNode obj, String field, int max) {
    JsonNode v = obj.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual() || v.asText().isBlank() || v.asText().length() > max) {
      throw ApiException.invalidInput(
          field + " must be a non-empty string of at most " + max + " characters.");
    }
    return v.asText().trim();
  }

  private static Integer positive(JsonNode obj, String field) {
    JsonNode v = obj.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 1) {
      throw ApiException.invalidInput(field + " must be a positive integer.");
    }
    return v.asInt();
  }
}
