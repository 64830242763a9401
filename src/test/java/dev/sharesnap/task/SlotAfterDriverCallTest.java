package dev.sharesnap.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.sharesnap.support.Api;
import dev.sharesnap.support.FaultInjectingDriver;
import dev.sharesnap.support.TaskRows;
import dev.sharesnap.support.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A backend slot stands for an operation on the backend, not for the database write after it: a
 * task whose driver call returned gives its slot to the next task while its outcome waits to be
 * written. Here the test backend "faulty" runs 1 task at a time, and the first snapshot's outcome
 * is kept waiting by a row lock the test holds on it.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@TestProfile(SlotAfterDriverCallTest.OneSlot.class)
class SlotAfterDriverCallTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  /** faulty 1, held calls never time out, no sweep during the test. */
  public static class OneSlot implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "test.faulty.task-concurrency", "1",
          "sharesnap.tasks.lease", "30s",
          "sharesnap.tasks.poll-interval", "10m",
          "sharesnap.tasks.operation-timeout", "5m");
    }
  }

  @Inject FaultInjectingDriver faulty;
  @Inject Pool pool;

  @Test
  void nextTaskRunsOnTheBackend_whileTheFirstOnesOutcomeWaitsToBeWritten() {
    Api api = Api.admin();
    String type =
        api.shareType("faulty", "snapshot_support", "True", "share_backend_name", "faulty");
    String first = api.share(type, 1);
    String second = api.share(type, 1);
    faulty.resetConcurrency();
    faulty.hold(first);
    String a = api.startSnapshot(first, "outcome-waits");
    faulty.awaitRunningCalls(1, WAIT);
    SqlConnection conn = pool.getConnection().await().atMost(WAIT);
    String b;
    try {
      Transaction tx = conn.begin().await().atMost(WAIT);
      conn.preparedQuery("SELECT id FROM snapshots WHERE id = $1 FOR UPDATE")
          .execute(Tuple.of(UUID.fromString(a)))
          .await()
          .atMost(WAIT);
      faulty.release(first); // its driver call returns; its outcome now waits for the lock
      faulty.awaitRunningCalls(0, WAIT);
      faulty.hold(second);
      b = api.startSnapshot(second, "takes-the-slot");
      faulty.awaitRunningCalls(1, WAIT); // fails when the slot is kept until the outcome commits
      assertEquals(
          "creating",
          api.req().get(api.url("/snapshots/" + a)).path("snapshot.status"),
          "the first outcome is not written yet");
      assertEquals(1, TaskRows.count(pool, a), "the first task still runs");
      tx.rollback().await().atMost(WAIT);
    } finally {
      conn.close().await().atMost(WAIT);
      faulty.release(second);
    }
    api.awaitStatus("/snapshots/" + a, "snapshot", "available");
    api.awaitStatus("/snapshots/" + b, "snapshot", "available");
    assertEquals(0, TaskRows.count(pool, a) + TaskRows.count(pool, b));
    assertFalse(faulty.maxConcurrentCalls() > 1, "never more than the backend's 1 call at once");
  }
}
