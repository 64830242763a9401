package dev.sharesnap.persistence;

import dev.sharesnap.domain.SnapshotSchedule;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Snapshot schedules (extension) and the schedule-side queries on snapshots. */
@ApplicationScoped
public class ScheduleRepository {

  private static final String COLUMNS =
      "id, project_id, user_id, share_id, name, interval_seconds, cron, time_zone,"
          + " retention_count, max_age_seconds, runs, next_run_at, last_run_at, created_at";

  public Uni<SnapshotSchedule> insert(SqlClient db, SnapshotSchedule s) {
    Tuple t =
        Tuple.tuple()
            .addValue(s.id())
            .addValue(s.projectId())
            .addValue(s.userId())
            .addValue(s.shareId())
            .addValue(s.name())
            .addValue(s.intervalSeconds())
            .addValue(s.cron())
            .addValue(s.timeZone())
            .addValue(s.retentionCount())
            .addValue(s.maxAgeSeconds())
            .addValue(s.nextRunAt())
            .addValue(s.createdAt());
    return db.preparedQuery(
            "INSERT INTO snapshot_schedules (id, project_id, user_id, share_id, name,"
                + " interval_seconds, cron, time_zone, retention_count, max_age_seconds,"
                + " next_run_at, created_at)"
                + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING "
                + COLUMNS)
        .execute(t)
        .map(rows -> map(rows.iterator().next()));
  }

  public Uni<List<SnapshotSchedule>> listForShare(SqlClient db, UUID shareId) {
    return db.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM snapshot_schedules WHERE share_id = $1 ORDER BY created_at, id")
        .execute(Tuple.of(shareId))
        .map(ScheduleRepository::all);
  }

  public Uni<Boolean> delete(SqlClient db, UUID shareId, UUID id) {
    return db.preparedQuery("DELETE FROM snapshot_schedules WHERE id = $1 AND share_id = $2")
        .execute(Tuple.of(id, shareId))
        .map(rows -> rows.rowCount() > 0);
  }

  /**
   * Locks one due schedule for this transaction, skipping rows another replica holds; null when
   * nothing is due. The caller moves its next run on ({@link #claim}) in the same transaction,
   * which commits or rolls back with the snapshot it creates, so a due time fires once.
   */
  public Uni<SnapshotSchedule> lockDue(SqlClient tx, LocalDateTime now) {
    return tx.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM snapshot_schedules WHERE next_run_at <= $1"
                + " ORDER BY next_run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED")
        .execute(Tuple.of(now))
        .map(rows -> rows.size() == 0 ? null : map(rows.iterator().next()));
  }

  /** Counts a run of the locked schedule at {@code now} and sets its next run. */
  public Uni<SnapshotSchedule> claim(SqlClient tx, UUID id, LocalDateTime now, LocalDateTime next) {
    return tx.preparedQuery(
            "UPDATE snapshot_schedules SET runs = runs + 1, last_run_at = $2, next_run_at = $3"
                + " WHERE id = $1 RETURNING "
                + COLUMNS)
        .execute(Tuple.of(id, now, next))
        .map(rows -> map(rows.iterator().next()));
  }

  /**
   * Moves a schedule's next run to {@code next} without firing (a firing that failed), unless
   * another replica moved it already.
   */
  public Uni<Void> skip(SqlClient db, UUID id, LocalDateTime now, LocalDateTime next) {
    return db.preparedQuery(
            "UPDATE snapshot_schedules SET next_run_at = $3 WHERE id = $1 AND next_run_at <= $2")
        .execute(Tuple.of(id, now, next))
        .replaceWithVoid();
  }

  public Uni<Void> markScheduled(SqlClient tx, UUID snapshotId, UUID scheduleId) {
    return tx.preparedQuery("UPDATE snapshots SET schedule_id = $2 WHERE id = $1")
        .execute(Tuple.of(snapshotId, scheduleId))
        .replaceWithVoid();
  }

  /**
   * Moves to {@code deleting} the schedule's snapshots beyond its retention: those not among the
   * newest {@code retention_count} (all its snapshots not being deleted count) or older than {@code
   * max_age}. Skipped: snapshots not available or in error, held by kept_until, with shares created
   * from them, or locked by another transaction. Returns the ids to delete.
   */
  public Uni<List<UUID>> prune(SqlClient tx, SnapshotSchedule s, LocalDateTime now) {
    return tx.preparedQuery(
            "UPDATE snapshots SET status = 'deleting', updated_at = $4 WHERE id IN ("
                + " SELECT o.id FROM snapshots o WHERE o.schedule_id = $1"
                + " AND o.status IN ('available', 'error')"
                + " AND (o.kept_until IS NULL OR o.kept_until <= $4)"
                + " AND NOT EXISTS (SELECT 1 FROM shares sh WHERE sh.snapshot_id = o.id)"
                + " AND (($2::int IS NOT NULL AND o.id NOT IN (SELECT n.id FROM snapshots n"
                + " WHERE n.schedule_id = $1 AND n.status <> 'deleting'"
                + " ORDER BY n.created_at DESC, n.id DESC LIMIT $2))"
                + " OR ($3::int IS NOT NULL AND o.created_at < $4 - make_interval(secs => $3)))"
                + " FOR UPDATE SKIP LOCKED) RETURNING id")
        .execute(Tuple.of(s.id(), s.retentionCount(), s.maxAgeSeconds(), now))
        .map(
            rows -> {
              List<UUID> ids = new ArrayList<>(rows.size());
              rows.forEach(r -> ids.add(r.getUUID("id")));
              return ids;
            });
  }

  private static List<SnapshotSchedule> all(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
    List<SnapshotSchedule> out = new ArrayList<>(rows.size());
    rows.forEach(r -> out.add(map(r)));
    return out;
  }

  static SnapshotSchedule map(Row r) {
    return new SnapshotSchedule(
        r.getUUID("id"),
        r.getString("project_id"),
        r.getString("user_id"),
        r.getUUID("share_id"),
        r.getString("name"),
        r.getInteger("interval_seconds"),
        r.getString("cron"),
        r.getString("time_zone"),
        r.getInteger("retention_count"),
        r.getInteger("max_age_seconds"),
        r.getInteger("runs"),
        r.getLocalDateTime("next_run_at"),
        r.getLocalDateTime("last_run_at"),
        r.getLocalDateTime("created_at"));
  }
}
