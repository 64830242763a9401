package dev.sharesnap.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The row operations share groups and share group snapshots have alike (tables with id, name,
 * description, status, updated_at): lookup, conditional and forced status changes, Manila's
 * name/description update. Each answers the row after the change, or null when none matched.
 */
final class GroupRows<T> {

  private final String table;
  private final String columns;
  private final Function<Row, T> mapper;

  GroupRows(String table, String columns, Function<Row, T> mapper) {
    this.table = table;
    this.columns = columns;
    this.mapper = mapper;
  }

  Uni<T> findById(SqlClient db, UUID id) {
    return db.preparedQuery("SELECT " + columns + " FROM " + table + " WHERE id = $1")
        .execute(Tuple.of(id))
        .map(this::first);
  }

  /** Moves to {@code status} if in one of {@code from}. */
  Uni<T> transition(SqlClient db, UUID id, List<String> from, String status) {
    return db.preparedQuery(
            "UPDATE "
                + table
                + " SET status = $2, updated_at = $3 WHERE id = $1 AND status = ANY($4) RETURNING "
                + columns)
        .execute(Tuple.of(id, status, Clock.now(), from.toArray(new String[0])))
        .map(this::first);
  }

  /** Sets the status whatever it was (reset_status, force_delete). */
  Uni<T> setStatus(SqlClient db, UUID id, String status) {
    return db.preparedQuery(
            "UPDATE "
                + table
                + " SET status = $2, updated_at = $3 WHERE id = $1 RETURNING "
                + columns)
        .execute(Tuple.of(id, status, Clock.now()))
        .map(this::first);
  }

  /** Manila's update: the keys present in {@code changes} (name, description) are set. */
  Uni<T> rename(SqlClient db, UUID id, Map<String, String> changes) {
    return db.preparedQuery(
            "UPDATE "
                + table
                + " SET name = CASE WHEN $2 THEN $3 ELSE name END,"
                + " description = CASE WHEN $4 THEN $5 ELSE description END, updated_at = $6"
                + " WHERE id = $1 RETURNING "
                + columns)
        .execute(
            Tuple.of(id, changes.containsKey("name"), changes.get("name"))
                .addValue(changes.containsKey("description"))
                .addValue(changes.get("description"))
                .addValue(Clock.now()))
        .map(this::first);
  }

  private T first(RowSet<Row> rows) {
    return rows.size() == 0 ? null : mapper.apply(rows.iterator().next());
  }
}
