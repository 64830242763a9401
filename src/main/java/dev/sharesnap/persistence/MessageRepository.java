package dev.sharesnap.persistence;

import dev.sharesnap.domain.UserMessage;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** User messages. Expired ones are never returned. */
@ApplicationScoped
public class MessageRepository {

  /** Manila's message_ttl default: 30 days. */
  static final Duration TTL = Duration.ofDays(30);

  private static final String COLUMNS =
      "id, project_id, request_id, resource_type, resource_id, action_id, detail_id, message_level,"
          + " user_message, created_at, expires_at";

  /** Records an ERROR message about a resource, inside the caller's transaction. */
  public Uni<Void> error(
      SqlClient tx,
      String projectId,
      String requestId,
      String resourceType,
      UUID resourceId,
      UserMessage.Action action,
      String detail) {
    var now = Clock.now();
    Tuple t =
        Tuple.tuple()
            .addValue(UUID.randomUUID())
            .addValue(projectId)
            .addValue(requestId)
            .addValue(resourceType)
            .addValue(resourceId)
            .addValue(action.id)
            .addValue(UserMessage.DETAIL_UNKNOWN)
            .addValue("ERROR")
            .addValue(action.word + ": " + detail)
            .addValue(now)
            .addValue(now.plus(TTL));
    return tx.preparedQuery(
            "INSERT INTO messages ("
                + COLUMNS
                + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
        .execute(t)
        .replaceWithVoid();
  }

  public Uni<UserMessage> findById(SqlClient db, UUID id) {
    return db.preparedQuery(
            "SELECT " + COLUMNS + " FROM messages WHERE id = $1 AND expires_at > $2")
        .execute(Tuple.of(id, Clock.now()))
        .map(rows -> rows.size() == 0 ? null : map(rows.iterator().next()));
  }

  public Uni<Boolean> delete(SqlClient db, UUID id) {
    return db.preparedQuery("DELETE FROM messages WHERE id = $1")
        .execute(Tuple.of(id))
        .map(r -> r.rowCount() > 0);
  }

  /**
   * Lists messages; {@code projectId} null means every project. {@code filters} maps column names
   * to exact values; {@code sortColumn} must be one of the known columns (checked by the caller).
   */
  public Uni<List<UserMessage>> list(
      SqlClient db,
      String projectId,
      Map<String, Object> filters,
      String sortColumn,
      boolean ascending,
      Integer limit,
      int offset) {
    StringBuilder sql =
        new StringBuilder("SELECT " + COLUMNS + " FROM messages WHERE expires_at > $1");
    List<Object> args = new ArrayList<>();
    args.add(Clock.now());
    if (projectId != null) {
      args.add(projectId);
      sql.append(" AND project_id = $").append(args.size());
    }
    filters.forEach(
        (column, value) -> {
          args.add(value);
          sql.append(" AND ").append(column).append(" = $").append(args.size());
        });
    String dir = ascending ? " ASC" : " DESC";
    sql.append(" ORDER BY ").append(sortColumn).append(dir).append(", id").append(dir);
    if (limit != null) {
      args.add(limit);
      sql.append(" LIMIT $").append(args.size());
    }
    if (offset > 0) {
      args.add(offset);
      sql.append(" OFFSET $").append(args.size());
    }
    return db.preparedQuery(sql.toString())
        .execute(Tuple.from(args))
        .map(
            rows -> {
              List<UserMessage> out = new ArrayList<>(rows.size());
              rows.forEach(r -> out.add(map(r)));
              return out;
            });
  }

  private static UserMessage map(Row r) {
    return new UserMessage(
        r.getUUID("id"),
        r.getString("project_id"),
        r.getString("request_id"),
        r.getString("resource_type"),
        r.getUUID("resource_id"),
        r.getString("action_id"),
        r.getString("detail_id"),
        r.getString("message_level"),
        r.getString("user_message"),
        r.getLocalDateTime("created_at"),
        r.getLocalDateTime("expires_at"));
  }
}
