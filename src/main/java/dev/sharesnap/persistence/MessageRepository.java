package dev.sharesnap.persistence;

import dev.sharesnap.domain.UserMessage;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
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
    ListQuery query =
        new ListQuery("SELECT " + COLUMNS + " FROM messages")
            .where("expires_at > ", Clock.now())
            .where("project_id = ", projectId);
    filters.forEach((column, value) -> query.where(column + " = ", value));
    return query
        .orderBy(sortColumn, "id", ascending)
        .page(limit, offset)
        .run(db, MessageRepository::map);
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
