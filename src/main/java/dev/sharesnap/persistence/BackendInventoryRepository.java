package dev.sharesnap.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What sharesnap already manages on one backend, matched against the names the backend lists (the
 * manageable-snapshots listing). The backend is the {@code backend} part of a share's host {@code
 * host@backend#pool}, so a host name changed in the configuration still matches.
 */
@ApplicationScoped
public class BackendInventoryRepository {

  private static final String BACKEND = "split_part(split_part(sh.host, '@', 2), '#', 1) = $1";

  /**
   * The snapshots on {@code backend} whose provider_location, or whose id (a snapshot still being
   * created has no location yet, but its backend object is named after its id), is one of {@code
   * references}: reference → snapshot id.
   */
  public Uni<Map<String, UUID>> snapshots(SqlClient db, String backend, List<String> references) {
    return db.preparedQuery(
            "SELECT s.id, s.provider_location FROM snapshots s JOIN shares sh ON sh.id = s.share_id"
                + " WHERE "
                + BACKEND
                + " AND (s.provider_location = ANY($2::text[]) OR s.id::text = ANY($2::text[]))")
        .execute(Tuple.of(backend, references.toArray(new String[0])))
        .map(
            rows -> {
              Set<String> wanted = new HashSet<>(references);
              Map<String, UUID> out = new HashMap<>();
              for (Row r : rows) {
                UUID id = r.getUUID("id");
                String loc = r.getString("provider_location");
                out.put(loc != null && wanted.contains(loc) ? loc : id.toString(), id);
              }
              return out;
            });
  }

  /** Which of {@code names} are ids of shares sharesnap keeps on {@code backend}. */
  public Uni<Set<String>> shares(SqlClient db, String backend, List<String> names) {
    return db.preparedQuery(
            "SELECT sh.id::text AS id FROM shares sh WHERE "
                + BACKEND
                + " AND sh.id::text = ANY($2::text[])")
        .execute(Tuple.of(backend, names.toArray(new String[0])))
        .map(
            rows -> {
              Set<String> out = new HashSet<>();
              rows.forEach(r -> out.add(r.getString("id")));
              return out;
            });
  }
}
