package dev.sharesnap.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sharesnap.support.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The pipeline's pool commits asynchronously; the API's pool keeps waiting for the WAL flush. */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class TaskPoolTest {

  @Inject @TaskPool Pool tasks;
  @Inject Pool api;

  private static String show(Pool pool, String setting) {
    return pool.query("SHOW " + setting)
        .execute()
        .map(rows -> rows.iterator().next().getString(0))
        .await()
        .atMost(Duration.ofSeconds(10));
  }

  @Test
  void taskPool_commitsAsynchronously_apiPoolDoesNot() {
    assertEquals("off", show(tasks, "synchronous_commit"));
    assertEquals("on", show(api, "synchronous_commit"));
    assertEquals("sharesnap-tasks", show(tasks, "application_name"));
  }
}
