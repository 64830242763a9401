package dev.sharesnap.persistence;

import dev.sharesnap.domain.ShareGroupSnapshot;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Share group snapshot rows (their members are rows of {@code snapshots}). */
@ApplicationScoped
public class ShareGroupSnapshotRepository {

  private static final String COLUMNS =
      "id, project_id, user_id, share_group_id, name, description, status, error_reason,"
          + " created_at, updated_at";

  private final GroupRows<ShareGroupSnapshot> rows =
      new GroupRows<>("share_group_snapshots", COLUMNS, ShareGroupSnapshotRepository::map);

  public Uni<ShareGroupSnapshot> findById(SqlClient db, UUID id) {
    return rows.findById(db, id);
  }

  /** Moves to {@code status} if in one of {@code from}; null when it was not. */
  public Uni<ShareGroupSnapshot> transition(
      SqlClient db, UUID id, List<String> from, String status) {
    return rows.transition(db, id, from, status);
  }

  /** Sets the status whatever it was (reset_status, force_delete); null when the row is gone. */
  public Uni<ShareGroupSnapshot> setStatus(SqlClient db, UUID id, String status) {
    return rows.setStatus(db, id, status);
  }

  /** Manila's update: the keys present in {@code changes} (name, description) are set. */
  public Uni<ShareGroupSnapshot> rename(SqlClient db, UUID id, Map<String, String> changes) {
    return rows.rename(db, id, changes);
  }

  public Uni<Void> insert(SqlClient db, ShareGroupSnapshot s) {
    return db.preparedQuery(
            "INSERT INTO share_group_snapshots (id, project_id, user_id, share_group_id, name,"
                + " description, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
        .execute(
            Tuple.of(s.id(), s.projectId(), s.userId(), s.shareGroupId())
                .addValue(s.name())
                .addValue(s.description())
                .addValue(s.status())
                .addValue(s.createdAt()))
        .replaceWithVoid();
  }

  /** Lists group snapshots, newest first; {@code projectId} null means every project. */
  public Uni<List<ShareGroupSnapshot>> list(
      SqlClient db,
      String projectId,
      String name,
      String status,
      UUID shareGroupId,
      Integer limit,
      int offset) {
    return new ListQuery("SELECT " + COLUMNS + " FROM share_group_snapshots")
        .where("project_id = ", projectId)
        .where("name = ", name)
        .where("status = ", status)
        .where("share_group_id = ", shareGroupId)
        .orderBy("created_at", "id", false)
        .page(limit, offset)
        .run(db, ShareGroupSnapshotRepository::map);
  }

  /** Records a task's outcome while the row is still in {@code expected}; null otherwise. */
  public Uni<ShareGroupSnapshot> complete(
      SqlClient db, UUID id, String expected, String status, String error) {
    return db.preparedQuery(
            "UPDATE share_group_snapshots SET status = $3, updated_at = $4, error_reason = $5"
                + " WHERE id = $1 AND status = $2 RETURNING "
                + COLUMNS)
        .execute(Tuple.of(id, expected, status, Clock.now()).addValue(error))
        .map(rows -> rows.size() == 0 ? null : map(rows.iterator().next()));
  }

  /**
   * Locks the row for the caller's transaction while it is in {@code expected} (any status when
   * null) and answers it; null when it is gone or elsewhere. A task removing the group snapshot
   * holds this lock, so a second run of the same task (a lost lease) or a reset_status waits and
   * then finds it gone or changed.
   */
  public Uni<ShareGroupSnapshot> lockIfStatus(SqlClient db, UUID id, String expected) {
    return db.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM share_group_snapshots WHERE id = $1 AND ($2::text IS NULL OR status = $2)"
                + " FOR UPDATE")
        .execute(Tuple.of(id, expected))
        .map(rows -> rows.size() == 0 ? null : map(rows.iterator().next()));
  }

  /** Deletes the row whatever its status; returns whether it did. */
  public Uni<Boolean> delete(SqlClient db, UUID id) {
    return db.preparedQuery("DELETE FROM share_group_snapshots WHERE id = $1")
        .execute(Tuple.of(id))
        .map(rows -> rows.rowCount() > 0);
  }

  static ShareGroupSnapshot map(Row r) {
    return new ShareGroupSnapshot(
        r.getUUID("id"),
        r.getString("project_id"),
        r.getString("user_id"),
        r.getUUID("share_group_id"),
        r.getString("name"),
        r.getString("description"),
        r.getString("status"),
        r.getString("error_reason"),
        r.getLocalDateTime("created_at"),
        r.getLocalDateTime("updated_at"),
        List.of());
  }
}
