package dev.sharesnap.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharesnap.support.Api;
import dev.sharesnap.support.FaultInjectingDriver;
import dev.sharesnap.support.TestDatabase;
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
import org.junit.jupiter.api.Test;

/**
 * Queued work keeps its turn against hand-offs: a create batch that finds a free slot while older
 * tasks of its backend wait claims the oldest of them in its own insert statement, and its own task
 * queues behind. The test backend "faulty" may run 4 tasks at once here; with 3 running, a freed
 * slot is below the worker's claim batch (half the limit), so only the batch can take it.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@TestProfile(HandOffOrderTest.FourSlots.class)
class HandOffOrderTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  /** faulty 4, held calls never time out, no sweep during the test. */
  public static class FourSlots implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "test.faulty.task-concurrency", "4",
          "sharesnap.tasks.lease", "30s",
          "sharesnap.tasks.poll-interval", "10m",
          "sharesnap.tasks.operation-timeout", "5m");
    }
  }

  @Inject FaultInjectingDriver faulty;
  @Inject Pool pool;

  @Test
  void aBatchWithAFreeSlot_claimsTheOldestQueuedTask_beforeHandingOffItsOwn() {
    Api api = Api.admin();
    String type =
        api.shareType("faulty", "snapshot_support", "True", "share_backend_name", "faulty");
    String busy = api.share(type, 1);
    String other = api.share(type, 1);
    faulty.hold(busy);
    faulty.hold(other);
    List<String> snaps = new ArrayList<>();
    String fresh;
    try {
      for (int i = 0; i < 3; i++) {
        snaps.add(api.startSnapshot(busy, "busy-" + i));
      }
      String freed = api.startSnapshot(other, "frees-a-slot");
      faulty.awaitRunningCalls(4, WAIT);
      String waiting = api.startSnapshot(busy, "waits");
      assertEquals("queued", task(waiting).getString("status"), "every slot taken");
      faulty.release(other); // one slot frees; 3 run, so the worker does not claim for 1 slot
      api.awaitStatus("/snapshots/" + freed, "snapshot", "available");
      assertEquals("queued", task(waiting).getString("status"));

      fresh = api.startSnapshot(other, "fresh");
      Row w = task(waiting);
      assertEquals("running", w.getString("status"), "the older task got the free slot");
      assertTrue(w.getString("owner").startsWith("worker-"));
      assertEquals(1, w.getInteger("attempts"));
      assertTrue(leasedWith(waiting, fresh), "leased in the fresh create's transaction");
      Row f = task(fresh);
      assertEquals("queued", f.getString("status"), "the fresh create waits its turn");
      assertNull(f.getString("owner"));
      faulty.awaitRunningCalls(4, WAIT);
      snaps.add(waiting);
    } finally {
      faulty.release(busy);
    }
    snaps.add(fresh);
    snaps.forEach(s -> api.awaitStatus("/snapshots/" + s, "snapshot", "available"));
    assertFalse(faulty.maxConcurrentCalls() > 4, "never more than the backend's 4 at once");
  }

  private Row task(String snapshot) {
    return pool.preparedQuery("SELECT status, owner, attempts FROM tasks WHERE resource_id = $1")
        .execute(Tuple.of(UUID.fromString(snapshot)))
        .await()
        .atMost(WAIT)
        .iterator()
        .next();
  }

  /** Whether {@code claimed}'s lease started in the transaction that inserted {@code by}'s task. */
  private boolean leasedWith(String claimed, String by) {
    return pool.preparedQuery(
            "SELECT c.lease_until = b.created_at + interval '30 seconds' AS same FROM tasks c,"
                + " tasks b WHERE c.resource_id = $1 AND b.resource_id = $2")
        .execute(Tuple.of(UUID.fromString(claimed), UUID.fromString(by)))
        .await()
        .atMost(WAIT)
        .iterator()
        .next()
        .getBoolean("same");
  }
}
