package dev.sharesnap.persistence;

/**
 * SQL of a claim: the runnable tasks of some backends, oldest first, locked with {@code SKIP
 * LOCKED} and leased to a worker. Used by the worker's own claim ({@link
 * dev.sharesnap.task.TaskQueue#claim}) and inside a snapshot create batch's insert ({@link
 * SnapshotCreateRepository#insertAllCharged}), which takes the oldest queued tasks of its backends
 * first, so both keep one order and one lease rule.
 */
public final class TaskClaimSql {

  private TaskClaimSql() {}

  /** Queued and due, or running with an expired lease; in id order (oldest first). */
  public static final String RUNNABLE =
      " ((status = 'queued' AND not_before <= now()) OR (status = 'running' AND lease_until <"
          + " now())) ORDER BY id";

  /** The columns a claim returns for each task it took ({@code c}: the picked rows). */
  public static final String RETURNING =
      " RETURNING t.id, t.kind, t.resource_id, t.attempts, t.request_id,"
          + " t.trace_parent, t.owner, c.status = 'running' AS lease_expired, t.backend";

  /**
   * Rows {@code (id, status)}: per backend {@code names[i]}, up to {@code free[i]} of its runnable
   * tasks ({@code names} and {@code free}: SQL array expressions), locked; each backend's tasks are
   * walked in id order on {@code tasks_backend_idx}.
   */
  public static String pickPerBackend(String names, String free) {
    return pick(names, free, RUNNABLE);
  }

  /**
   * Like {@link #pickPerBackend}, but only queued tasks that are due, walked on {@code
   * tasks_queued_backend_idx}, which holds no running task: cheap enough for every create batch
   * (expired leases are left to the worker's claims).
   */
  public static String pickQueuedPerBackend(String names, String free) {
    return pick(names, free, " status = 'queued' AND not_before <= now() ORDER BY id");
  }

  private static String pick(String names, String free, String condition) {
    return "SELECT c.id, c.status FROM unnest("
        + names
        + "::text[], "
        + free
        + "::int[]) AS b (name, free)"
        + " CROSS JOIN LATERAL (SELECT id, status FROM tasks WHERE backend = b.name AND"
        + condition
        + " LIMIT b.free FOR UPDATE SKIP LOCKED) c";
  }

  /**
   * The UPDATE that leases the rows of CTE {@code c} (columns {@code id, status}) to {@code owner}
   * for {@code leaseSeconds} (SQL expressions; the owner is cast once to text: PostgreSQL would
   * deduce varchar from the assignment and text from the comparison), returning {@link #RETURNING}.
   * A worker taking back a lease of its own keeps the attempt number: its attempt may still run
   * (the worker does not start it twice) and must still own the row.
   */
  public static String lease(String owner, String leaseSeconds) {
    return "UPDATE tasks t SET status = 'running', owner = "
        + owner
        + "::text, attempts = CASE WHEN c.status = 'running' AND t.owner = "
        + owner
        + "::text THEN t.attempts ELSE t.attempts + 1 END,"
        + " lease_until = now() + make_interval(secs => "
        + leaseSeconds
        + ") FROM c WHERE t.id = c.id"
        + RETURNING;
  }
}
