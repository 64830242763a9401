package dev.sharesnap.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharesnap.support.Api;
import dev.sharesnap.support.FaultInjectingDriver;
import dev.sharesnap.support.FaultInjectingDriver.Plan;
import dev.sharesnap.support.Metrics;
import dev.sharesnap.support.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * /q/metrics after real work: driver timers and error counters (failures injected with the
 * fault-injecting test backend), task counters and queue gauges, HTTP server metrics by route
 * template. Counters are compared before and after, since other tests of the same run add to them.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class MetricsTest {

  private static final String DRIVER_COUNT = "sharesnap_driver_operation_seconds_count";

  @Inject Pool pool;
  @Inject FaultInjectingDriver faulty;

  @Test
  void shareAndSnapshotRoundTrip_countsDriverCallsAndFinishedTasks() {
    Metrics before = Metrics.scrape();
    Api api = Api.admin();
    String share = api.share();
    String snapshot = api.snapshot(share, "metrics");
    api.req().delete(api.url("/snapshots/" + snapshot)).then().statusCode(202);
    api.awaitGone("/snapshots/" + snapshot);
    api.req().delete(api.url("/shares/" + share)).then().statusCode(202);
    api.awaitGone("/shares/" + share);

    Metrics after = Metrics.scrape();
    for (String op : new String[] {"create_share", "create_snapshot", "delete_snapshot"}) {
      assertTrue(
          delta(before, after, DRIVER_COUNT, "backend", "nfs", "operation", op) >= 1,
          op + " not counted");
    }
    // the timer is a histogram: its buckets are exported, and the slowest one holds every call
    assertTrue(
        after.sum(
                "sharesnap_driver_operation_seconds_bucket",
                "backend",
                "nfs",
                "operation",
                "create_snapshot",
                "le",
                "+Inf")
            >= 1);
    assertTrue(
        after.sum(
                "sharesnap_driver_operation_seconds_sum",
                "backend",
                "nfs",
                "operation",
                "create_snapshot")
            > 0);
    assertTrue(
        delta(
                before,
                after,
                "sharesnap_tasks_finished_total",
                "kind",
                "snapshot.create",
                "outcome",
                "succeeded")
            >= 1);
    assertTrue(
        delta(
                before,
                after,
                "sharesnap_tasks_finished_total",
                "kind",
                "share.delete",
                "outcome",
                "succeeded")
            >= 1);
  }

  @Test
  void runningCallsGauge_showsTheCallsUnderWayOnEachBackend() {
    Api api = Api.admin();
    String type =
        api.shareType("faulty", "snapshot_support", "True", "share_backend_name", "faulty");
    String share = api.share(type, 1);
    String running = "sharesnap_driver_calls_running";
    assertEquals(0.0, Metrics.scrape().sum(running, "backend", "faulty"));
    faulty.hold(share);
    String snapshot;
    try {
      snapshot = api.startSnapshot(share, "under-way");
      faulty.awaitRunningCalls(1, Duration.ofSeconds(30));
      assertEquals(1.0, Metrics.scrape().sum(running, "backend", "faulty"));
    } finally {
      faulty.release(share);
    }
    api.awaitStatus("/snapshots/" + snapshot, "snapshot", "available");
    assertEquals(0.0, Metrics.scrape().sum(running, "backend", "faulty"));
  }

  @Test
  void failingDriverCalls_countErrorsRetriesAndFailedTasks() {
    Api api = Api.admin();
    String type =
        api.shareType("faulty", "snapshot_support", "True", "share_backend_name", "faulty");
    String retried = api.share(type, 1);
    String failed = api.share(type, 1);
    faulty.plan(retried, new Plan(1, false, false, Duration.ZERO, false));
    faulty.plan(failed, new Plan(0, true, false, Duration.ZERO, false));
    Metrics before = Metrics.scrape();

    String ok = api.snapshot(retried, "retried-once");
    String bad = createSnapshot(api, failed);
    api.awaitStatus("/snapshots/" + bad, "snapshot", "error");

    Metrics after = Metrics.scrape();
    String[] create = {"backend", "faulty", "operation", "create_snapshot"};
    assertEquals(
        3, delta(before, after, DRIVER_COUNT, create), "calls: 2 for one, 1 for the other");
    assertEquals(
        1,
        delta(before, after, "sharesnap_driver_errors_total", with(create, "kind", "transient")));
    assertEquals(
        1,
        delta(before, after, "sharesnap_driver_errors_total", with(create, "kind", "permanent")));
    assertEquals(
        1,
        delta(before, after, "sharesnap_tasks_retries_total", "kind", "snapshot.create"),
        "retry of " + ok);
    assertEquals(
        1,
        delta(
            before,
            after,
            "sharesnap_tasks_finished_total",
            "kind",
            "snapshot.create",
            "outcome",
            "failed"));
  }

  @Test
  void httpMetrics_areTaggedWithRouteTemplates_neverWithIds() {
    Api api = Api.admin();
    String share = api.share();
    String snapshot = api.snapshot(share, "route-labels");
    api.req().get(api.url("/snapshots/" + snapshot)).then().statusCode(200);
    api.req().get("/v2/snapshots/" + snapshot).then().statusCode(200);

    Metrics m = Metrics.scrape();
    assertTrue(
        m.sum(
                "http_server_requests_seconds_count",
                "method",
                "GET",
                "uri",
                "/v2/snapshots/{id}",
                "status",
                "200")
            >= 2);
    assertFalse(m.text().contains(snapshot), "a snapshot id became a label value");
    assertFalse(m.text().contains(api.project), "a project id became a label value");
  }

  @Test
  void queueGauges_showDepthAndAgeOfTheOldestTask() {
    UUID resource = UUID.randomUUID();
    // not due for an hour, and an hour old: the worker leaves it alone, the gauges see it
    sql(
        "INSERT INTO tasks (kind, resource_id, not_before, created_at) VALUES"
            + " ('snapshot.create', $1, now() + interval '1 hour', now() - interval '1 hour')",
        resource);
    try {
      // the gauges are read on a timer: wait for a reading that holds this task (another test's
      // retry may be queued too, and an earlier reading may show it without this one)
      Metrics m =
          awaitMetrics(
              s ->
                  s.sum("sharesnap_tasks_depth", "status", "queued") >= 1
                      && s.sum("sharesnap_tasks_oldest_age_seconds") >= 3600,
              "queued depth >= 1 and the oldest task at least 1 h old");
      assertTrue(m.sum("sharesnap_tasks_oldest_age_seconds") >= 3600);
      assertEquals(1, m.find("sharesnap_tasks_depth", "status", "running").size());
    } finally {
      sql("DELETE FROM tasks WHERE resource_id = $1", resource);
    }
    awaitMetrics(s -> s.sum("sharesnap_tasks_oldest_age_seconds") < 3600, "age back below 1 h");
  }

  @Test
  void taskOfADeadWorker_countsALeaseExpiry() {
    Metrics before = Metrics.scrape();
    UUID resource = UUID.randomUUID(); // no such snapshot: the task finds nothing to do
    sql(
        "INSERT INTO tasks (kind, resource_id, status, attempts, owner, lease_until) VALUES"
            + " ('snapshot.delete', $1, 'running', 1, 'worker-dead', now() - interval '1 second')",
        resource);
    awaitMetrics(
        after ->
            delta(before, after, "sharesnap_tasks_lease_expiries_total", "kind", "snapshot.delete")
                == 1,
        "one lease expiry");
  }

  private static String createSnapshot(Api api, String share) {
    return api.json(Map.of("snapshot", Map.of("share_id", share)))
        .post(api.url("/snapshots"))
        .then()
        .statusCode(202)
        .extract()
        .path("snapshot.id");
  }

  private static String[] with(String[] labels, String... more) {
    String[] all = Arrays.copyOf(labels, labels.length + more.length);
    System.arraycopy(more, 0, all, labels.length, more.length);
    return all;
  }

  private static double delta(Metrics before, Metrics after, String name, String... labels) {
    return after.sum(name, labels) - before.sum(name, labels);
  }

  private static Metrics awaitMetrics(Predicate<Metrics> done, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    Metrics m = Metrics.scrape();
    while (!done.test(m)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("metrics never showed " + what + ":\n" + m.text());
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      m = Metrics.scrape();
    }
    return m;
  }

  private void sql(String statement, UUID resource) {
    pool.preparedQuery(statement)
        .execute(Tuple.of(resource))
        .await()
        .atMost(Duration.ofSeconds(10));
  }
}
