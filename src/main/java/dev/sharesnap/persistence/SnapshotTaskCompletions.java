package dev.sharesnap.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Snapshot task outcomes recorded together with their tasks' removal, many in one statement (one
 * commit): each row's outcome is written only if its task row is still held by the claim that ran
 * it and the snapshot is still in the status the task expects; the owned task rows are deleted in
 * the same statement, whatever the snapshot's status. The status-event trigger fires per updated
 * row, as for a single update.
 */
@ApplicationScoped
public class SnapshotTaskCompletions {

  /** One task's outcome: move snapshot {@code id} from {@code expected} to {@code status}. */
  public record Completion(
      UUID id,
      String expected,
      String status,
      String providerLocation,
      String exportPath,
      long taskId,
      String owner,
      int attempts) {}

  /** What became of a completion. */
  public enum Outcome {
    /** Recorded, and the task removed. */
    COMPLETED,
    /** The snapshot had left the expected status (or is gone): the task removed, nothing else. */
    STATUS_CHANGED,
    /** The task is no longer held by this claim: nothing changed. */
    LEASE_LOST
  }

  private static final String SQL =
      "WITH i AS (SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[],"
          + " $5::text[], $6::int8[], $7::text[], $8::int4[], $9::text[]) AS i(id, expected,"
          + " status, provider_location, export_path, task_id, owner, attempts, progress)),"
          + " owned AS (DELETE FROM tasks t USING i WHERE t.id = i.task_id AND t.owner = i.owner"
          + " AND t.attempts = i.attempts RETURNING t.id),"
          + " done AS (UPDATE snapshots s SET status = i.status, updated_at = $10,"
          + " provider_location = COALESCE(i.provider_location, s.provider_location),"
          + " error_reason = NULL, progress = COALESCE(i.progress, s.progress),"
          + " export_path = COALESCE(i.export_path, s.export_path)"
          + " FROM i JOIN owned o ON o.id = i.task_id WHERE s.id = i.id AND s.status = i.expected"
          + " RETURNING s.id)"
          + " SELECT i.task_id, o.id IS NOT NULL AS owned, d.id IS NOT NULL AS done FROM i"
          + " LEFT JOIN owned o ON o.id = i.task_id LEFT JOIN done d ON d.id = i.id";

  /**
   * Records {@code completions} (at most one per snapshot) in one statement; the outcomes by task
   * id.
   */
  public Uni<Map<Long, Outcome>> complete(SqlClient db, List<Completion> completions) {
    int n = completions.size();
    UUID[] ids = new UUID[n];
    String[] expected = new String[n];
    String[] status = new String[n];
    String[] location = new String[n];
    String[] export = new String[n];
    Long[] taskIds = new Long[n];
    String[] owners = new String[n];
    Integer[] attempts = new Integer[n];
    String[] progress = new String[n];
    for (int k = 0; k < n; k++) {
      Completion c = completions.get(k);
      ids[k] = c.id();
      expected[k] = c.expected();
      status[k] = c.status();
      location[k] = c.providerLocation();
      export[k] = c.exportPath();
      taskIds[k] = c.taskId();
      owners[k] = c.owner();
      attempts[k] = c.attempts();
      progress[k] = SnapshotProgress.of(c.status());
    }
    Tuple t =
        Tuple.of(ids, expected, status, location, export, taskIds)
            .addValue(owners)
            .addValue(attempts)
            .addValue(progress)
            .addValue(SnapshotRepository.now());
    return db.preparedQuery(SQL).execute(t).map(SnapshotTaskCompletions::outcomes);
  }

  private static Map<Long, Outcome> outcomes(Iterable<Row> rows) {
    Map<Long, Outcome> out = new HashMap<>();
    for (Row r : rows) {
      Outcome o =
          !r.getBoolean("owned")
              ? Outcome.LEASE_LOST
              : r.getBoolean("done") ? Outcome.COMPLETED : Outcome.STATUS_CHANGED;
      out.put(r.getLong("task_id"), o);
    }
    return out;
  }
}
