package dev.sharesnap.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharesnap.driver.nfs.NfsDriver;
import dev.sharesnap.support.Api;
import dev.sharesnap.support.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A failed snapshot create is explained by a user message that the real {@code manila message-list}
 * shows. Skipped without the CLI unless SHARESNAP_REQUIRE_CLIENTS=1.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class SnapshotMessageCliTest {

  @TestHTTPResource("/")
  URL root;

  @Inject NfsDriver nfs;

  @Test
  void failedCreate_isExplainedByManilaMessageList() throws Exception {
    boolean present =
        Stream.of(System.getenv("PATH").split(":"))
            .anyMatch(d -> Files.isExecutable(Path.of(d, "manila")));
    if (!present) {
      assertTrue(
          !"1".equals(System.getenv("SHARESNAP_REQUIRE_CLIENTS")), "manila is not installed");
      Assumptions.abort("manila is not installed");
    }
    Api api = Api.admin();
    String share = api.share();
    removeTree(nfs.root().resolve("shares").resolve(share));
    String snap =
        api.json(Map.of("snapshot", Map.of("share_id", share)))
            .post(api.url("/snapshots"))
            .then()
            .statusCode(202)
            .extract()
            .path("snapshot.id");
    api.awaitStatus("/snapshots/" + snap, "snapshot", "error");

    String base = root.toString().replaceAll("/$", "");
    Process p =
        new ProcessBuilder(
                "manila",
                "--os-token",
                api.user + ":" + api.project,
                "--bypass-url",
                base + "/v2/" + api.project,
                "message-list",
                "--resource-id",
                snap)
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().close();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "manila message-list did not finish");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), out);
    List<String> rows = out.lines().filter(l -> l.contains(snap)).toList();
    assertEquals(1, rows.size(), out);
    assertTrue(rows.get(0).contains("SHARE_SNAPSHOT"), out);
    assertTrue(rows.get(0).contains("create: Share data"), out);
  }

  private static void removeTree(Path dir) throws Exception {
    assertTrue(Files.isDirectory(dir), dir + " should exist");
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path f : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }
}
