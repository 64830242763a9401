package dev.sharesnap.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.sharesnap.support.Api;
import dev.sharesnap.support.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The MDC of log lines (what the JSON log prints under "mdc"): request lines carry the request id,
 * task lines the id of the request that enqueued them and their snapshot or share id, each on its
 * own Vert.x context so that tasks running at once never mix their keys.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class LogContextTest {

  /** A log line as captured: its message and the MDC keys it was logged with. */
  record Line(String message, Map<String, String> mdc) {}

  private final List<Line> lines = new CopyOnWriteArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          if (record instanceof ExtLogRecord ext) {
            Map<String, String> mdc = new java.util.HashMap<>();
            for (String key : new String[] {"requestId", "taskId", "snapshotId", "shareId"}) {
              String value = ext.getMdc(key);
              if (value != null) {
                mdc.put(key, value);
              }
            }
            lines.add(new Line(ext.getFormattedMessage(), mdc));
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void listen() {
    Logger.getLogger("dev.sharesnap").addHandler(capture);
  }

  @AfterEach
  void stop() {
    Logger.getLogger("dev.sharesnap").removeHandler(capture);
  }

  @Test
  void snapshotCreate_requestAndTaskLinesCarryTheirIds() {
    Api api = Api.admin();
    String share = api.share();
    Response created =
        api.json(Map.of("snapshot", Map.of("share_id", share, "name", "mdc")))
            .post(api.url("/snapshots"));
    created.then().statusCode(202);
    String snapshot = created.path("snapshot.id");
    String requestId = created.header("x-openstack-request-id");
    api.awaitStatus("/snapshots/" + snapshot, "snapshot", "available");

    Line accepted = await("snapshot " + snapshot + ": creating (");
    assertEquals(requestId, accepted.mdc().get("requestId"));

    Line done = await("snapshot " + snapshot + ": creating -> available");
    assertEquals(requestId, done.mdc().get("requestId"));
    assertEquals(snapshot, done.mdc().get("snapshotId"));
    assertNotNull(done.mdc().get("taskId"));
    assertNull(done.mdc().get("shareId"));
  }

  @Test
  void shareCreate_taskLinesCarryTheShareId() {
    Api api = Api.admin();
    String share = api.share();
    Line done = await("share " + share + ": creating -> available");
    assertEquals(share, done.mdc().get("shareId"));
    assertNull(done.mdc().get("snapshotId"));
    assertNotNull(done.mdc().get("requestId"));
  }

  private Line await(String prefix) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      for (Line l : lines) {
        if (l.message().startsWith(prefix)) {
          return l;
        }
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("no line starting with '" + prefix + "' in " + lines);
  }
}
