package dev.sharesnap.extensions;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharesnap.support.Api;
import dev.sharesnap.support.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Cron snapshot schedules through the HTTP API on the real NFS backend. Waiting for a real minute
 * is too slow, so the end-to-end test moves the schedule's due time into the past in the database
 * (as if the clock had reached it); the poller, the claim, the snapshot and the next-fire
 * computation are the real ones.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class SnapshotCronScheduleTest {

  @Inject Pool pool;

  private static String route(Api api, String share) {
    return "/v2/sharesnap/shares/" + share + "/snapshot-schedules";
  }

  @Test
  void cronSchedule_firesWhenDue_createsAnAvailableSnapshot_andSetsTheNextMinute() {
    Api api = Api.admin();
    String share = api.share();
    String id =
        api.json(
                Map.of(
                    "snapshot_schedule",
                    Map.of("name", "cron", "cron", "* * * * *", "retention_count", 2)))
            .post(route(api, share))
            .then()
            .statusCode(200)
            .body("snapshot_schedule.cron", equalTo("* * * * *"))
            .body("snapshot_schedule.time_zone", equalTo("UTC"))
            .body("snapshot_schedule.interval", nullValue())
            .body("snapshot_schedule.runs", equalTo(0))
            .body("snapshot_schedule.next_run_at", containsString(":00.000000"))
            .extract()
            .path("snapshot_schedule.id");

    pool.preparedQuery(
            "UPDATE snapshot_schedules SET next_run_at = next_run_at - interval '2 minutes'"
                + " WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(id)))
        .await()
        .atMost(Duration.ofSeconds(30));

    String snap = SnapshotScheduleTest.awaitSnapshotNamed(api, share, "cron-000001");
    api.awaitStatus("/snapshots/" + snap, "snapshot", "available");
    api.req()
        .get(api.url("/snapshots/" + snap))
        .then()
        .body("snapshot.description", equalTo("Created by snapshot schedule " + id + "."));

    Map<String, Object> s =
        api.req()
            .get(route(api, share))
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getMap("snapshot_schedules[0]");
    assertEquals(1, s.get("runs"), s.toString());
    LocalDateTime last = LocalDateTime.parse((String) s.get("last_run_at"));
    LocalDateTime next = LocalDateTime.parse((String) s.get("next_run_at"));
    assertEquals(0, next.getSecond(), s.toString());
    assertEquals(0, next.getNano(), s.toString());
    assertTrue(next.isAfter(last) && !next.isAfter(last.plusMinutes(1)), s.toString());
  }

  @Test
  void cronInAZone_isKept_andItsFirstRunIsItsFirstTime() {
    Api api = Api.admin();
    String share = api.share();
    api.json(
            Map.of("snapshot_schedule", Map.of("cron", "30 1 * * *", "time_zone", "Europe/Berlin")))
        .post(route(api, share))
        .then()
        .statusCode(200)
        .body("snapshot_schedule.time_zone", equalTo("Europe/Berlin"))
        .body("snapshot_schedule.next_run_at", containsString(":30:00.000000"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"cron\": \"61 * * * *\"} | Invalid input received: cron must be a 5-field cron expression",
        "{\"cron\": \"0 0 30 2 *\"} | never fires",
        "{\"cron\": \"\"} | cron must be a non-empty string",
        "{\"cron\": 5} | cron must be a non-empty string",
        "{\"cron\": \"0 2 * * *\", \"time_zone\": \"Mars/Olympus\"} | time_zone 'Mars/Olympus'",
        "{\"cron\": \"0 2 * * *\", \"interval\": 60} | either interval or cron, not both",
        "{\"interval\": 60, \"time_zone\": \"UTC\"} | time_zone applies to cron schedules only",
        "{\"name\": \"x\"} | Required parameter interval not found.",
      })
  void badCron_isA400(String body, String message) {
    Api api = Api.admin();
    String share = api.share();
    api.json("{\"snapshot_schedule\": " + body + "}")
        .post(route(api, share))
        .then()
        .statusCode(400)
        .body("badRequest.message", containsString(message));
  }
}
