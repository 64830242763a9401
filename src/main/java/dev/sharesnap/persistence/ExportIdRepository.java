package dev.sharesnap.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Export ids per backend (NFS-Ganesha's Export_Id). A share or snapshot keeps its id from the first
 * export until it is deleted, so a retry reuses it and a restart never hands out a live one.
 */
@ApplicationScoped
public class ExportIdRepository {

  /** The id of {@code resourceId} on {@code backend}, or null when it has none. */
  public Uni<Integer> find(SqlClient db, String backend, UUID resourceId) {
    return db.preparedQuery(
            "SELECT export_id FROM export_ids WHERE backend = $1 AND resource_id = $2")
        .execute(Tuple.of(backend, resourceId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getInteger("export_id"));
  }

  /**
   * The id of {@code resourceId}, giving it the lowest free one in [first, last] when it has none;
   * null when every id of the range is taken. Two racing callers cannot take one id: the insert
   * skips on conflict and the caller reads again.
   */
  public Uni<Integer> assign(SqlClient db, String backend, UUID resourceId, int first, int last) {
    return find(db, backend, resourceId)
        .chain(
            id ->
                id != null
                    ? Uni.createFrom().item(id)
                    : insert(db, backend, resourceId, first, last, 3));
  }

  private Uni<Integer> insert(
      SqlClient db, String backend, UUID resourceId, int first, int last, int triesLeft) {
    return db.preparedQuery(
            "INSERT INTO export_ids (backend, export_id, resource_id)"
                + " SELECT $1::varchar, g, $2::uuid FROM generate_series($3::int, $4::int) g"
                + " WHERE NOT EXISTS (SELECT 1 FROM export_ids e WHERE e.backend = $1::varchar"
                + " AND e.export_id = g) ORDER BY g LIMIT 1"
                + " ON CONFLICT DO NOTHING RETURNING export_id")
        .execute(Tuple.of(backend, resourceId, first, last))
        .chain(
            rows ->
                rows.size() > 0
                    ? Uni.createFrom().item(rows.iterator().next().getInteger("export_id"))
                    : find(db, backend, resourceId)
                        .chain(
                            id ->
                                id != null || triesLeft == 0
                                    ? Uni.createFrom().item(id)
                                    : insert(db, backend, resourceId, first, last, triesLeft - 1)));
  }

  /** Frees the id once the export is gone from the backend. */
  public Uni<Void> release(SqlClient db, String backend, UUID resourceId) {
    return db.preparedQuery("DELETE FROM export_ids WHERE backend = $1 AND resource_id = $2")
        .execute(Tuple.of(backend, resourceId))
        .replaceWithVoid();
  }
}
