package dev.sharesnap.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.UUID;

/**
 * The progress column of snapshots and shares while their copy runs. One statement per report: an
 * UPDATE when the value changed, else a SELECT; both only match the row while it is still in the
 * status the copying task expects, so the answer also tells the copy whether it is still wanted
 * (whichever replica runs it). The UPDATE leaves updated_at alone: progress is not a change of the
 * resource, and a copy reports every few seconds.
 */
final class CopyProgressRows {

  private CopyProgressRows() {}

  /**
   * Sets {@code progress} (unless null: unchanged) on row {@code id} of {@code table} while it is
   * in {@code expectedStatus}; answers whether it is.
   */
  static Uni<Boolean> record(
      SqlClient db, String table, UUID id, String expectedStatus, String progress) {
    if (progress == null) {
      return db.preparedQuery("SELECT 1 FROM " + table + " WHERE id = $1 AND status = $2")
          .execute(Tuple.of(id, expectedStatus))
          .map(rows -> rows.size() > 0);
    }
    return db.preparedQuery("UPDATE " + table + " SET progress = $3 WHERE id = $1 AND status = $2")
        .execute(Tuple.of(id, expectedStatus, progress))
        .map(rows -> rows.rowCount() > 0);
  }
}
