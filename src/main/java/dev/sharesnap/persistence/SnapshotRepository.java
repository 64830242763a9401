package dev.sharesnap.persistence;

import dev.sharesnap.domain.Snapshot;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Snapshot rows, in hand-written SQL. State changes are conditional updates ({@code WHERE status =
 * ANY(...)}) so that two racing requests cannot both win; callers learn from the returned row (or
 * its absence).
 */
@ApplicationScoped
public class SnapshotRepository {

  static final String COLUMNS =
      "id, project_id, user_id, share_id, share_size, size, display_name, display_description, share_proto,"
          + " status, progress, provider_location, metadata, error_reason, created_at, updated_at, kept_until,"
          + " share_group_snapshot_id";

  /** The retention clause: no kept_until, or it passed, or an override ({@code $5} null). */
  private static final String RETENTION_ALLOWS =
      " AND ($5::timestamp IS NULL OR kept_until IS NULL OR kept_until <= $5)";

  public Uni<Snapshot> findById(SqlClient db, UUID id) {
    return db.preparedQuery("SELECT " + COLUMNS + " FROM snapshots WHERE id = $1")
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : map(rows.iterator().next()));
  }

  static final String INSERT =
      "INSERT INTO snapshots (id, project_id, user_id, share_id, share_size, size, display_name,"
          + " display_description, share_proto, status, progress, provider_location, metadata,"
          + " created_at, kept_until, share_group_snapshot_id)"
          + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)";

  public Uni<Snapshot> insert(SqlClient db, Snapshot s) {
    return db.preparedQuery(INSERT + " RETURNING " + COLUMNS)
        .execute(insertTuple(s))
        .map(rows -> map(rows.iterator().next()));
  }

  static Tuple insertTuple(Snapshot s) {
    return Tuple.tuple()
        .addValue(s.id())
        .addValue(s.projectId())
        .addValue(s.userId())
        .addValue(s.shareId())
        .addValue(s.shareSize())
        .addValue(s.size())
        .addValue(s.name())
        .addValue(s.description())
        .addValue(s.shareProto())
        .addValue(s.status())
        .addValue(s.progress())
        .addValue(s.providerLocation())
        .addValue(JsonColumns.toJson(s.metadata()))
        .addValue(s.createdAt())
        .addValue(s.keptUntil())
        .addValue(s.shareGroupSnapshotId());
  }

  /** Moves a snapshot to {@code status} if it is in one of {@code from}; null when it was not. */
  public Uni<Snapshot> transition(SqlClient db, UUID id, List<String> from, String status) {
    return db.preparedQuery(
            "UPDATE snapshots SET status = $2, updated_at = $3 WHERE id = $1 AND status = ANY($4)"
                + " RETURNING "
                + COLUMNS)
        .execute(Tuple.of(id, status, now(), from.toArray(new String[0])))
        .map(rows -> rows.size() == 0 ? null : map(rows.iterator().next()));
  }

  /**
   * Like {@link #transition}, but refused (null) while the snapshot is retained at {@code now}; a
   * null {@code now} is an administrator's override of the retention.
   */
  public Uni<Snapshot> transitionUnlessRetained(
      SqlClient db, UUID id, List<String> from, String status, LocalDateTime now) {
    return db.preparedQuery(
            "UPDATE snapshots SET status = $2, updated_at = $3 WHERE id = $1 AND status = ANY($4)"
                + RETENTION_ALLOWS
                + " RETURNING "
                + COLUMNS)
        .execute(Tuple.of(id, status, now(), from.toArray(new String[0])).addValue(now))
        .map(rows -> rows.size() == 0 ? null : map(rows.iterator().next()));
  }

  /**
   * Like {@link #setStatus}, but refused (null) while retained; see {@link
   * #transitionUnlessRetained}.
   */
  public Uni<Snapshot> setStatusUnlessRetained(
      SqlClient db, UUID id, String status, LocalDateTime now) {
    return db.preparedQuery(
            "UPDATE snapshots SET status = $2, updated_at = $3 WHERE id = $1"
                + RETENTION_ALLOWS.replace("$5", "$4")
                + " RETURNING "
                + COLUMNS)
        .execute(Tuple.of(id, status, now(), now))
        .map(rows -> rows.size() == 0 ? null : map(rows.iterator().next()));
  }

  /**
   * Sets kept_until, only if it is still {@code expected} (two racing changes cannot both pass the
   * retention rule checked against the old value); null when it was not.
   */
  public Uni<Snapshot> setKeptUntil(
      SqlClient db, UUID id, LocalDateTime expected, LocalDateTime keptUntil) {
    return db.preparedQuery(
            "UPDATE snapshots SET kept_until = $3, updated_at = $4 WHERE id = $1"
                + " AND kept_until IS NOT DISTINCT FROM $2 RETURNING "
                + COLUMNS)
        .execute(Tuple.of(id, expected, keptUntil, now()))
        .map(rows -> rows.size() == 0 ? null : map(rows.iterator().next()));
  }

  /** Sets the status whatever it was (reset_status, force_delete). */
  public Uni<Snapshot> setStatus(SqlClient db, UUID id, String status) {
    return db.preparedQuery(
            "UPDATE snapshots SET status = $2, updated_at = $3 WHERE id = $1 RETURNING " + COLUMNS)
        .execute(Tuple.of(id, status, now()))
        .map(rows -> rows.size() == 0 ? null : map(rows.iterator().next()));
  }

  /** The snapshots of {@code ids} that exist, in one query. */
  public Uni<List<Snapshot>> findByIds(SqlClient db, List<UUID> ids) {
    return db.preparedQuery("SELECT " + COLUMNS + " FROM snapshots WHERE id = ANY($1)")
        .execute(Tuple.of(ids.toArray(new UUID[0])))
        .map(
            rows -> {
              List<Snapshot> out = new java.util.ArrayList<>(rows.size());
              rows.forEach(r -> out.add(map(r)));
              return out;
            });
  }

  /** Records a driver outcome, only while the snapshot is still in the status the task expects. */
  public Uni<Snapshot> complete(
      SqlClient db,
      UUID id,
      String expectedStatus,
      String status,
      Integer size,
      String providerLocation,
      String errorReason) {
    Tuple t =
        Tuple.of(id, expectedStatus, status, now())
            .addValue(size)
            .addValue(providerLocation)
            .addValue(errorReason)
            .addValue(SnapshotProgress.of(status));
    return db.preparedQuery(
            "UPDATE snapshots SET status = $3, updated_at = $4, size = COALESCE($5, size),"
                + " provider_location = COALESCE($6, provider_location), error_reason = $7,"
                + " progress = COALESCE($8, progress)"
                + " WHERE id = $1 AND status = $2 RETURNING "
                + COLUMNS)
        .execute(t)
        .map(rows -> rows.size() == 0 ? null : map(rows.iterator().next()));
  }

  /**
   * A copy's progress: see {@link CopyProgressRows#record}; true while the snapshot is still in
   * {@code expectedStatus}.
   */
  public Uni<Boolean> recordProgress(
      SqlClient db, UUID id, String expectedStatus, String progress) {
    return CopyProgressRows.record(db, "snapshots", id, expectedStatus, progress);
  }

  public Uni<Snapshot> rename(SqlClient db, UUID id, Map<String, String> changes) {
    String name = changes.get("display_name");
    String desc = changes.get("display_description");
    return db.preparedQuery(
            "UPDATE snapshots SET display_name = CASE WHEN $2 THEN $3 ELSE display_name END,"
                + " display_description = CASE WHEN $4 THEN $5 ELSE display_description END,"
                + " updated_at = $6 WHERE id = $1 RETURNING "
                + COLUMNS)
        .execute(
            Tuple.of(
                    id,
                    changes.containsKey("display_name"),
                    name,
                    changes.containsKey("display_description"))
                .addValue(desc)
                .addValue(now()))
        .map(rows -> rows.size() == 0 ? null : map(rows.iterator().next()));
  }

  public Uni<Snapshot> setMetadata(SqlClient db, UUID id, Map<String, String> metadata) {
    return db.preparedQuery(
            "UPDATE snapshots SET metadata = $2, updated_at = $3 WHERE id = $1 RETURNING "
                + COLUMNS)
        .execute(Tuple.of(id, JsonColumns.toJson(metadata), now()))
        .map(rows -> rows.size() == 0 ? null : map(rows.iterator().next()));
  }

  /**
   * Records what reconciliation read from the backend (size, location), only while the snapshot is
   * still {@code available}; null when it no longer is.
   */
  public Uni<Snapshot> reconcile(SqlClient db, UUID id, Integer size, String providerLocation) {
    return db.preparedQuery(
            "UPDATE snapshots SET size = COALESCE($2, size),"
                + " provider_location = COALESCE($3, provider_location), updated_at = $4"
                + " WHERE id = $1 AND status = 'available' RETURNING "
                + COLUMNS)
        .execute(Tuple.of(id, size, providerLocation, now()))
        .map(rows -> rows.size() == 0 ? null : map(rows.iterator().next()));
  }

  /**
   * Marks up to {@code limit} available snapshots, least recently synced first and none with a sync
   * already pending, as synced now and returns their ids; rows another transaction holds are
   * skipped.
   */
  public Uni<List<UUID>> takeForSync(SqlClient tx, int limit, String syncKind) {
    return tx.preparedQuery(
            "UPDATE snapshots SET synced_at = $2 WHERE id IN (SELECT s.id FROM snapshots s"
                + " WHERE s.status = 'available' AND NOT EXISTS (SELECT 1 FROM tasks t"
                + " WHERE t.resource_id = s.id AND t.kind = $3)"
                + " ORDER BY s.synced_at NULLS FIRST, s.id LIMIT $1 FOR UPDATE SKIP LOCKED)"
                + " RETURNING id")
        .execute(Tuple.of(limit, now(), syncKind))
        .map(
            rows -> {
              List<UUID> ids = new java.util.ArrayList<>(rows.size());
              rows.forEach(r -> ids.add(r.getUUID("id")));
              return ids;
            });
  }

  /**
   * Snapshots whose kept_until has passed at {@code now}, oldest first: of one project, or of all
   * when {@code projectId} is null.
   */
  public Uni<List<Snapshot>> listExpired(
      SqlClient db, String projectId, LocalDateTime now, int limit) {
    return db.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM snapshots WHERE kept_until <= $1 AND ($2::text IS NULL OR project_id = $2)"
                + " ORDER BY kept_until, id LIMIT $3")
        .execute(Tuple.of(now, projectId, limit))
        .map(
            rows -> {
              List<Snapshot> out = new java.util.ArrayList<>(rows.size());
              rows.forEach(r -> out.add(map(r)));
              return out;
            });
  }

  /**
   * Moves up to {@code limit} expired snapshots (kept_until passed, available or error, no share
   * created from them, not locked elsewhere) to deleting; returns their ids.
   */
  public Uni<List<UUID>> takeExpired(SqlClient tx, LocalDateTime now, int limit) {
    return tx.preparedQuery(
            "UPDATE snapshots SET status = 'deleting', updated_at = $1 WHERE id IN ("
                + " SELECT s.id FROM snapshots s WHERE s.kept_until <= $1"
                + " AND s.status IN ('available', 'error')"
                + " AND NOT EXISTS (SELECT 1 FROM shares sh WHERE sh.snapshot_id = s.id)"
                + " ORDER BY s.kept_until, s.id LIMIT $2 FOR UPDATE SKIP LOCKED) RETURNING id")
        .execute(Tuple.of(now, limit))
        .map(
            rows -> {
              List<UUID> ids = new java.util.ArrayList<>(rows.size());
              rows.forEach(r -> ids.add(r.getUUID("id")));
              return ids;
            });
  }

  /** Deletes the row whatever its status (force_delete); returns whether it did. */
  public Uni<Boolean> delete(SqlClient db, UUID id) {
    return db.preparedQuery("DELETE FROM snapshots WHERE id = $1")
        .execute(Tuple.of(id))
        .map(rows -> rows.rowCount() > 0);
  }

  /** Deletes the row only while it is in {@code expectedStatus}; returns whether it did. */
  public Uni<Boolean> deleteIfStatus(SqlClient db, UUID id, String expectedStatus) {
    return db.preparedQuery("DELETE FROM snapshots WHERE id = $1 AND status = $2")
        .execute(Tuple.of(id, expectedStatus))
        .map(rows -> rows.rowCount() > 0);
  }

  /** The id of the snapshot of this share already at {@code providerLocation}, or null. */
  public Uni<UUID> findIdByLocation(SqlClient db, UUID shareId, String providerLocation) {
    return db.preparedQuery(
            "SELECT id FROM snapshots WHERE share_id = $1 AND provider_location = $2 LIMIT 1")
        .execute(Tuple.of(shareId, providerLocation))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID(0));
  }

  /** Manila's "latest snapshot": newest created_at, ties broken by the greatest id. */
  public Uni<Snapshot> latestOfShare(SqlClient db, UUID shareId) {
    return db.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM snapshots WHERE share_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1")
        .execute(Tuple.of(shareId))
        .map(rows -> rows.size() == 0 ? null : map(rows.iterator().next()));
  }

  /** The snapshot a share is being reverted to (the one in restoring), if any. */
  public Uni<Snapshot> restoringOfShare(SqlClient db, UUID shareId) {
    return db.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM snapshots WHERE share_id = $1 AND status = 'restoring' LIMIT 1")
        .execute(Tuple.of(shareId))
        .map(rows -> rows.size() == 0 ? null : map(rows.iterator().next()));
  }

  public Uni<Integer> countForShare(SqlClient db, UUID shareId) {
    return db.preparedQuery("SELECT count(*) FROM snapshots WHERE share_id = $1")
        .execute(Tuple.of(shareId))
        .map(rows -> rows.iterator().next().getInteger(0));
  }

  public Uni<List<Snapshot>> list(SqlClient db, SnapshotQuery q) {
    return new ListQuery("SELECT " + COLUMNS + " FROM snapshots")
        // members of share group snapshots are listed under their group snapshot, as in Manila
        .and("share_group_snapshot_id IS NULL")
        .where("project_id = ", q.projectId())
        .where("display_name = ", q.name())
        .where("display_description = ", q.description())
        .where("status = ", q.status())
        .where("share_id = ", q.shareId())
        .where("size = ", q.size())
        .where("project_id = ", q.projectIdFilter())
        .where("user_id = ", q.userId())
        .where("id = ", q.id())
        .where("share_proto = ", q.shareProto())
        .where("share_size = ", q.shareSize())
        .where("metadata @> ", q.metadata() == null ? null : JsonColumns.toJson(q.metadata()))
        .where(
            "display_name LIKE ",
            q.nameLike() == null ? null : "%" + escapeLike(q.nameLike()) + "%")
        .where(
            "display_description LIKE ",
            q.descriptionLike() == null ? null : "%" + escapeLike(q.descriptionLike()) + "%")
        .orderBy(q.sortColumn(), "id", q.ascending())
        .page(q.limit(), q.offset())
        .run(db, SnapshotRepository::map);
  }

  private static String escapeLike(String s) {
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  static LocalDateTime now() {
    return Clock.now();
  }

  /** The members of a share group snapshot, oldest share first. */
  public Uni<List<Snapshot>> members(SqlClient db, UUID groupSnapshotId) {
    return new ListQuery("SELECT " + COLUMNS + " FROM snapshots")
        .where("share_group_snapshot_id = ", groupSnapshotId)
        .orderBy("created_at", "id", true)
        .run(db, SnapshotRepository::map);
  }

  /** Inserts the members of a group snapshot in one statement. */
  public Uni<Void> insertAll(SqlClient db, List<Snapshot> members) {
    if (members.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    List<Tuple> batch = members.stream().map(SnapshotRepository::insertTuple).toList();
    return db.preparedQuery(INSERT).executeBatch(batch).replaceWithVoid();
  }

  /** Records a failed group snapshot on all its members still in {@code expectedStatus}. */
  public Uni<Integer> failMembers(
      SqlClient db, UUID groupSnapshotId, String expectedStatus, String status, String error) {
    return db.preparedQuery(
            "UPDATE snapshots SET status = $3, updated_at = $4, error_reason = $5,"
                + " progress = COALESCE($6, progress)"
                + " WHERE share_group_snapshot_id = $1 AND status = $2")
        .execute(
            Tuple.of(groupSnapshotId, expectedStatus, status, now())
                .addValue(error)
                .addValue(SnapshotProgress.of(status)))
        .map(rows -> rows.rowCount());
  }

  /** Moves every member of a group snapshot to {@code status} (delete, reset_status). */
  public Uni<Void> setMembersStatus(SqlClient db, UUID groupSnapshotId, String status) {
    return db.preparedQuery(
            "UPDATE snapshots SET status = $2, updated_at = $3 WHERE share_group_snapshot_id = $1")
        .execute(Tuple.of(groupSnapshotId, status, now()))
        .replaceWithVoid();
  }

  /** Deletes the members of a group snapshot. */
  public Uni<Void> deleteMembers(SqlClient db, UUID groupSnapshotId) {
    return db.preparedQuery("DELETE FROM snapshots WHERE share_group_snapshot_id = $1")
        .execute(Tuple.of(groupSnapshotId))
        .replaceWithVoid();
  }

  /** Records where clients mount the snapshot (backends that export snapshots). */
  public Uni<Void> setExportPath(SqlClient db, UUID id, String exportPath) {
    return db.preparedQuery("UPDATE snapshots SET export_path = $2 WHERE id = $1")
        .execute(Tuple.of(id, exportPath))
        .replaceWithVoid();
  }

  /** Where clients mount the snapshot, or null. */
  public Uni<String> exportPath(SqlClient db, UUID id) {
    return db.preparedQuery("SELECT export_path FROM snapshots WHERE id = $1")
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("export_path"));
  }

  static Snapshot map(Row r) {
    return new Snapshot(
        r.getUUID("id"),
        r.getString("project_id"),
        r.getString("user_id"),
        r.getUUID("share_id"),
        r.getInteger("share_size"),
        r.getInteger("size"),
        r.getString("display_name"),
        r.getString("display_description"),
        r.getString("share_proto"),
        r.getString("status"),
        r.getString("progress"),
        r.getString("provider_location"),
        JsonColumns.toMap(r.getValue("metadata")),
        r.getString("error_reason"),
        r.getLocalDateTime("created_at"),
        r.getLocalDateTime("updated_at"),
        r.getLocalDateTime("kept_until"),
        r.getUUID("share_group_snapshot_id"));
  }
}
