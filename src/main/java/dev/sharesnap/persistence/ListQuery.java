package dev.sharesnap.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A list query built clause by clause with numbered parameters: the optional filters of the list
 * routes, their order (with the id as tie-breaker, so pages are stable), limit and offset. Column
 * names come from code, never from requests; values always travel as parameters.
 */
final class ListQuery {

  private final StringBuilder sql;
  private final List<Object> args = new ArrayList<>();

  ListQuery(String select) {
    this.sql = new StringBuilder(select).append(" WHERE true");
  }

  /** Adds {@code AND <clause>$n} with {@code value} as $n, unless {@code value} is null. */
  ListQuery where(String clause, Object value) {
    if (value != null) {
      args.add(value);
      sql.append(" AND ").append(clause).append('$').append(args.size());
    }
    return this;
  }

  /** Adds {@code AND <condition>}, a fixed condition without parameters. */
  ListQuery and(String condition) {
    sql.append(" AND ").append(condition);
    return this;
  }

  ListQuery orderBy(String column, String idColumn, boolean ascending) {
    String dir = ascending ? " ASC" : " DESC";
    sql.append(" ORDER BY ").append(column).append(dir).append(", ").append(idColumn).append(dir);
    return this;
  }

  /** No limit means every row, as in Manila. */
  ListQuery page(Integer limit, int offset) {
    if (limit != null) {
      args.add(limit);
      sql.append(" LIMIT $").append(args.size());
    }
    if (offset > 0) {
      args.add(offset);
      sql.append(" OFFSET $").append(args.size());
    }
    return this;
  }

  <T> Uni<List<T>> run(SqlClient db, Function<Row, T> mapper) {
    return db.preparedQuery(sql.toString())
        .execute(Tuple.from(args))
        .map(
            rows -> {
              List<T> out = new ArrayList<>(rows.size());
              rows.forEach(r -> out.add(mapper.apply(r)));
              return out;
            });
  }
}
