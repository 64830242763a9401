package dev.sharesnap.persistence;

import dev.sharesnap.domain.ShareGroupType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Share group type rows and their project access list. */
@ApplicationScoped
public class ShareGroupTypeRepository {

  private static final String COLUMNS = "id, name, is_public, group_specs, share_types, created_at";

  public Uni<ShareGroupType> findById(SqlClient db, UUID id) {
    return db.preparedQuery("SELECT " + COLUMNS + " FROM share_group_types WHERE id = $1")
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : map(rows.iterator().next()));
  }

  public Uni<ShareGroupType> findByName(SqlClient db, String name) {
    return db.preparedQuery("SELECT " + COLUMNS + " FROM share_group_types WHERE name = $1")
        .execute(Tuple.of(name))
        .map(rows -> rows.size() == 0 ? null : map(rows.iterator().next()));
  }

  /**
   * Types visible to {@code projectId}: public ones, and private ones it was given access to; a
   * null project (an administrator) sees every type, filtered by {@code isPublic} when not null.
   */
  public Uni<List<ShareGroupType>> list(SqlClient db, String projectId, Boolean isPublic) {
    return db.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM share_group_types t WHERE ($1::text IS NULL OR t.is_public OR t.id IN"
                + " (SELECT share_group_type_id FROM share_group_type_projects WHERE project_id ="
                + " $1)) AND ($2::boolean IS NULL OR t.is_public = $2) ORDER BY t.created_at, t.id")
        .execute(Tuple.of(projectId, isPublic))
        .map(
            rows -> {
              List<ShareGroupType> out = new ArrayList<>(rows.size());
              rows.forEach(r -> out.add(map(r)));
              return out;
            });
  }

  /** Whether {@code projectId} was given access to the private type {@code id}. */
  public Uni<Boolean> hasAccess(SqlClient db, UUID id, String projectId) {
    return db.preparedQuery(
            "SELECT 1 FROM share_group_type_projects WHERE share_group_type_id = $1"
                + " AND project_id = $2")
        .execute(Tuple.of(id, projectId))
        .map(rows -> rows.size() > 0);
  }

  public Uni<Void> insert(SqlClient db, ShareGroupType t) {
    return db.preparedQuery(
            "INSERT INTO share_group_types (id, name, is_public, group_specs, share_types,"
                + " created_at) VALUES ($1, $2, $3, $4, $5, $6)")
        .execute(
            Tuple.of(t.id(), t.name(), t.isPublic(), JsonColumns.toJson(t.groupSpecs()))
                .addValue(t.shareTypes().toArray(new UUID[0]))
                .addValue(t.createdAt()))
        .replaceWithVoid();
  }

  /** Deletes the type unless a share group uses it; returns whether it did. */
  public Uni<Boolean> deleteUnused(SqlClient db, UUID id) {
    return db.preparedQuery(
            "DELETE FROM share_group_types t WHERE id = $1 AND NOT EXISTS"
                + " (SELECT 1 FROM share_groups g WHERE g.share_group_type_id = t.id)")
        .execute(Tuple.of(id))
        .map(rows -> rows.rowCount() > 0);
  }

  public Uni<Void> setGroupSpecs(SqlClient db, UUID id, Map<String, String> specs) {
    return db.preparedQuery("UPDATE share_group_types SET group_specs = $2 WHERE id = $1")
        .execute(Tuple.of(id, JsonColumns.toJson(specs)))
        .replaceWithVoid();
  }

  public Uni<List<String>> projects(SqlClient db, UUID id) {
    return db.preparedQuery(
            "SELECT project_id FROM share_group_type_projects WHERE share_group_type_id = $1"
                + " ORDER BY project_id")
        .execute(Tuple.of(id))
        .map(
            rows -> {
              List<String> out = new ArrayList<>(rows.size());
              rows.forEach(r -> out.add(r.getString(0)));
              return out;
            });
  }

  /** Adds access; false when the project already had it. */
  public Uni<Boolean> addProject(SqlClient db, UUID id, String projectId) {
    return db.preparedQuery(
            "INSERT INTO share_group_type_projects (share_group_type_id, project_id)"
                + " VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .execute(Tuple.of(id, projectId))
        .map(rows -> rows.rowCount() > 0);
  }

  /** Removes access; false when the project did not have it. */
  public Uni<Boolean> removeProject(SqlClient db, UUID id, String projectId) {
    return db.preparedQuery(
            "DELETE FROM share_group_type_projects WHERE share_group_type_id = $1"
                + " AND project_id = $2")
        .execute(Tuple.of(id, projectId))
        .map(rows -> rows.rowCount() > 0);
  }

  /** How many of {@code ids} are existing share types. */
  public Uni<Integer> countShareTypes(SqlClient db, List<UUID> ids) {
    return db.preparedQuery("SELECT count(*) FROM share_types WHERE id = ANY($1)")
        .execute(Tuple.of(ids.toArray(new UUID[0])))
        .map(rows -> rows.iterator().next().getInteger(0));
  }

  static ShareGroupType map(Row r) {
    return new ShareGroupType(
        r.getUUID("id"),
        r.getString("name"),
        r.getBoolean("is_public"),
        JsonColumns.toMap(r.getValue("group_specs")),
        Arrays.asList(r.getArrayOfUUIDs("share_types")),
        r.getLocalDateTime("created_at"));
  }
}
