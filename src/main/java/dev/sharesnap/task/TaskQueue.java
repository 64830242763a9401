package dev.sharesnap.task;

import dev.sharesnap.persistence.NewTaskRow;
import dev.sharesnap.persistence.TaskBackendSql;
import dev.sharesnap.persistence.TaskClaimSql;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The task table. Enqueue happens inside the caller's transaction (the state change and its task
 * commit together); claiming uses {@code FOR UPDATE SKIP LOCKED} with a lease, so any number of
 * workers in any number of replicas share the queue without running a task twice at once, and a
 * task whose worker died is claimed again once its lease expires.
 */
@ApplicationScoped
public class TaskQueue {

  private final Pool pool;

  public TaskQueue(@TaskPool Pool pool) {
    this.pool = pool;
  }

  /**
   * Adds a task in the caller's transaction and notifies every replica once that transaction
   * commits; the notification names the task's backend, so a worker whose other backends are busy
   * knows which one has work.
   */
  public Uni<Void> enqueue(SqlClient tx, TaskKind kind, UUID resourceId, String requestId) {
    // the insert and the NOTIFY (delivered at commit) in one round trip
    return tx.preparedQuery(ENQUEUE.get(kind))
        .execute(
            Tuple.of(
                kind.key(),
                resourceId,
                requestId,
                TaskTelemetry.currentTraceParent(),
                TaskNotifications.CHANNEL))
        .replaceWithVoid();
  }

  private static final Map<TaskKind, String> ENQUEUE = new EnumMap<>(TaskKind.class);
  private static final Map<TaskKind, String> ENQUEUE_ALL = new EnumMap<>(TaskKind.class);

  static {
    for (TaskKind kind : TaskKind.values()) {
      ENQUEUE.put(
          kind,
          "WITH task AS (INSERT INTO tasks (kind, resource_id, request_id, trace_parent, backend)"
              + " VALUES ($1, $2, $3, $4, "
              + TaskBackendSql.ofResource(kind.key(), "$2")
              + ") RETURNING backend) SELECT "
              + TaskBackendSql.notifyEach("task", "$5")
              + " AS woken");
      ENQUEUE_ALL.put(
          kind,
          "WITH task AS (INSERT INTO tasks (kind, resource_id, request_id, backend) SELECT $1, r, $3, "
              + TaskBackendSql.ofResource(kind.key(), "r")
              + " FROM unnest($2::uuid[]) r RETURNING backend) SELECT "
              + TaskBackendSql.notifyEach("task", "$4")
              + " AS woken");
    }
  }

  /**
   * A task of {@code kind} for a repository that inserts it with its resource in one statement (see
   * {@link dev.sharesnap.persistence.SnapshotCreateRepository}); it notifies like {@link #enqueue}.
   */
  public NewTaskRow row(TaskKind kind, String requestId) {
    return new NewTaskRow(
        kind.key(), requestId, TaskTelemetry.currentTraceParent(), TaskNotifications.CHANNEL);
  }

