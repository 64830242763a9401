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

  public Uni<ShareGroupSnapshot> findById(SqlClient db, UUID id) {
    return db.preparedQuery("SELECT " + COLUMNS + " FROM share_group_snapshots WHERE id = $1")
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : map(rows.iterator().next()));
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

  /** Moves to {@code status} if in one of {@code from}; null when it was not. */
  public Uni<ShareGroupSnapshot> transition(
      SqlClient db, UUID id, List<String> from, String status) {
    return db.preparedQuery(
            "UPDATE share_group_snapshots SET status = $2, updated_at = $3 WHERE id = $1"
                + " AND status = ANY($4) RETURNING "
                + COLUMNS)
        .execute(Tuple.of(id, status, Clock.now(), from.toArray(new String[0])))
        .map(rows -> rows.size() == 0 ? null : map(rows.iterator().next()));
  }

  /** Sets the status whatever it was (reset_status, force_delete); null when the row is gone. */
  public Uni<ShareGroupSnapshot> setStatus(SqlClient db, UUID id, String status) {
    return db.preparedQuery(
            "UPDATE share_group_snapshots SET status = $2, updated_at = $3 WHERE id = $1"
                + " RETURNING "
                + COLUMNS)
        .execute(Tuple.of(id, status, Clock.now()))
        .map(rows -> rows.size() == 0 ? null : map(rows.iterator().next()));
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

  /** Manila's update: the keys present in {@code changes} (name, description) are set. */
  public Uni<ShareGroupSnapshot> rename(SqlClient db, UUID id, Map<String, String> changes) {
    return db.preparedQuery(
            "UPDATE share_group_snapshots SET name = CASE WHEN $2 THEN $3 ELSE name END,"
                + " description = CASE WHEN $4 THEN $5 ELSE description END, updated_at = $6"
                + " WHERE id = $1 RETURNING "
                + COLUMNS)
        .execute(
            Tuple.of(id, changes.containsKey("name"), changes.get("name"))
                .addValue(changes.containsKey("description"))
                .addValue(changes.get("description"))
                .addValue(Clock.now()))
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
