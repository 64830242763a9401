package dev.sharesnap.support;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.UUID;

/** Reads of the task queue that tests make about one resource. */
public final class TaskRows {

  private TaskRows() {}

  /** Task rows of {@code resourceId} still in the queue (queued or running). */
  public static long count(Pool pool, UUID resourceId) {
    return pool.preparedQuery("SELECT count(*) FROM tasks WHERE resource_id = $1")
        .execute(Tuple.of(resourceId))
        .await()
        .atMost(Duration.ofSeconds(10))
        .iterator()
        .next()
        .getLong(0);
  }

  public static long count(Pool pool, String resourceId) {
    return count(pool, UUID.fromString(resourceId));
  }
}
