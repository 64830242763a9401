package dev.sharesnap.persistence;

import dev.sharesnap.domain.AccessRule;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * Access rules of shares and snapshots. The rules of one share or snapshot are read and changed
 * while its share row is locked (API) or its per-resource advisory lock is held (task), so that the
 * backend always gets one consistent set.
 */
@ApplicationScoped
public class AccessRuleRepository {

  private static final String COLUMNS =
      "id, share_id, snapshot_id, access_type, access_to, access_level, state, metadata,"
          + " access_key, created_at, updated_at";

  public Uni<AccessRule> findById(SqlClient db, UUID id) {
    return db.preparedQuery("SELECT " + COLUMNS + " FROM access_rules WHERE id = $1")
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : map(rows.iterator().next()));
  }

  /** The share's own rules (not its snapshots'), oldest first. */
  public Uni<List<AccessRule>> ofShare(SqlClient db, UUID shareId) {
    return list(db, "share_id = $1 AND snapshot_id IS NULL", shareId);
  }

  public Uni<List<AccessRule>> ofSnapshot(SqlClient db, UUID snapshotId) {
    return list(db, "snapshot_id = $1", snapshotId);
  }

  private Uni<List<AccessRule>> list(SqlClient db, String where, UUID id) {
    return db.preparedQuery(
            "SELECT " + COLUMNS + " FROM access_rules WHERE " + where + " ORDER BY created_at, id")
        .execute(Tuple.of(id))
        .map(rows -> rows.stream().map(AccessRuleRepository::map).toList());
  }

  /** Whether the share (or snapshot) has a rule for {@code target} (canonical access_to). */
  public Uni<Boolean> exists(
      SqlClient db, UUID shareId, UUID snapshotId, String accessType, String target) {
    return db.preparedQuery(
            "SELECT 1 FROM access_rules WHERE share_id = $1 AND snapshot_id IS NOT DISTINCT FROM $2"
                + " AND access_type = $3 AND target = $4")
        .execute(Tuple.of(shareId, snapshotId, accessType, target))
        .map(rows -> rows.size() > 0);
  }

  public Uni<Void> insert(SqlClient db, AccessRule r, String target) {
    return db.preparedQuery(
            "INSERT INTO access_rules (id, share_id, snapshot_id, access_type, access_to, target,"
                + " access_level, state, metadata, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7,"
                + " $8, $9, $10)")
        .execute(
            Tuple.tuple()
                .addValue(r.id())
                .addValue(r.shareId())
                .addValue(r.snapshotId())
                .addValue(r.accessType())
                .addValue(r.accessTo())
                .addValue(target)
                .addValue(r.accessLevel())
                .addValue(r.state())
                .addValue(JsonColumns.toJson(r.metadata()))
                .addValue(r.createdAt()))
        .replaceWithVoid();
  }

  /** Moves rules in one of {@code from} to {@code state}; returns how many moved. */
  public Uni<Integer> transition(SqlClient db, List<UUID> ids, List<String> from, String state) {
    return db.preparedQuery(
            "UPDATE access_rules SET state = $2, updated_at = $3 WHERE id = ANY($1)"
                + " AND state = ANY($4)")
        .execute(
            Tuple.of(ids.toArray(new UUID[0]), state, Clock.now(), from.toArray(new String[0])))
        .map(rows -> rows.rowCount());
  }

  /**
   * Marks a rule the backend admitted active, with the key it gave the client; a rule denied
   * meanwhile stays denied. Returns whether it moved.
   */
  public Uni<Boolean> activate(SqlClient db, UUID id, String accessKey) {
    return db.preparedQuery(
            "UPDATE access_rules SET state = $2, updated_at = $3, access_key = $4"
                + " WHERE id = $1 AND state = ANY($5)")
        .execute(
            Tuple.tuple()
                .addValue(id)
                .addValue(AccessRule.ACTIVE)
                .addValue(Clock.now())
                .addValue(accessKey)
                .addValue(AccessRule.GRANTED.toArray(new String[0])))
        .map(rows -> rows.rowCount() > 0);
  }

  /** Drops the rules the backend no longer admits (those denied). */
  public Uni<Void> deleteDenied(SqlClient db, List<UUID> ids) {
    return db.preparedQuery(
            "DELETE FROM access_rules WHERE id = ANY($1) AND state = '"
                + AccessRule.QUEUED_TO_DENY
                + "'")
        .execute(Tuple.of(ids.toArray(new UUID[0])))
        .replaceWithVoid();
  }

  static AccessRule map(Row r) {
    return new AccessRule(
        r.getUUID("id"),
        r.getUUID("share_id"),
        r.getUUID("snapshot_id"),
        r.getString("access_type"),
        r.getString("access_to"),
        r.getString("access_level"),
        r.getString("state"),
        JsonColumns.toMap(r.getValue("metadata")),
        r.getString("access_key"),
        r.getLocalDateTime("created_at"),
        r.getLocalDateTime("updated_at"));
  }
}
