package dev.sharesnap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sharesnap.support.TestDatabase;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The packaged service with JSON console logs switched on (quarkus.log.console.json.enabled, a
 * run-time setting): every line it prints is one JSON object, a request's line carries the request
 * id the client got, and a task's line the snapshot id, in the "mdc" field a log collector reads.
 */
class JsonLogIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void jsonLogs_requestAndTaskLinesAreJsonObjectsWithTheirIds() throws Exception {
    Map<String, String> db = new TestDatabase("sharesnap_jsonlog").start();
    Path work = Files.createTempDirectory(Path.of("target"), "it-jsonlog-").toAbsolutePath();
    Map<String, String> env = ServiceProcess.env(db, work.resolve("nfs"), false);
    env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true");
    String project = UUID.randomUUID().toString().replace("-", "");
    try (ServiceProcess service = new ServiceProcess(work, ServiceProcess.freePort(), env)) {
      service.start();
      String share = service.createShare(project);
      Response created =
          service
              .api(project)
              .body(Map.of("snapshot", Map.of("share_id", share)))
              .post("/v2/" + project + "/snapshots");
      created.then().statusCode(202);
      String snapshot = created.path("snapshot.id");
      String requestId = created.header("x-openstack-request-id");
      assertTrue(requestId.startsWith("req-"), requestId);

      JsonNode accepted = awaitLine(service, "snapshot " + snapshot + ": creating (");
      assertEquals(requestId, accepted.path("mdc").path("requestId").asText(), accepted::toString);

      JsonNode done = awaitLine(service, "snapshot " + snapshot + ": creating -> available");
      assertEquals(snapshot, done.path("mdc").path("snapshotId").asText(), done::toString);
      assertEquals(requestId, done.path("mdc").path("requestId").asText(), done::toString);
      assertFalse(done.path("mdc").path("taskId").asText().isEmpty(), done::toString);
      assertEquals("INFO", done.path("level").asText());
      assertEquals("dev.sharesnap.task.SnapshotTaskHandler", done.path("loggerName").asText());
    }
  }

  /**
   * Every line printed so far, each parsed as one JSON object (a line that is not fails the test);
   * waits until one whose message starts with {@code prefix} is there.
   */
  private static JsonNode awaitLine(ServiceProcess service, String prefix) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    List<JsonNode> lines = List.of();
    while (System.nanoTime() < deadline) {
      lines = parse(service.log());
      for (JsonNode line : lines) {
        if (line.path("message").asText().startsWith(prefix)) {
          return line;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no line starting with '" + prefix + "' in " + lines);
  }

  private static List<JsonNode> parse(String log) throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    String[] raw = log.split("\n", -1);
    // The last element is an unfinished line (or empty): the service may be writing it now.
    for (int i = 0; i < raw.length - 1; i++) {
      JsonNode node = JSON.readTree(raw[i]);
      assertTrue(node != null && node.isObject(), "not one JSON object: " + raw[i]);
      lines.add(node);
    }
    return lines;
  }
}
