package dev.sharesnap.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharesnap.support.TestDatabase;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Two packaged replicas on one database and one export root: every task runs exactly once,
 * whichever replica took the request; and a replica shut down gracefully in the middle of a copy
 * hands its task over at once (long before its 30 s lease would expire).
 */
class ReplicasIT {

  private static RequestSpecification api(ServiceProcess s, String project) {
    return given()
        .baseUri(s.url())
        .header("X-Auth-Token", "alice:" + project)
        .header("X-OpenStack-Manila-API-Version", "2.73")
        .contentType(ContentType.JSON);
  }

  private static void awaitStatus(
      ServiceProcess s, String project, String path, String entity, String status, Duration within)
      throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      var r = api(s, project).get("/v2/" + project + path);
      if (r.statusCode() == 200 && status.equals(r.path(entity + ".status"))) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(path + " not " + status + " within " + within + "\n" + s.log());
  }

  private static int count(String text, String literal) {
    Matcher m = Pattern.compile(Pattern.quote(literal)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  @Test
  void twoReplicas_runEveryTaskExactlyOnce_andAGracefulStopHandsWorkOver() throws Exception {
    Map<String, String> db = new TestDatabase("sharesnap_it_replicas").start();
    Path work = Files.createTempDirectory(Path.of("target"), "it-replicas-").toAbsolutePath();
    Map<String, String> env = ServiceProcess.env(db, work.resolve("nfs"), false);
    String project = UUID.randomUUID().toString().replace("-", "");
    try (ServiceProcess a = new ServiceProcess(work.resolve("a"), 18801, env);
        ServiceProcess b = new ServiceProcess(work.resolve("b"), 18802, env)) {
      a.start();
      b.start();
      String share =
          api(a, project)
              .body(Map.of("share", Map.of("share_proto", "NFS", "size", 1)))
              .post("/v2/" + project + "/shares")
              .then()
              .statusCode(200)
              .extract()
              .path("share.id");
      awaitStatus(b, project, "/shares/" + share, "share", "available", Duration.ofSeconds(60));
      Path shareDir = work.resolve("nfs/shares").resolve(share);
      for (int i = 0; i < 2000; i++) {
        Files.writeString(shareDir.resolve("f" + i), "v" + i);
      }
      List<String> snaps = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        ServiceProcess via = i % 2 == 0 ? a : b;
        snaps.add(
            api(via, project)
                .body(Map.of("snapshot", Map.of("share_id", share)))
                .post("/v2/" + project + "/snapshots")
                .then()
                .statusCode(202)
                .extract()
                .path("snapshot.id"));
      }
      for (String snap : snaps) {
        awaitStatus(
            a, project, "/snapshots/" + snap, "snapshot", "available", Duration.ofSeconds(120));
      }
      String logs = a.log() + b.log();
      for (String snap : snaps) {
        assertEquals(
            1,
            count(logs, "running snapshot.create " + snap + ","),
            "snapshot " + snap + " ran exactly once");
        assertEquals(
            1,
            count(logs, "snapshot " + snap + ": creating -> available"),
            "snapshot " + snap + " completed exactly once");
      }
      assertTrue(
          count(a.log(), "running snapshot.create") > 0
              && count(b.log(), "running snapshot.create") > 0,
          "both replicas worked");

      // graceful stop of the replica that runs a long copy: the other one takes the task over right
      // away
      for (int i = 2000; i < 25000; i++) {
        Files.writeString(shareDir.resolve("f" + i), "v" + i);
      }
      String big =
          api(a, project)
              .body(Map.of("snapshot", Map.of("share_id", share)))
              .post("/v2/" + project + "/snapshots")
              .then()
              .statusCode(202)
              .extract()
              .path("snapshot.id");
      Path snapshots = work.resolve("nfs/snapshots");
      String running = "running snapshot.create " + big + ",";
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!(ServiceProcess.copyInProgress(snapshots, big)
              && (a.log().contains(running) || b.log().contains(running)))
          && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertTrue(ServiceProcess.copyInProgress(snapshots, big), "the copy had started");
      ServiceProcess runner = a.log().contains(running) ? a : b;
      ServiceProcess other = runner == a ? b : a;
      long stoppedAt = System.nanoTime();
      runner.stop();
      assertTrue(runner.log().contains("released 1 running task(s)"), runner.log());
      awaitStatus(
          other, project, "/snapshots/" + big, "snapshot", "available", Duration.ofSeconds(25));
      assertTrue(
          Duration.ofNanos(System.nanoTime() - stoppedAt).toSeconds() < 25,
          "handed over before the 30 s lease expired");
      try (Stream<Path> files = Files.list(work.resolve("nfs/snapshots").resolve(big))) {
        assertEquals(25000, files.count());
      }
    }
  }
}
