package dev.sharesnap.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The projects a private share type is shared with (Manila's share_type_projects). One row per
 * pair; adding an existing pair or removing an absent one changes nothing and says so.
 */
@ApplicationScoped
public class ShareTypeAccessRepository {

  /** The projects with access to {@code typeId}, oldest grant first. */
  public Uni<List<String>> projects(SqlClient db, UUID typeId) {
    return db.preparedQuery(
            "SELECT project_id FROM share_type_projects WHERE share_type_id = $1"
                + " ORDER BY created_at, project_id")
        .execute(Tuple.of(typeId))
        .map(rows -> rows.stream().map(r -> r.getString("project_id")).toList());
  }

  /** The private types {@code projectId} may use. */
  public Uni<Set<UUID>> typesOf(SqlClient db, String projectId) {
    return db.preparedQuery("SELECT share_type_id FROM share_type_projects WHERE project_id = $1")
        .execute(Tuple.of(projectId))
        .map(
            rows -> {
              Set<UUID> out = new HashSet<>();
              for (Row r : rows) {
                out.add(r.getUUID("share_type_id"));
              }
              return out;
            });
  }

  public Uni<Boolean> allowed(SqlClient db, UUID typeId, String projectId) {
    return db.preparedQuery(
            "SELECT 1 FROM share_type_projects WHERE share_type_id = $1 AND project_id = $2")
        .execute(Tuple.of(typeId, projectId))
        .map(rows -> rows.size() > 0);
  }

  /** False when the pair was already there. */
  public Uni<Boolean> add(SqlClient db, UUID typeId, String projectId) {
    return db.preparedQuery(
            "INSERT INTO share_type_projects (share_type_id, project_id, created_at)"
                + " VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
        .execute(Tuple.of(typeId, projectId, Clock.now()))
        .map(rows -> rows.rowCount() > 0);
  }

  /** False when the pair was not there. */
  public Uni<Boolean> remove(SqlClient db, UUID typeId, String projectId) {
    return db.preparedQuery(
            "DELETE FROM share_type_projects WHERE share_type_id = $1 AND project_id = $2")
        .execute(Tuple.of(typeId, projectId))
        .map(rows -> rows.rowCount() > 0);
  }
}
