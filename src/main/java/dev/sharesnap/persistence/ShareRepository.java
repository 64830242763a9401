package dev.sharesnap.persistence;

import dev.sharesnap.domain.Share;
import dev.sharesnap.domain.ShareStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Share rows, joined with their share type's name. */
@ApplicationScoped
public class ShareRepository {

  private static final String COLUMNS =
      "s.id, s.project_id, s.user_id, s.display_name, s.display_description, s.size, s.share_proto,"
          + " s.share_type_id, t.name AS share_type_name, s.status, s.host, s.snapshot_id, s.is_public,"
          + " s.snapshot_support, s.create_share_from_snapshot_support, s.revert_to_snapshot_support,"
          + " s.mount_snapshot_support, s.export_path, s.metadata, s.created_at, s.updated_at,"
          + " s.progress, s.share_group_id, s.source_share_group_snapshot_member_id";

  /** Advisory-lock class for share manage ("SHMG"), apart from every other advisory lock. */
  private static final int MANAGE_LOCK_CLASS = 0x53484d47;

  private static final String FROM = " FROM shares s JOIN share_types t ON t.id = s.share_type_id";

  public Uni<Share> findById(SqlClient db, UUID id) {
    return db.preparedQuery("SELECT " + COLUMNS + FROM + " WHERE s.id = $1")
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : map(rows.iterator().next()));
  }

  /** Locks the share row for the rest of the transaction (snapshot create, share delete). */
  public Uni<Share> lock(SqlClient db, UUID id) {
    return db.preparedQuery("SELECT " + COLUMNS + FROM + " WHERE s.id = $1 FOR UPDATE OF s")
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : map(rows.iterator().next()));
  }

  /**
   * Locks the rows of {@code ids} in id order (so two batches of creates cannot deadlock on each
   * other's shares) and returns the shares found; a missing id has no entry.
   */
  public Uni<Map<UUID, Share>> lockAll(SqlClient db, UUID[] ids) {
    return db.preparedQuery(
            "SELECT " + COLUMNS + FROM + " WHERE s.id = ANY($1) ORDER BY s.id FOR UPDATE OF s")
        .execute(Tuple.tuple().addValue(ids))
        .map(
            rows -> {
              Map<UUID, Share> out = new java.util.HashMap<>();
              rows.forEach(r -> out.put(r.getUUID("id"), map(r)));
              return out;
            });
  }

  /**
   * Locks and returns the shares of a group, oldest first (a group snapshot takes them all; a share
   * delete locks its row too, so none can leave meanwhile).
   */
  public Uni<List<Share>> lockGroup(SqlClient db, UUID groupId) {
    return db.preparedQuery(
            "SELECT "
                + COLUMNS
                + FROM
                + " WHERE s.share_group_id = $1 ORDER BY s.created_at, s.id FOR UPDATE OF s")
        .execute(Tuple.of(groupId))
        .map(
            rows -> {
              List<Share> out = new java.util.ArrayList<>(rows.size());
              rows.forEach(r -> out.add(map(r)));
              return out;
            });
  }

  public Uni<Void> insert(SqlClient db, Share s) {
    Tuple t =
        Tuple.tuple()
            .addValue(s.id())
            .addValue(s.projectId())
            .addValue(s.userId())
            .addValue(s.name())
            .addValue(s.description())
            .addValue(s.size())
            .addValue(s.shareProto())
            .addValue(s.shareTypeId())
            .addValue(s.status())
            .addValue(s.host())
            .addValue(s.snapshotId())
            .addValue(s.isPublic())
            .addValue(s.snapshotSupport())
            .addValue(s.createShareFromSnapshotSupport())
            .addValue(s.revertToSnapshotSupport())
            .addValue(s.mountSnapshotSupport())
            .addValue(JsonColumns.toJson(s.metadata()))
            .addValue(s.createdAt())
            .addValue(s.shareGroupId())
            .addValue(s.sourceShareGroupSnapshotMemberId());
    return db.preparedQuery(
            "INSERT INTO shares (id, project_id, user_id, display_name, display_description, size,"
                + " share_proto, share_type_id, status, host, snapshot_id, is_public, snapshot_support,"
                + " create_share_from_snapshot_support, revert_to_snapshot_support,"
                + " mount_snapshot_support, metadata, created_at, share_group_id,"
                + " source_share_group_snapshot_member_id) VALUES ($1, $2, $3, $4, $5, $6, $7,"
                + " $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)")
        .execute(t)
        .replaceWithVoid();
  }

  /**
   * Some share on {@code host} with export path {@code exportPath}, or the share {@code id}: what
   * share manage must not adopt again. Null when there is none.
   */
  public Uni<UUID> findManaged(SqlClient db, String host, String exportPath, UUID id) {
    return db.preparedQuery(
            "SELECT id FROM shares WHERE (host = $1 AND export_path = $2) OR id = $3 LIMIT 1")
        .execute(Tuple.of(host, exportPath, id))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID("id"));
  }

  /**
   * Serializes manage requests for one export path until the transaction ends, so that two racing
   * requests cannot both find it unmanaged.
   */
  public Uni<Void> lockExportPath(SqlClient tx, String exportPath) {
    return tx.preparedQuery("SELECT pg_advisory_xact_lock($1, hashtext($2))")
        .execute(Tuple.of(MANAGE_LOCK_CLASS, exportPath))
        .replaceWithVoid();
  }

  /** The export path a manage request names, kept until the driver reports its own. */
  public Uni<Void> setExportPath(SqlClient db, UUID id, String exportPath) {
    return db.preparedQuery("UPDATE shares SET export_path = $2 WHERE id = $1")
        .execute(Tuple.of(id, exportPath))
        .replaceWithVoid();
  }

  /**
   * Records a manage outcome while the share is still manage_starting: {@code status} with the size
   * and export path the driver found (available), or size 0 and the reason (manage_error, as
   * Manila's manager leaves a failed manage).
   */
  public Uni<Boolean> completeManage(
      SqlClient db, UUID id, String status, int size, String exportPath, String error) {
    return db.preparedQuery(
            "UPDATE shares SET status = $2, size = $3, export_path = COALESCE($4, export_path),"
                + " error_reason = $5, updated_at = $6 WHERE id = $1 AND status = $7")
        .execute(
            Tuple.of(id, status, size, exportPath)
                .addValue(error)
                .addValue(Clock.now())
                .addValue(ShareStatus.MANAGE_STARTING))
        .map(rows -> rows.rowCount() > 0);
  }

  /** Moves a share to {@code status} if it is in one of {@code from}; returns whether it did. */
  public Uni<Boolean> transition(SqlClient db, UUID id, List<String> from, String status) {
    return db.preparedQuery(
            "UPDATE shares SET status = $2, updated_at = $3 WHERE id = $1 AND status = ANY($4)")
        .execute(Tuple.of(id, status, Clock.now(), from.toArray(new String[0])))
        .map(rows -> rows.rowCount() > 0);
  }

  public Uni<Boolean> setStatus(SqlClient db, UUID id, String status) {
    return db.preparedQuery("UPDATE shares SET status = $2, updated_at = $3 WHERE id = $1")
        .execute(Tuple.of(id, status, Clock.now()))
        .map(rows -> rows.rowCount() > 0);
  }

  /**
   * Records a driver outcome while the share is still in {@code expectedStatus}; a share that
   * becomes available is 100% done.
   */
  public Uni<Boolean> complete(
      SqlClient db,
      UUID id,
      String expectedStatus,
      String status,
      String exportPath,
      String error) {
    return db.preparedQuery(
            "UPDATE shares SET status = $3, updated_at = $4, export_path = COALESCE($5, export_path),"
                + " error_reason = $6, progress = COALESCE($7, progress)"
                + " WHERE id = $1 AND status = $2")
        .execute(
            Tuple.of(id, expectedStatus, status, Clock.now())
                .addValue(exportPath)
                .addValue(error)
                .addValue(ShareStatus.AVAILABLE.equals(status) ? "100%" : null))
        .map(rows -> rows.rowCount() > 0);
  }

  /** A group made from a group snapshot failed for good: its shares still being made fail too. */
  public Uni<Void> failCreatingInGroup(SqlClient db, UUID groupId, String reason) {
    return db.preparedQuery(
            "UPDATE shares SET status = $2, updated_at = $3, error_reason = $4"
                + " WHERE share_group_id = $1 AND status = $5")
        .execute(
            Tuple.of(groupId, ShareStatus.ERROR, Clock.now(), reason)
                .addValue(ShareStatus.CREATING))
        .replaceWithVoid();
  }

  /**
   * A copy's progress: see {@link CopyProgressRows#record}; true while the share is still in {@code
   * expectedStatus}.
   */
  public Uni<Boolean> recordProgress(
      SqlClient db, UUID id, String expectedStatus, String progress) {
    return CopyProgressRows.record(db, "shares", id, expectedStatus, progress);
  }

  public Uni<Boolean> deleteIfStatus(SqlClient db, UUID id, String expectedStatus) {
    return db.preparedQuery("DELETE FROM shares WHERE id = $1 AND status = $2")
        .execute(Tuple.of(id, expectedStatus))
        .map(rows -> rows.rowCount() > 0);
  }

  /** Lists shares; {@code projectId} null means every project. */
  public Uni<List<Share>> list(
      SqlClient db,
      String projectId,
      String name,
      String status,
      UUID snapshotId,
      UUID shareGroupId,
      Integer limit,
      int offset) {
    return new ListQuery("SELECT " + COLUMNS + FROM)
        .where("s.project_id = ", projectId)
        .where("s.display_name = ", name)
        .where("s.status = ", status)
        .where("s.snapshot_id = ", snapshotId)
        .where("s.share_group_id = ", shareGroupId)
        .orderBy("s.created_at", "s.id", false)
        .page(limit, offset)
        .run(db, ShareRepository::map);
  }

  static Share map(Row r) {
    return new Share(
        r.getUUID("id"),
        r.getString("project_id"),
        r.getString("user_id"),
        r.getString("display_name"),
        r.getString("display_description"),
        r.getInteger("size"),
        r.getString("share_proto"),
        r.getUUID("share_type_id"),
        r.getString("share_type_name"),
        r.getString("status"),
        r.getString("host"),
        r.getUUID("snapshot_id"),
        r.getBoolean("is_public"),
        r.getBoolean("snapshot_support"),
        r.getBoolean("create_share_from_snapshot_support"),
        r.getBoolean("revert_to_snapshot_support"),
        r.getBoolean("mount_snapshot_support"),
        r.getString("export_path"),
        JsonColumns.toMap(r.getValue("metadata")),
        r.getLocalDateTime("created_at"),
        r.getLocalDateTime("updated_at"),
        r.getString("progress"),
        r.getUUID("share_group_id"),
        r.getUUID("source_share_group_snapshot_member_id"));
  }
}
