package dev.sharesnap.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharesnap.persistence.SnapshotTaskCompletions;
import dev.sharesnap.persistence.SnapshotTaskCompletions.Completion;
import dev.sharesnap.persistence.SnapshotTaskCompletions.Outcome;
import dev.sharesnap.support.Api;
import dev.sharesnap.support.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Task completion belongs to the claim that runs the task. A stale attempt (its lease expired and
 * another worker took the task over) changes nothing: neither the snapshot nor the task row. And
 * completions written together skip exactly the rows whose snapshot moved on or whose task was
 * taken over.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class TaskOwnershipTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @Inject Pool pool;
  @Inject TaskQueue queue;
  @Inject SnapshotTaskHandler handler;
  @Inject SnapshotCompletions completions;
  @Inject SnapshotTaskCompletions rows;

  /** The task rows these tests leave held (leases of an hour) go, so no gauge counts them later. */
  @AfterEach
  void dropHeldTasks() {
    pool.query(
            "DELETE FROM tasks WHERE owner = 'worker-other' OR owner LIKE 'worker-a-%'"
                + " OR owner LIKE 'worker-b-%' OR owner LIKE 'worker-t-%' OR owner LIKE 'worker-f-%'"
                + " OR owner LIKE 'worker-r-%'")
        .execute()
        .await()
        .atMost(WAIT);
  }

  @Test
  void staleAttempt_completesGivesUpOrRetries_changesNothing() {
    UUID snap = snapshot(Api.admin());
    // worker-a claimed it (attempt 1), its lease expired, worker-b took it over (attempt 2)
    long id = task(snap, "worker-b-" + snap, 2);
    Task stale = task(id, snap, "worker-a-" + snap, 1);

    Outcome outcome = completions.complete(completion(snap, stale)).await().atMost(WAIT);
    assertEquals(Outcome.LEASE_LOST, outcome);
    Throwable gaveUp =
        assertThrows(
            TaskLeaseLost.class,
            () -> handler.giveUp(stale, new RuntimeException("x")).await().atMost(WAIT));
    assertInstanceOf(TaskLeaseLost.class, gaveUp);
    assertThrows(
        TaskLeaseLost.class,
        () -> queue.retryLater(stale, Duration.ofSeconds(1), "x").await().atMost(WAIT));
    assertThrows(
        TaskLeaseLost.class,
        () -> pool.withTransaction(tx -> queue.complete(tx, stale)).await().atMost(WAIT));

    assertEquals("creating", status(snap));
    assertEquals("running worker-b-" + snap + " 2", taskRow(id));
    assertEquals(0, messages(snap));
    // the attempt that holds the task now finishes it
    Task current = task(id, snap, "worker-b-" + snap, 2);
    assertEquals(
        Outcome.COMPLETED, completions.complete(completion(snap, current)).await().atMost(WAIT));
    assertEquals("available", status(snap));
    assertEquals("gone", taskRow(id));
  }

  @Test
  void batch_withOneSnapshotMovedOnAndOneTaskTakenOver_skipsOnlyThoseRows() {
    Api api = Api.admin();
    List<UUID> snaps = new ArrayList<>();
    List<Task> tasks = new ArrayList<>();
    for (int k = 0; k < 4; k++) {
      UUID snap = snapshot(api);
      String owner = "worker-t-" + snap;
      snaps.add(snap);
      tasks.add(task(task(snap, owner, 1), snap, owner, 1));
    }
    sql("UPDATE snapshots SET status = 'error' WHERE id = $1", snaps.get(1));
    // the last task's lease was taken over by another worker
    sql(
        "UPDATE tasks SET owner = 'worker-other', attempts = 2 WHERE resource_id = $1",
        snaps.get(3));

    List<Completion> batch = new ArrayList<>();
    for (int k = 0; k < 4; k++) {
      batch.add(completion(snaps.get(k), tasks.get(k)));
    }
    Map<Long, Outcome> out = rows.complete(pool, batch).await().atMost(WAIT);

    assertEquals(Outcome.COMPLETED, out.get(tasks.get(0).id()));
    assertEquals(Outcome.STATUS_CHANGED, out.get(tasks.get(1).id()));
    assertEquals(Outcome.COMPLETED, out.get(tasks.get(2).id()));
    assertEquals(Outcome.LEASE_LOST, out.get(tasks.get(3).id()));
    assertEquals("available 100% loc-" + snaps.get(0), detail(snaps.get(0)));
    assertEquals("error 0% null", detail(snaps.get(1)));
    assertEquals("available 100% loc-" + snaps.get(2), detail(snaps.get(2)));
    assertEquals("creating 0% null", detail(snaps.get(3)));
    assertEquals("gone", taskRow(tasks.get(0).id()));
    assertEquals("gone", taskRow(tasks.get(1).id()));
    assertEquals("gone", taskRow(tasks.get(2).id()));
    assertEquals("running worker-other 2", taskRow(tasks.get(3).id()));
  }

  @Test
  void completionsAtOnce_withOneFailingRow_failOnlyThatOne() {
    Api api = Api.admin();
    List<Uni<Outcome>> all = new ArrayList<>();
    List<UUID> snaps = new ArrayList<>();
    for (int k = 0; k < 20; k++) {
      UUID snap = snapshot(api);
      String owner = "worker-f-" + snap;
      snaps.add(snap);
      Task t = task(task(snap, owner, 1), snap, owner, 1);
      // an export path longer than its column fails the statement that holds it
      String export = k == 10 ? "/x".repeat(600) : null;
      Completion c = completion(snap, t);
      all.add(
          completions
              .complete(
                  new Completion(
                      c.id(),
                      c.expected(),
                      c.status(),
                      c.providerLocation(),
                      export,
                      c.taskId(),
                      c.owner(),
                      c.attempts()))
              .onFailure()
              .recoverWithItem((Outcome) null));
    }
    List<Outcome> out = Uni.join().all(all).andFailFast().await().atMost(WAIT);
    for (int k = 0; k < 20; k++) {
      assertEquals(k == 10 ? null : Outcome.COMPLETED, out.get(k), "completion " + k);
      assertEquals(k == 10 ? "creating" : "available", status(snaps.get(k)));
    }
  }

  /**
   * A worker that takes back an expired lease of its own keeps the attempt number (its attempt may
   * still run and must still own the row); taking over another worker's expired lease counts a new
   * attempt.
   */
  @Test
  void expiredLease_retakenByItsOwnWorker_keepsTheAttempt_takenOverByAnother_countsOne() {
    String me = "worker-r-" + UUID.randomUUID();
    Task retaken = claimExpired(me, me, 3);
    assertEquals(3, retaken.attempts());
    assertTrue(retaken.leaseExpired());
    assertEquals("running " + me + " 3", taskRow(retaken.id()));

    Task takenOver = claimExpired("worker-r-gone-" + UUID.randomUUID(), me, 3);
    assertEquals(4, takenOver.attempts());
    assertTrue(takenOver.leaseExpired());
    assertEquals("running " + me + " 4", taskRow(takenOver.id()));
  }

  /**
   * Claims, as {@code claimer}, a task row left running by {@code holder} at {@code attempts} with
   * its lease expired. The row names a backend of its own, which only this claim asks for; the
   * service's own worker may still take it first as a task of an unknown backend (its sweeps claim
   * those), and then the row is made again.
   */
  private Task claimExpired(String holder, String claimer, int attempts) {
    String backend = "retake-" + UUID.randomUUID();
    for (int tries = 0; tries < 5; tries++) {
      long id =
          pool.preparedQuery(
                  "INSERT INTO tasks (kind, resource_id, status, attempts, owner, lease_until,"
                      + " backend) VALUES ('snapshot.create', $1, 'running', $2, $3,"
                      + " now() - interval '1 second', $4) RETURNING id")
              .execute(Tuple.of(UUID.randomUUID(), attempts, holder, backend))
              .await()
              .atMost(WAIT)
              .iterator()
              .next()
              .getLong(0);
      List<Task> claimed =
          queue
              .claim(
                  claimer,
                  new TaskQueue.Slots(new String[] {backend}, new Integer[] {1}, 0, 1),
                  Duration.ofHours(1))
              .await()
              .atMost(WAIT);
      for (Task t : claimed) {
        if (t.id() == id) {
          return t;
        }
      }
    }
    throw new AssertionError("the service's worker took the task row first, five times");
  }

  private static Completion completion(UUID snap, Task t) {
    return new Completion(
        snap, "creating", "available", "loc-" + snap, null, t.id(), t.owner(), t.attempts());
  }

  private static Task task(long id, UUID snap, String owner, int attempts) {
    return new Task(
        id, TaskKind.SNAPSHOT_CREATE, snap, attempts, "req-own", null, false, owner, null);
  }

  private UUID snapshot(Api api) {
    UUID snap = UUID.randomUUID();
    pool.preparedQuery(
            "INSERT INTO snapshots (id, project_id, user_id, share_id, share_size, size,"
                + " share_proto, status, progress, created_at) VALUES ($1, $2, 'alice', $3, 1, 1,"
                + " 'NFS', 'creating', '0%', now() AT TIME ZONE 'utc')")
        .execute(Tuple.of(snap, api.project, UUID.fromString(api.share())))
        .await()
        .atMost(WAIT);
    return snap;
  }

  /** A task row as a claim leaves it, with a lease far off so that no worker takes it. */
  private long task(UUID snap, String owner, int attempts) {
    return pool.preparedQuery(
            "INSERT INTO tasks (kind, resource_id, status, attempts, owner, lease_until)"
                + " VALUES ('snapshot.create', $1, 'running', $2, $3, now() + interval '1 hour')"
                + " RETURNING id")
        .execute(Tuple.of(snap, attempts, owner))
        .await()
        .atMost(WAIT)
        .iterator()
        .next()
        .getLong(0);
  }

  private void sql(String statement, UUID id) {
    pool.preparedQuery(statement).execute(Tuple.of(id)).await().atMost(WAIT);
  }

  private Row one(String query, Object arg) {
    var rs = pool.preparedQuery(query).execute(Tuple.of(arg)).await().atMost(WAIT);
    return rs.size() == 0 ? null : rs.iterator().next();
  }

  private String status(UUID snap) {
    return one("SELECT status FROM snapshots WHERE id = $1", snap).getString(0);
  }

  private String detail(UUID snap) {
    Row r = one("SELECT status, progress, provider_location FROM snapshots WHERE id = $1", snap);
    return r.getString(0) + " " + r.getString(1) + " " + r.getString(2);
  }

  private String taskRow(long id) {
    Row r = one("SELECT status, owner, attempts FROM tasks WHERE id = $1", id);
    return r == null ? "gone" : r.getString(0) + " " + r.getString(1) + " " + r.getInteger(2);
  }

  private long messages(UUID snap) {
    return one("SELECT count(*) FROM messages WHERE resource_id = $1", snap).getLong(0);
  }
}
