package dev.sharesnap.extensions;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharesnap.service.ScheduleService;
import dev.sharesnap.support.Api;
import dev.sharesnap.support.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Snapshot schedules (extension) on the real NFS backend; the test profile polls every 200 ms and
 * allows 1 s intervals.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class SnapshotScheduleTest {

  @Inject ScheduleService schedules;

  @Test
  void retentionThree_overSixFirings_keepsTheNewestThree_andOneHeldByKeptUntil() {
    Api api = Api.admin();
    String share = api.share();
    String schedule =
        create(api, share, Map.of("name", "every-second", "interval", 1, "retention_count", 3));

    // the first run's snapshot gets a retention; pruning must skip it
    String first = awaitSnapshotNamed(api, share, "every-second-000001");
    api.awaitStatus("/snapshots/" + first, "snapshot", "available");
    api.json(
            Map.of(
                "snapshot",
                Map.of("kept_until", ZonedDateTime.now(ZoneOffset.UTC).plusDays(1).toString())))
        .header("X-Sharesnap-Extensions", "true")
        .put(api.url("/snapshots/" + first))
        .then()
        .statusCode(200);

    await(() -> runs(api, share) >= 6, "six runs");
    api.req()
        .delete(api.url("/sharesnap/shares/" + share + "/snapshot-schedules/" + schedule))
        .then()
        .statusCode(202);
    await(() -> settled(api, share), "no snapshot creating or deleting");

    List<String> names = names(api, share);
    int last =
        names.stream()
            .mapToInt(n -> Integer.parseInt(n.substring(n.length() - 6)))
            .max()
            .orElseThrow();
    assertTrue(last >= 6, "at least six runs: " + names);
    Set<String> expected = new TreeSet<>();
    expected.add("every-second-000001");
    for (int run = last - 2; run <= last; run++) {
      expected.add(String.format("every-second-%06d", run));
    }
    assertEquals(expected, new TreeSet<>(names));
  }

  @Test
  void fireDue_calledConcurrently_firesADueScheduleOnce() {
    Api api = Api.admin();
    String share = api.share();
    create(api, share, Map.of("name", "hourly", "interval", 3600));
    List<Uni<Integer>> racing = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      racing.add(schedules.fireDue());
    }
    Uni.join().all(racing).andFailFast().await().atMost(Duration.ofSeconds(30));
    await(
        () -> runs(api, share) == 1 && settled(api, share) && names(api, share).size() == 1,
        "one run");
    // nothing more fires within the hour
    sleep(1000);
    assertEquals(List.of("hourly-000001"), names(api, share));
    assertEquals(1, runs(api, share));
  }

  @Test
  void create_validatesTheBody_andTheShareOwnership() {
    Api api = Api.admin();
    String share = api.share();
    String url = api.url("/sharesnap/shares/" + share + "/snapshot-schedules");
    api.json(Map.of("snapshot_schedule", Map.of("interval", 0)))
        .post(url)
        .then()
        .statusCode(400)
        .body("badRequest.message", containsString("interval must be a positive integer"));
    api.json(Map.of("snapshot_schedule", Map.of("name", "x")))
        .post(url)
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("Required parameter interval not found."));
    api.json(Map.of("snapshot_schedule", Map.of("interval", 60, "retention_count", -1)))
        .post(url)
        .then()
        .statusCode(400);
    api.json(Map.of("nope", Map.of())).post(url).then().statusCode(422);
    api.reader()
        .json(Map.of("snapshot_schedule", Map.of("interval", 60)))
        .post(url)
        .then()
        .statusCode(403);
    Api stranger = Api.admin().member();
    stranger
        .json(Map.of("snapshot_schedule", Map.of("interval", 60)))
        .post(stranger.url("/sharesnap/shares/" + share + "/snapshot-schedules"))
        .then()
        .statusCode(404);
    api.req()
        .delete(url + "/" + java.util.UUID.randomUUID())
        .then()
        .statusCode(404)
        .body("itemNotFound.code", equalTo(404));
    api.req().get(url).then().statusCode(200).body("snapshot_schedules.size()", equalTo(0));
  }

  private static String create(Api api, String share, Map<String, Object> body) {
    return api.json(Map.of("snapshot_schedule", body))
        .post(api.url("/sharesnap/shares/" + share + "/snapshot-schedules"))
        .then()
        .statusCode(200)
        .body("snapshot_schedule.share_id", equalTo(share))
        .extract()
        .path("snapshot_schedule.id");
  }

  private static int runs(Api api, String share) {
    List<Integer> runs =
        api.req()
            .get(api.url("/sharesnap/shares/" + share + "/snapshot-schedules"))
            .then()
            .statusCode(200)
            .extract()
            .path("snapshot_schedules.runs");
    return runs.isEmpty() ? -1 : runs.get(0);
  }

  private static boolean settled(Api api, String share) {
    List<String> statuses =
        api.req()
            .get(api.url("/snapshots/detail?share_id=" + share))
            .then()
            .extract()
            .path("snapshots.status");
    return statuses.stream().allMatch("available"::equals);
  }

  private static List<String> names(Api api, String share) {
    return api.req()
        .get(api.url("/snapshots/detail?share_id=" + share))
        .then()
        .extract()
        .path("snapshots.name");
  }

  /** The id of the share's snapshot named {@code name}, once there is one. */
  static String awaitSnapshotNamed(Api api, String share, String name) {
    String[] id = new String[1];
    await(
        () -> {
          List<String> ids =
              api.req()
                  .get(api.url("/snapshots?share_id=" + share + "&name=" + name))
                  .then()
                  .extract()
                  .path("snapshots.id");
          id[0] = ids.isEmpty() ? null : ids.get(0);
          return id[0] != null;
        },
        name);
    return id[0];
  }

  /** Waits up to 40 s for {@code done}. */
  static void await(BooleanSupplier done, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
    while (!done.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "never reached: " + what);
      sleep(100);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
