package dev.sharesnap.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharesnap.service.FailingCreateBatchFaultInjection;
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
 * Hand-off of snapshot creates against the real queue: a create batch inserts the tasks it has free
 * worker slots for already leased to this replica's worker, and the worker runs them without a
 * claim; the rest stay queued for a claim. A handed-off row's lease starts in the insert's own
 * transaction ({@code lease_until = created_at + lease}, both from that transaction's {@code
 * now()}), which a claim, a later transaction, cannot produce. The test backend "faulty" may run 2
 * tasks at once here.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@TestProfile(HandOffTest.TwoSlots.class)
class HandOffTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  /** faulty 2, held calls never time out, no sweep during a test. */
  public static class TwoSlots implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "test.faulty.task-concurrency", "2",
          "sharesnap.tasks.lease", "30s",
          // a sweep in flight holds the free slots, and a create meanwhile would stay queued
          "sharesnap.tasks.poll-interval", "10m",
          "sharesnap.tasks.operation-timeout", "5m");
    }
  }

  @Inject FaultInjectingDriver faulty;
  @Inject FailingCreateBatchFaultInjection faults;
  @Inject Pool pool;

  @Test
  void createsWithAFreeSlot_areLeasedAtInsert_andTheRestQueueForAClaim() {
    Api api = Api.admin();
    String share = share(api);
    faulty.hold(share);
    List<String> snaps = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        snaps.add(api.startSnapshot(share, "handed-" + i));
      }
      assertHandedOff(snaps.get(0));
      assertHandedOff(snaps.get(1));
      Row third = task(snaps.get(2));
      assertEquals("queued", third.getString("status"), "no slot left for the third");
      assertNull(third.getString("owner"));
      assertEquals(0, third.getInteger("attempts"));
      faulty.awaitRunningCalls(2, WAIT);
    } finally {
      faulty.release(share);
    }
    snaps.forEach(s -> api.awaitStatus("/snapshots/" + s, "snapshot", "available"));
    assertEquals(2, faulty.maxConcurrentCalls());
  }

  @Test
  void failedBatches_giveTheirSlotsBack() {
    Api api = Api.admin();
    String share = share(api);
    int before = faults.injected();
    faults.arm(true);
    try {
      // each batch reserves a slot, fails before its insert and rolls back; each create then
      // completes alone, through a queued task
      for (int i = 0; i < 4; i++) {
        api.snapshot(share, "fallback-" + i);
      }
    } finally {
      faults.arm(false);
    }
    assertTrue(faults.injected() - before >= 4, "every batch failed on purpose");
    faulty.hold(share);
    List<String> snaps = new ArrayList<>();
    try {
      snaps.add(api.startSnapshot(share, "after-0"));
      snaps.add(api.startSnapshot(share, "after-1"));
      // a slot kept by a failed batch would leave these queued
      assertHandedOff(snaps.get(0));
      assertHandedOff(snaps.get(1));
      faulty.awaitRunningCalls(2, WAIT);
    } finally {
      faulty.release(share);
    }
    snaps.forEach(s -> api.awaitStatus("/snapshots/" + s, "snapshot", "available"));
  }

  private void assertHandedOff(String snapshot) {
    Row t = task(snapshot);
    assertEquals("running", t.getString("status"), "task of " + snapshot);
    assertTrue(t.getString("owner").startsWith("worker-"), "leased to the worker");
    assertEquals(1, t.getInteger("attempts"));
    assertTrue(t.getBoolean("leased_at_insert"), "lease taken in the insert's transaction");
  }

  private Row task(String snapshot) {
    return pool.preparedQuery(
            "SELECT status, owner, attempts, lease_until = created_at + interval '30 seconds'"
                + " AS leased_at_insert FROM tasks WHERE resource_id = $1")
        .execute(Tuple.of(UUID.fromString(snapshot)))
        .await()
        .atMost(WAIT)
        .iterator()
        .next();
  }

  private static String share(Api api) {
    String type =
        api.shareType("faulty", "snapshot_support", "True", "share_backend_name", "faulty");
    return api.share(type, 1);
  }
}
