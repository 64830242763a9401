package dev.sharesnap.persistence;

import dev.sharesnap.domain.ShareGroup;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Share group rows; state changes are conditional updates, as for snapshots. */
@ApplicationScoped
public class ShareGroupRepository {

  private static final String COLUMNS =
      "id, project_id, user_id, name, description, status, host, share_group_type_id, share_types,"
          + " source_share_group_snapshot_id, consistent_snapshot_support, created_at, updated_at";

  private final GroupRows<ShareGroup> rows =
      new GroupRows<>("share_groups", COLUMNS, ShareGroupRepository::map);

  public Uni<ShareGroup> findById(SqlClient db, UUID id) {
    return rows.findById(db, id);
  }

  /** Moves to {@code status} if in one of {@code from}; null when it was not. */
  public Uni<ShareGroup> transition(SqlClient db, UUID id, List<String> from, String status) {
    return rows.transition(db, id, from, status);
  }

  /** Sets the status whatever it was (reset_status, force_delete); null when the row is gone. */
  public Uni<ShareGroup> setStatus(SqlClient db, UUID id, String status) {
    return rows.setStatus(db, id, status);
  }

  /** Manila's update: the keys present in {@code changes} (name, description) are set. */
  public Uni<ShareGroup> rename(SqlClient db, UUID id, Map<String, String> changes) {
    return rows.rename(db, id, changes);
  }

  /** Locks the group row for the rest of the transaction (share create, group snapshot, delete). */
  public Uni<ShareGroup> lock(SqlClient db, UUID id) {
    return db.preparedQuery("SELECT " + COLUMNS + " FROM share_groups WHERE id = $1 FOR UPDATE")
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : map(rows.iterator().next()));
  }

  public Uni<Void> insert(SqlClient db, ShareGroup g) {
    return db.preparedQuery(
            "INSERT INTO share_groups (id, project_id, user_id, name, description, status, host,"
                + " share_group_type_id, share_types, source_share_group_snapshot_id,"
                + " consistent_snapshot_support, created_at)"
                + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)")
        .execute(
            Tuple.of(g.id(), g.projectId(), g.userId(), g.name())
                .addValue(g.description())
                .addValue(g.status())
                .addValue(g.host())
                .addValue(g.shareGroupTypeId())
                .addValue(g.shareTypes().toArray(new UUID[0]))
                .addValue(g.sourceShareGroupSnapshotId())
                .addValue(g.consistentSnapshotSupport())
                .addValue(g.createdAt()))
        .replaceWithVoid();
  }

  /** Lists groups, newest first; {@code projectId} null means every project. */
  public Uni<List<ShareGroup>> list(
      SqlClient db,
      String projectId,
      String name,
      String status,
      UUID typeId,
      Integer limit,
      int offset) {
    return new ListQuery("SELECT " + COLUMNS + " FROM share_groups")
        .where("project_id = ", projectId)
        .where("name = ", name)
        .where("status = ", status)
        .where("share_group_type_id = ", typeId)
        .orderBy("created_at", "id", false)
        .page(limit, offset)
        .run(db, ShareGroupRepository::map);
  }

  public Uni<Boolean> deleteIfStatus(SqlClient db, UUID id, String expectedStatus) {
    return db.preparedQuery("DELETE FROM share_groups WHERE id = $1 AND status = $2")
        .execute(Tuple.of(id, expectedStatus))
        .map(rows -> rows.rowCount() > 0);
  }

  /** How many shares and group snapshots still refer to the group. */
  public Uni<int[]> dependents(SqlClient db, UUID id) {
    return db.preparedQuery(
            "SELECT (SELECT count(*) FROM shares WHERE share_group_id = $1)::int AS shares,"
                + " (SELECT count(*) FROM share_group_snapshots WHERE share_group_id = $1)::int"
                + " AS snapshots")
        .execute(Tuple.of(id))
        .map(rows -> rows.iterator().next())
        .map(r -> new int[] {r.getInteger("shares"), r.getInteger("snapshots")});
  }

  static ShareGroup map(Row r) {
    return new ShareGroup(
        r.getUUID("id"),
        r.getString("project_id"),
        r.getString("user_id"),
        r.getString("name"),
        r.getString("description"),
        r.getString("status"),
        r.getString("host"),
        r.getUUID("share_group_type_id"),
        Arrays.asList(r.getArrayOfUUIDs("share_types")),
        r.getUUID("source_share_group_snapshot_id"),
        r.getString("consistent_snapshot_support"),
        r.getLocalDateTime("created_at"),
        r.getLocalDateTime("updated_at"));
  }
}
