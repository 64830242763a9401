package dev.sharesnap.api.ext;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharesnap.api.v2.JsonBodies;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.service.ScheduleService;

/**
 * Body of {@code POST /v2/sharesnap/shares/{id}/snapshot-schedules}: {@code {"snapshot_schedule":
 * {"name", "interval" (seconds, required), "retention_count", "max_age" (seconds)}}}.
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
    if (interval == null) {
      throw ApiException.badRequest("Required parameter interval not found.");
    }
    return new ScheduleService.NewSchedule(
        name == null || name.isNull() ? null : name.asText(),
        interval,
        positive(s, "retention_count"),
        positive(s, "max_age"));
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
