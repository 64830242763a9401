package dev.sharesnap.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Share types through Hibernate Reactive Panache for reads and create (callers open the session),
 * and single SQL statements for changes, so that two admins setting different extra specs at once
 * both keep theirs and a type cannot be deleted while a share still uses it.
 */
@ApplicationScoped
public class ShareTypeRepository implements PanacheRepositoryBase<ShareTypeEntity, UUID> {

  public Uni<ShareTypeEntity> findByName(String name) {
    return find("name", name).firstResult();
  }

  public Uni<ShareTypeEntity> findDefault() {
    return find("isDefault", true).firstResult();
  }

  public Uni<List<ShareTypeEntity>> listOrdered() {
    return list("order by name");
  }

  /** Sets or replaces {@code specs}, keeping the others; false when the type is gone. */
  public Uni<Boolean> mergeSpecs(SqlClient db, UUID id, Map<String, String> specs) {
    return db.preparedQuery(
            "UPDATE share_types SET extra_specs = extra_specs || $2::jsonb WHERE id = $1")
        .execute(Tuple.of(id, JsonColumns.toJson(specs)))
        .map(rows -> rows.rowCount() > 0);
  }

  /** Removes one spec; false when the type is gone or has no such key. */
  public Uni<Boolean> removeSpec(SqlClient db, UUID id, String key) {
    return db.preparedQuery(
            "UPDATE share_types SET extra_specs = extra_specs - $2"
                + " WHERE id = $1 AND jsonb_exists(extra_specs, $2)")
        .execute(Tuple.of(id, key))
        .map(rows -> rows.rowCount() > 0);
  }

  /**
   * Changes the fields given (null keeps a field; an empty description clears it); false when the
   * type is gone. A taken name fails with PostgreSQL's unique violation (23505).
   */
  public Uni<Boolean> update(
      SqlClient db, UUID id, String name, String description, Boolean isPublic) {
    return db.preparedQuery(
            "UPDATE share_types SET name = COALESCE($2, name),"
                + " description = CASE WHEN $3::text IS NULL THEN description"
                + " ELSE NULLIF($3::text, '') END,"
                + " is_public = COALESCE($4, is_public) WHERE id = $1")
        .execute(Tuple.of(id, name, description, isPublic))
        .map(rows -> rows.rowCount() > 0);
  }

  /**
   * Deletes the type unless a share uses it; false when nothing was deleted. A share created
   * between the check and the delete makes the delete fail on the foreign key (23503).
   */
  public Uni<Boolean> deleteUnused(SqlClient db, UUID id) {
    return db.preparedQuery(
            "DELETE FROM share_types WHERE id = $1"
                + " AND NOT EXISTS (SELECT 1 FROM shares WHERE share_type_id = $1)")
        .execute(Tuple.of(id))
        .map(rows -> rows.rowCount() > 0);
  }
}
