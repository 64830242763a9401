package dev.sharesnap.task;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharesnap.driver.nfs.NfsDriver;
import dev.sharesnap.support.Api;
import dev.sharesnap.support.TaskRows;
import dev.sharesnap.support.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What a crash leaves behind: a task claimed by a worker that died (its lease ran out), and a
 * partial copy on disk. Another worker must take the task over and finish the snapshot; nothing
 * stays in creating.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class TaskRecoveryTest {

  @Inject Pool pool;
  @Inject NfsDriver nfs;

  @Test
  void taskOfADeadWorker_isTakenOverOnceItsLeaseExpires() throws Exception {
    Api api = Api.admin();
    String share = api.share();
    Files.writeString(nfs.root().resolve("shares").resolve(share).resolve("f"), "data");
    UUID snap = UUID.randomUUID();
    // The state a replica leaves when it dies mid-copy: the snapshot row in creating, its task
    // claimed by a
    // worker that is gone, and a partial copy in the temporary directory.
    pool.withTransaction(
            tx ->
                tx.preparedQuery(
                        "INSERT INTO snapshots (id, project_id, user_id, share_id, share_size, size, share_proto, status,"
                            + " progress, created_at) VALUES ($1, $2, 'alice', $3, 1, 1, 'NFS', 'creating', '0%',"
                            + " now() AT TIME ZONE 'utc')")
                    .execute(Tuple.of(snap, api.project, UUID.fromString(share)))
                    .chain(
                        () ->
                            tx.preparedQuery(
                                    "INSERT INTO tasks (kind, resource_id, status, attempts, owner, lease_until)"
                                        + " VALUES ('snapshot.create', $1, 'running', 1, 'worker-dead', now() - interval '1 second')")
                                .execute(Tuple.of(snap))))
        .await()
        .atMost(Duration.ofSeconds(10));
    Files.createDirectories(nfs.root().resolve("snapshots").resolve(".tmp-" + snap));
    Files.writeString(
        nfs.root().resolve("snapshots").resolve(".tmp-" + snap).resolve("partial"), "x");

    api.awaitStatus("/snapshots/" + snap, "snapshot", "available");
    assertEquals(
        "data",
        Files.readString(nfs.root().resolve("snapshots").resolve(snap.toString()).resolve("f")));
    assertTrue(
        Files.notExists(
            nfs.root().resolve("snapshots").resolve(snap.toString()).resolve("partial")));
    assertEquals(0, TaskRows.count(pool, snap));
  }

  @Test
  void taskOfARunningWorker_isNotTakenOverWhileItsLeaseHolds() throws Exception {
    Api api = Api.admin();
    String share = api.share();
    UUID snap = UUID.randomUUID();
    pool.withTransaction(
            tx ->
                tx.preparedQuery(
                        "INSERT INTO snapshots (id, project_id, user_id, share_id, share_size, size, share_proto, status,"
                            + " progress, created_at) VALUES ($1, $2, 'alice', $3, 1, 1, 'NFS', 'creating', '0%',"
                            + " now() AT TIME ZONE 'utc')")
                    .execute(Tuple.of(snap, api.project, UUID.fromString(share)))
                    .chain(
                        () ->
                            tx.preparedQuery(
                                    "INSERT INTO tasks (kind, resource_id, status, attempts, owner, lease_until)"
                                        + " VALUES ('snapshot.create', $1, 'running', 1, 'worker-alive', now() + interval '1 hour')")
                                .execute(Tuple.of(snap))))
        .await()
        .atMost(Duration.ofSeconds(10));
    Thread.sleep(1500); // several sweeps of the 200 ms test poll interval
    api.req()
        .get(api.url("/snapshots/" + snap))
        .then()
        .body("snapshot.status", equalTo("creating"));
    assertTrue(Files.notExists(nfs.root().resolve("snapshots").resolve(snap.toString())));
    // the owner "finishes": hand the task back so the row does not linger for other tests
    pool.preparedQuery(
            "UPDATE tasks SET lease_until = now() - interval '1 second' WHERE resource_id = $1")
        .execute(Tuple.of(snap))
        .await()
        .atMost(Duration.ofSeconds(10));
    api.awaitStatus("/snapshots/" + snap, "snapshot", "available");
  }

  @Test
  void deleteRacingResetStatusAndForceDelete_leavesOneConsistentOutcome()
      throws InterruptedException {
    Api api = Api.admin();
    for (int round = 0; round < 5; round++) {
      String snap = api.snapshot(api.share(), "race-" + round);
      String action = api.url("/snapshots/" + snap + "/action");
      java.util.List<Integer> codes =
          java.util.Collections.synchronizedList(new java.util.ArrayList<>());
      java.util.List<Runnable> calls =
          java.util.List.of(
              () -> codes.add(api.req().delete(api.url("/snapshots/" + snap)).statusCode()),
              () ->
                  codes.add(
                      api.json(
                              java.util.Map.of(
                                  "reset_status", java.util.Map.of("status", "available")))
                          .post(action)
                          .statusCode()),
              () -> codes.add(api.json("{\"force_delete\": null}").post(action).statusCode()),
              () -> codes.add(api.req().delete(api.url("/snapshots/" + snap)).statusCode()));
      calls.parallelStream().forEach(Runnable::run);
      assertTrue(codes.stream().allMatch(c -> c == 202 || c == 400 || c == 404), codes.toString());
      // force_delete was accepted (or the snapshot was already gone), so it must end gone, never
      // stuck
      api.awaitGone("/snapshots/" + snap);
      // the row goes with the first task to finish (force_delete); a delete task accepted alongside
      // it finds the row gone and leaves too: none stays behind
      long tasksLeft = TaskRows.count(pool, snap);
      for (long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
          tasksLeft > 0 && System.nanoTime() < end;
          tasksLeft = TaskRows.count(pool, snap)) {
        Thread.sleep(100);
      }
      assertEquals(0, tasksLeft);
    }
  }

  @Test
  void racingDeletes_onOneSnapshot_leaveOneConsistentOutcome() {
    Api api = Api.admin();
    String snap = api.snapshot(api.share(), "race");
    java.util.List<Integer> codes =
        java.util.stream.IntStream.range(0, 8)
            .parallel()
            .mapToObj(i -> api.req().delete(api.url("/snapshots/" + snap)).statusCode())
            .toList();
    assertEquals(
        1, codes.stream().filter(c -> c == 202).count(), "exactly one delete wins: " + codes);
    assertTrue(codes.stream().allMatch(c -> c == 202 || c == 400 || c == 404), codes.toString());
    api.awaitGone("/snapshots/" + snap);
  }
}
