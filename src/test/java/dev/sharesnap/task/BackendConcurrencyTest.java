package dev.sharesnap.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharesnap.support.Api;
import dev.sharesnap.support.FaultInjectingDriver;
import dev.sharesnap.support.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Per-backend task concurrency against the real queue: the test backend "faulty" may run 3 tasks at
 * once and "instant" (each call taking 1 s here) 5. A backend at its limit gets no more tasks
 * claimed (they stay queued, unleased) while another backend's tasks are claimed and run, each
 * backend up to its own limit; tasks without a backend this replica knows still run.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@TestProfile(BackendConcurrencyTest.TwoLimits.class)
class BackendConcurrencyTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  /** faulty 3, instant 5 (slow enough to watch), and held calls never time out. */
  public static class TwoLimits implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "test.faulty.task-concurrency", "3",
          "sharesnap.instant.task-concurrency", "5",
          "sharesnap.instant.latency", "1s",
          "sharesnap.tasks.operation-timeout", "5m");
    }
  }

  @Inject FaultInjectingDriver faulty;
  @Inject Pool pool;
  @Inject MeterRegistry meters;

  private int instantCalls() {
    return (int)
        meters.get("sharesnap.driver.calls.running").tag("backend", "instant").gauge().value();
  }

  @Test
  void backendAtItsLimit_getsNoMoreClaimed_whileOtherBackendsRunUpToTheirOwn() {
    Api api = Api.admin();
    String held = share(api, "faulty");
    String fast = share(api, "instant");
    faulty.hold(held);
    List<String> waiting = new ArrayList<>();
    try {
      for (int i = 0; i < 6; i++) {
        waiting.add(api.startSnapshot(held, "held-" + i));
      }
      await(() -> count(held, "faulty", "running") == 3, "3 faulty tasks running");
      faulty.awaitRunningCalls(3, WAIT);
      List<String> others = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        others.add(api.startSnapshot(fast, "fast-" + i));
      }
      int instantMax = 0;
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!allAvailable(api, others)) {
        // calls on the backend, not task rows: a task writing its outcome gave its slot up
        instantMax = Math.max(instantMax, instantCalls());
        assertTrue(instantMax <= 5, "at most 5 instant calls running, saw " + instantMax);
        assertTrue(System.nanoTime() < deadline, "instant snapshots never all available");
        sleep();
      }
      assertEquals(5, instantMax, "instant ran up to its own limit, not faulty's");
      // all the while faulty stayed at its limit: 3 claimed, 3 queued without a lease
      assertEquals(3, faulty.runningCalls());
      assertEquals(3, count(held, "faulty", "running"));
      assertEquals(3, count(held, "faulty", "queued"));
      assertEquals(
          0,
          count(
              held, "faulty", "queued", " AND (t.owner IS NOT NULL OR t.lease_until IS NOT NULL)"));
    } finally {
      faulty.release(held);
    }
    waiting.forEach(s -> api.awaitStatus("/snapshots/" + s, "snapshot", "available"));
    assertEquals(3, faulty.maxConcurrentCalls());
  }

  @Test
  void tasksWithoutAKnownBackend_stillRun() {
    Api api = Api.admin();
    String share = share(api, "instant");
    UUID old = creatingSnapshot(api, share);
    UUID retired = creatingSnapshot(api, share);
    // a row from before tasks recorded their backend, and one naming a backend not run here
    pool.preparedQuery(
            "INSERT INTO tasks (kind, resource_id, backend) VALUES ('snapshot.create', $1, NULL),"
                + " ('snapshot.create', $2, 'retired')")
        .execute(Tuple.of(old, retired))
        .await()
        .atMost(WAIT);
    api.awaitStatus("/snapshots/" + old, "snapshot", "available");
    api.awaitStatus("/snapshots/" + retired, "snapshot", "available");
  }

  @Test
  void enqueue_recordsTheBackendOfTheResource() {
    Api api = Api.admin();
    String share = share(api, "faulty");
    String available = api.snapshot(share, "to-delete");
    faulty.hold(share);
    try {
      // a create (the batched insert) and a delete (TaskQueue.enqueue)
      String created = api.startSnapshot(share, "recorded");
      api.req().delete(api.url("/snapshots/" + available)).then().statusCode(202);
      assertEquals("faulty", taskBackend(created));
      assertEquals("faulty", taskBackend(available));
    } finally {
      faulty.release(share);
    }
  }

  private String taskBackend(String snapshot) {
    Row row =
        pool.preparedQuery("SELECT backend FROM tasks WHERE resource_id = $1")
            .execute(Tuple.of(UUID.fromString(snapshot)))
            .await()
            .atMost(WAIT)
            .iterator()
            .next();
    return row.getString(0);
  }

  private static String share(Api api, String backend) {
    String type = api.shareType(backend, "snapshot_support", "True", "share_backend_name", backend);
    return api.share(type, 1);
  }

  private boolean allAvailable(Api api, List<String> snaps) {
    return snaps.stream()
        .allMatch(
            s ->
                "available"
                    .equals(
                        api.req()
                            .get(api.url("/snapshots/" + s))
                            .then()
                            .extract()
                            .path("snapshot.status")));
  }

  private UUID creatingSnapshot(Api api, String share) {
    UUID snap = UUID.randomUUID();
    pool.preparedQuery(
            "INSERT INTO snapshots (id, project_id, user_id, share_id, share_size, size,"
                + " share_proto, status, progress, created_at) VALUES ($1, $2, 'alice', $3, 1, 1,"
                + " 'NFS', 'creating', '0%', now() AT TIME ZONE 'utc')")
        .execute(Tuple.of(snap, api.project, UUID.fromString(share)))
        .await()
        .atMost(WAIT);
    return snap;
  }

  /** Tasks of the snapshots of {@code share}, recorded with {@code backend}, in {@code status}. */
  private int count(String share, String backend, String status) {
    return count(share, backend, status, "");
  }

  private int count(String share, String backend, String status, String and) {
    return pool.preparedQuery(
            "SELECT count(*) FROM tasks t JOIN snapshots s ON s.id = t.resource_id"
                + " WHERE s.share_id = $1 AND t.backend = $2 AND t.status = $3"
                + and)
        .execute(Tuple.of(UUID.fromString(share), backend, status))
        .await()
        .atMost(WAIT)
        .iterator()
        .next()
        .getLong(0)
        .intValue();
  }

  private static void await(BooleanSupplier done, String what) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!done.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "never: " + what);
      sleep();
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
