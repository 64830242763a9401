package dev.sharesnap.task;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharesnap.support.Api;
import dev.sharesnap.support.FaultInjectingDriver;
import dev.sharesnap.support.FaultInjectingDriver.Plan;
import dev.sharesnap.support.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Retries, timeouts, terminal errors, idempotent re-runs and bounded concurrency, with injected
 * faults.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class PipelineFaultTest {

  @Inject FaultInjectingDriver faulty;
  @Inject Pool pool;

  private static String faultyShare(Api api) {
    String type =
        api.shareType("faulty", "snapshot_support", "True", "share_backend_name", "faulty");
    String id = api.share(type, 1);
    api.req()
        .get(api.url("/shares/" + id))
        .then()
        .body("share.host", equalTo("sharesnap@faulty#pool0"));
    return id;
  }

  private static String createSnapshot(Api api, String share) {
    return api.json(Map.of("snapshot", Map.of("share_id", share)))
        .post(api.url("/snapshots"))
        .then()
        .statusCode(202)
        .extract()
        .path("snapshot.id");
  }

  private String errorReason(String snapshot) {
    return pool.preparedQuery("SELECT error_reason FROM snapshots WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(snapshot)))
        .await()
        .atMost(Duration.ofSeconds(5))
        .iterator()
        .next()
        .getString(0);
  }

  @Test
  void transientFailures_areRetriedWithBackoff_untilTheSnapshotIsAvailable() {
    Api api = Api.admin();
    String share = faultyShare(api);
    faulty.plan(share, new Plan(2, false, false, Duration.ZERO, false));
    String snap = createSnapshot(api, share);
    api.awaitStatus("/snapshots/" + snap, "snapshot", "available");
    assertEquals(3, faulty.calls(share));
  }

  @Test
  void persistentTransientFailures_endInErrorAfterMaxAttempts_withTheReasonKept() {
    Api api = Api.admin();
    String share = faultyShare(api);
    faulty.plan(share, new Plan(100, false, false, Duration.ZERO, false));
    String snap = createSnapshot(api, share);
    api.awaitStatus("/snapshots/" + snap, "snapshot", "error");
    assertEquals(5, faulty.calls(share));
    assertEquals("injected transient failure 5", errorReason(snap));
  }

  @Test
  void permanentFailure_endsInErrorAtOnce() {
    Api api = Api.admin();
    String share = faultyShare(api);
    faulty.plan(share, new Plan(0, true, false, Duration.ZERO, false));
    String snap = createSnapshot(api, share);
    api.awaitStatus("/snapshots/" + snap, "snapshot", "error");
    assertEquals(1, faulty.calls(share));
    assertEquals("injected permanent failure", errorReason(snap));
    // the owner reads why, as the Manila CSI driver does
    api.member()
        .at("2.37")
        .req()
        .get(
            api.url(
                "/messages?resource_id="
                    + snap
                    + "&message_level=ERROR&limit=1&sort_key=created_at&sort_dir=desc"))
        .then()
        .statusCode(200)
        .body("messages.size()", equalTo(1))
        .body("messages[0].resource_type", equalTo("SHARE_SNAPSHOT"))
        .body("messages[0].action_id", equalTo("002"))
        .body("messages[0].user_message", equalTo("create: injected permanent failure"));
    Api.admin()
        .member()
        .at("2.37")
        .req()
        .get(api.url("/messages?resource_id=" + snap))
        .then()
        .statusCode(400);
    api.at("2.36").req().get(api.url("/messages")).then().statusCode(404);
    // and a failed delete ends in error_deleting
    api.req().delete(api.url("/snapshots/" + snap)).then().statusCode(202);
    api.awaitStatus("/snapshots/" + snap, "snapshot", "error_deleting");
  }

  @Test
  void forceDelete_removesTheRecordEvenWhenTheBackendFails() {
    Api api = Api.admin();
    String share = faultyShare(api);
    String snap = api.snapshot(share, "stuck");
    faulty.plan(share, new Plan(0, true, false, Duration.ZERO, false));
    api.json("{\"force_delete\": null}")
        .post(api.url("/snapshots/" + snap + "/action"))
        .then()
        .statusCode(202);
    api.awaitGone("/snapshots/" + snap);
  }

  @Test
  void aHungBackendCall_timesOut_andTheRetrySucceeds() {
    Api api = Api.admin();
    String share = faultyShare(api);
    faulty.plan(share, new Plan(0, false, true, Duration.ZERO, false));
    String snap = createSnapshot(api, share);
    api.req()
        .get(api.url("/snapshots/" + snap))
        .then()
        .body("snapshot.status", equalTo("creating"));
    api.awaitStatus("/snapshots/" + snap, "snapshot", "available");
    assertEquals(2, faulty.calls(share));
  }

  @Test
  void aCrashAfterTheBackendActed_isRetried_withoutASecondBackendObject() {
    Api api = Api.admin();
    String share = faultyShare(api);
    faulty.plan(share, new Plan(0, false, false, Duration.ZERO, true));
    int before = faulty.sideEffects();
    String snap = createSnapshot(api, share);
    api.awaitStatus("/snapshots/" + snap, "snapshot", "available");
    assertEquals(2, faulty.calls(share));
    assertEquals(before + 1, faulty.sideEffects());
    assertTrue(faulty.hasSnapshot(snap));
    api.req().delete(api.url("/snapshots/" + snap)).then().statusCode(202);
    api.awaitGone("/snapshots/" + snap);
    assertFalse(faulty.hasSnapshot(snap));
  }

  @Test
  void tenPercentFailuresAndSomeHangs_everySnapshotEndsAvailableOrErrorWithAReason() {
    Api api = Api.admin();
    String share = faultyShare(api);
    faulty.plan(share, Plan.flaky(0.10, 0.03));
    List<String> snaps = new ArrayList<>();
    for (int i = 0; i < 45; i++) { // within the default quota of 50 snapshots per project
      snaps.add(createSnapshot(api, share));
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    List<String> pending = new ArrayList<>(snaps);
    while (!pending.isEmpty() && System.nanoTime() < deadline) {
      pending.removeIf(
          s -> {
            String status =
                api.req().get(api.url("/snapshots/" + s)).then().extract().path("snapshot.status");
            return "available".equals(status) || "error".equals(status);
          });
    }
    assertEquals(List.of(), pending, "every snapshot reached available or error");
    for (String s : snaps) {
      String status =
          api.req().get(api.url("/snapshots/" + s)).then().extract().path("snapshot.status");
      if ("error".equals(status)) {
        assertTrue(
            errorReason(s) != null && !errorReason(s).isEmpty(), "an error keeps its reason");
      }
    }
    assertTrue(
        faulty.calls(share) > snaps.size(),
        "some calls failed and were retried: " + faulty.calls(share));
  }

  @Test
  void manyQueuedCreates_runWithBoundedConcurrency() {
    Api api = Api.admin();
    String share = faultyShare(api);
    faulty.plan(share, new Plan(0, false, false, Duration.ofMillis(300), false));
    faulty.resetConcurrency();
    List<String> snaps = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      snaps.add(createSnapshot(api, share));
    }
    snaps.forEach(s -> api.awaitStatus("/snapshots/" + s, "snapshot", "available"));
    int max = faulty.maxConcurrentCalls();
    assertTrue(max <= 8, "at most sharesnap.tasks.concurrency=8 backend calls at once, saw " + max);
    assertTrue(max >= 2, "calls ran in parallel, saw " + max);
  }
}