  /** Adds one task of {@code kind} per resource in the caller's transaction (one statement). */
  public Uni<Void> enqueueAll(
      SqlClient tx, TaskKind kind, List<UUID> resourceIds, String requestId) {
    if (resourceIds.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return tx.preparedQuery(ENQUEUE_ALL.get(kind))
        .execute(
            Tuple.of(
                kind.key(), resourceIds.toArray(new UUID[0]), requestId, TaskNotifications.CHANNEL))
        .replaceWithVoid();
  }

  /**
   * Claims runnable tasks (queued and due, or running with an expired lease) for the free slots of
   * {@code slots}: up to {@code free[i]} of backend {@code backends[i]}, up to {@code unassigned}
   * whose backend is none of those (no backend recorded, or a backend this replica does not run),
   * and {@code total} at most, oldest first. A backend with no free slot gets no task claimed, so
   * its tasks keep no lease and no operation timeout runs for them. One statement: each backend's
   * tasks are walked in id order on {@code tasks_backend_idx}; a task of the second kind comes back
   * marked {@link Task#leaseExpired()}.
   */
  public Uni<List<Task>> claim(String owner, Slots slots, Duration lease) {
    return pool.preparedQuery(CLAIM)
        .execute(
            Tuple.of(owner, (double) lease.toSeconds())
                .addValue(slots.backends())
                .addValue(slots.free())
                .addValue(slots.unassigned())
                .addValue(slots.total()))
        .map(
            rows -> {
              List<Task> out = new ArrayList<>(rows.size());
              rows.forEach(r -> out.add(task(r)));
              return out;
            });
  }

  /** Free slots of one claim: per backend (parallel arrays), for the rest, and in all. */
  public record Slots(String[] backends, Integer[] free, int unassigned, int total) {}

  // FOR UPDATE is not allowed under UNION, hence one CTE per part.
  private static final String CLAIM =
      "WITH b AS ("
          + TaskClaimSql.pickPerBackend("$3", "$4")
          + "), u AS (SELECT id, status FROM tasks WHERE (backend IS NULL OR backend <> ALL($3)) AND"
          + TaskClaimSql.RUNNABLE
          + " LIMIT $5 FOR UPDATE SKIP LOCKED),"
          + " c AS (SELECT id, status FROM b UNION ALL SELECT id, status FROM u ORDER BY id LIMIT $6) "
          + TaskClaimSql.lease("$1", "$2");

  /**
   * The tasks a claim inside another statement returned as JSON objects with the columns of {@link
   * TaskClaimSql#RETURNING} (see {@link
   * dev.sharesnap.persistence.SnapshotCreateRepository#insertAllCharged}).
   */
  public static List<Task> tasks(JsonArray claimed) {
    List<Task> out = new ArrayList<>(claimed.size());
    for (int i = 0; i < claimed.size(); i++) {
      JsonObject j = claimed.getJsonObject(i);
      out.add(
          new Task(
              j.getLong("id"),
              TaskKind.fromKey(j.getString("kind")),
              UUID.fromString(j.getString("resource_id")),
              j.getInteger("attempts"),
              j.getString("request_id"),
              j.getString("trace_parent"),
              j.getBoolean("lease_expired"),
              j.getString("owner"),
              j.getString("backend")));
    }
    return out;
  }

  private static Task task(Row r) {
    return new Task(
        r.getLong("id"),
        TaskKind.fromKey(r.getString("kind")),
        r.getUUID("resource_id"),
        r.getInteger("attempts"),
        r.getString("request_id"),
        r.getString("trace_parent"),
        r.getBoolean("lease_expired"),
        r.getString("owner"),
        r.getString("backend"));
  }

  /**
   * The queue as the gauges show it: tasks waiting (due or not), tasks running, and the age of the
   * oldest task row in seconds (0 when empty). One aggregate over a table that holds only pending
   * work.
   */
  public Uni<QueueStats> stats() {
    return pool.query(
            "SELECT count(*) FILTER (WHERE status = 'queued') AS queued,"
                + " count(*) FILTER (WHERE status = 'running') AS running,"
                + " COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 AS oldest"
                + " FROM tasks")
        .execute()
        .map(rows -> rows.iterator().next())
        .map(r -> new QueueStats(r.getLong("queued"), r.getLong("running"), r.getDouble("oldest")));
  }

  /** Pending work of the whole queue (every replica's). */
  public record QueueStats(long queued, long running, double oldestAgeSeconds) {}

  /** Extends the leases of the tasks this worker still runs. */
  public Uni<Void> renew(String owner, List<Long> ids, Duration lease) {
    if (ids.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return pool.preparedQuery(
            "UPDATE tasks SET lease_until = now() + make_interval(secs => $3)"
                + " WHERE owner = $1 AND status = 'running' AND id = ANY($2)")
        .execute(Tuple.of(owner, ids.toArray(new Long[0]), (double) lease.toSeconds()))
        .replaceWithVoid();
  }

  /**
   * A finished task leaves the table; its outcome lives on the resource. Only the claim that runs
   * the task may finish it: an attempt whose lease expired and was taken over (by another worker,
   * or retried meanwhile) finds no row of its claim, and this fails with {@link TaskLeaseLost}, so
   * the caller's transaction rolls back its outcome too and the attempt that holds the task now
   * decides.
   */
  public Uni<Void> complete(SqlClient db, Task task) {
    return db.preparedQuery("DELETE FROM tasks WHERE id = $1 AND owner = $2 AND attempts = $3")
        .execute(Tuple.of(task.id(), task.owner(), task.attempts()))
        .map(rows -> owned(rows.rowCount(), task));
  }

  private static Void owned(int rows, Task task) {
    if (rows == 0) {
      throw new TaskLeaseLost(task);
    }
    return null;
  }

  /** Puts a task back for another attempt after {@code delay}, if {@code task}'s claim holds it. */
  public Uni<Void> retryLater(Task task, Duration delay, String error) {
    return pool.preparedQuery(
            "UPDATE tasks SET status = 'queued', owner = NULL, lease_until = NULL, last_error = $4,"
                + " not_before = now() + make_interval(secs => $5)"
                + " WHERE id = $1 AND owner = $2 AND attempts = $3")
        .execute(
            Tuple.of(task.id(), task.owner(), task.attempts(), error, delay.toMillis() / 1000.0))
        .map(rows -> owned(rows.rowCount(), task));
  }

  /** Hands this worker's running tasks back to the queue (graceful shutdown). */
  public Uni<Void> release(String owner) {
    return pool.preparedQuery(
            "UPDATE tasks SET status = 'queued', owner = NULL, lease_until = NULL, attempts ="
                + " GREATEST(attempts - 1, 0) WHERE owner = $1 AND status = 'running'")
        .execute(Tuple.of(owner))
        .replaceWithVoid();
  }
}
