package dev.sharesnap.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharesnap.support.TestDatabase;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packaged service really killed: SIGKILL while a snapshot copy runs, then a restart. The
 * snapshot must end available with all its data, its task gone, nothing left in creating. Also: the
 * no-configuration start (embedded PostgreSQL) keeps its data across a restart.
 */
class CrashRecoveryIT {

  private static final int FILES = 30_000;

  private static RequestSpecification api(ServiceProcess s, String project) {
    return given()
        .baseUri(s.url())
        .header("X-Auth-Token", "alice:" + project)
        .header("X-OpenStack-Manila-API-Version", "2.73")
        .contentType(ContentType.JSON);
  }

  private static void await(
      ServiceProcess s, String project, String path, String entity, String status)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    Response last = null;
    while (System.nanoTime() < deadline) {
      last = api(s, project).get("/v2/" + project + path);
      if (last.statusCode() == 200 && status.equals(last.path(entity + ".status"))) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        path
            + " never became "
            + status
            + ": "
            + (last == null ? null : last.asString())
            + "\n"
            + s.log());
  }

  private static String createShare(ServiceProcess s, String project) throws Exception {
    String id =
        api(s, project)
            .body(Map.of("share", Map.of("share_proto", "NFS", "size", 1)))
            .post("/v2/" + project + "/shares")
            .then()
            .statusCode(200)
            .extract()
            .path("share.id");
    await(s, project, "/shares/" + id, "share", "available");
    return id;
  }

  @Test
  void killDuringASnapshotCopy_thenRestart_finishesTheSnapshot() throws Exception {
    Map<String, String> db = new TestDatabase("sharesnap_it").start();
    Path work = Files.createTempDirectory(Path.of("target"), "it-crash-").toAbsolutePath();
    Path nfs = work.resolve("nfs");
    Map<String, String> env = ServiceProcess.env(db, nfs, true);
    String project = UUID.randomUUID().toString().replace("-", "");
    try (ServiceProcess service = new ServiceProcess(work, 18797, env)) {
      service.start();
      String share = createShare(service, project);
      Path shareDir = nfs.resolve("shares").resolve(share);
      for (int i = 0; i < FILES; i++) {
        Files.writeString(shareDir.resolve("f" + i), "content " + i);
      }
      String snap =
          api(service, project)
              .body(Map.of("snapshot", Map.of("share_id", share)))
              .post("/v2/" + project + "/snapshots")
              .then()
              .statusCode(202)
              .extract()
              .path("snapshot.id");
      Path snapshots = nfs.resolve("snapshots");
      Path done = nfs.resolve("snapshots").resolve(snap);
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!ServiceProcess.copyInProgress(snapshots, snap) && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      service.kill();
      assertTrue(
          ServiceProcess.copyInProgress(snapshots, snap),
          "the copy had started when the service was killed");
      assertFalse(Files.exists(done), "the copy was cut short by the kill");

      service.start();
      await(service, project, "/snapshots/" + snap, "snapshot", "available");
      try (Stream<Path> files = Files.list(done)) {
        assertEquals(FILES, files.count());
      }
      assertEquals("content 12345", Files.readString(done.resolve("f12345")));
      assertFalse(ServiceProcess.copyInProgress(snapshots, snap), "the cut copy was removed");
      api(service, project)
          .get("/v2/" + project + "/snapshots/detail?status=creating")
          .then()
          .statusCode(200)
          .body("snapshots.size()", org.hamcrest.Matchers.equalTo(0));
    }
  }

  @Test
  void killWithAThousandSnapshotCreatesInFlight_thenRestart_losesNothingAndLeavesNoOrphans()
      throws Exception {
    Map<String, String> db = new TestDatabase("sharesnap_it").start();
    Path work = Files.createTempDirectory(Path.of("target"), "it-thousand-").toAbsolutePath();
    Path nfs = work.resolve("nfs");
    Map<String, String> env = ServiceProcess.env(db, nfs, true);
    env.put(
        "SHARESNAP_QUOTA_SNAPSHOTS",
        "-1"); // 1000 snapshots in one project: beyond Manila's default 50
    env.put("SHARESNAP_QUOTA_SNAPSHOT_GIGABYTES", "-1");
    // 2 copies at a time, so that most creates are still queued or copying at the kill: with the
    // default 8 (a slot frees when its copy returns) nearly all finished during the requests
    env.put("SHARESNAP_NFS_TASK_CONCURRENCY", "2");
    String project = UUID.randomUUID().toString().replace("-", "");
    try (ServiceProcess service = new ServiceProcess(work, 18797, env);
        java.sql.Connection sql =
            java.sql.DriverManager.getConnection(
                db.get("quarkus.datasource.jdbc.url"), "postgres", "")) {
      service.start();
      String share = createShare(service, project);
      // enough files that the 1000 copies take longer than the 1000 requests
      for (int i = 0; i < 1000; i++) {
        Files.writeString(nfs.resolve("shares").resolve(share).resolve("f" + i), "v" + i);
      }
      java.util.List<String> accepted =
          java.util.Collections.synchronizedList(new java.util.ArrayList<>());
      java.util.stream.IntStream.range(0, 1000)
          .parallel()
          .forEach(
              i -> {
                var r =
                    api(service, project)
                        .body(Map.of("snapshot", Map.of("share_id", share)))
                        .post("/v2/" + project + "/snapshots");
                if (r.statusCode() == 202) {
                  accepted.add(r.path("snapshot.id"));
                }
              });
      service.kill();
      assertEquals(1000, accepted.size(), "every create was accepted before the kill");
      long creatingAtKill =
          count(
              sql,
              "SELECT count(*) FROM snapshots WHERE project_id = ? AND status = 'creating'",
              project);
      assertTrue(creatingAtKill > 0, "work was in flight when the service was killed");

      service.start();
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (count(
                  sql,
                  "SELECT count(*) FROM snapshots WHERE project_id = ? AND status = 'creating'",
                  project)
              > 0
          && System.nanoTime() < deadline) {
        Thread.sleep(500);
      }
      assertEquals(
          1000,
          count(
              sql,
              "SELECT count(*) FROM snapshots WHERE project_id = ? AND status = 'available'",
              project),
          "0 lost, 0 stuck (" + creatingAtKill + " were creating at the kill)");
      assertEquals(
          0,
          count(
              sql,
              "SELECT count(*) FROM tasks t JOIN snapshots s ON s.id = t.resource_id WHERE s.project_id = ?",
              project));
      java.util.Set<String> onDisk;
      try (Stream<Path> dirs = Files.list(nfs.resolve("snapshots"))) {
        onDisk =
            dirs.map(d -> d.getFileName().toString()).collect(java.util.stream.Collectors.toSet());
      }
      assertEquals(
          new java.util.HashSet<>(accepted),
          onDisk,
          "exactly one complete directory per snapshot, no orphan or partial copy");
      System.out.println(
          "kill with 1000 creates accepted: "
              + creatingAtKill
              + " were still creating; all 1000 available after restart");
    }
  }

  private static long count(java.sql.Connection sql, String query, String project)
      throws java.sql.SQLException {
    try (var st = sql.prepareStatement(query)) {
      st.setString(1, project);
      try (var rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Test
  void postgresStoppedAndRestarted_apiAnswers503Meanwhile_andPendingWorkCompletes()
      throws Exception {
    Path work = Files.createTempDirectory(Path.of("target"), "it-pgstop-").toAbsolutePath();
    Path pgData = work.resolve("pg");
    int pgPort = 18799;
    io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg = startPostgres(pgData, pgPort);
    Map<String, String> env =
        ServiceProcess.env(
            "postgresql://127.0.0.1:" + pgPort + "/postgres",
            "jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres",
            work.resolve("nfs"),
            true);
    String project = UUID.randomUUID().toString().replace("-", "");
    try (ServiceProcess service = new ServiceProcess(work, 18796 + 4, env)) {
      service.start();
      String share = createShare(service, project);
      for (int i = 0; i < 5000; i++) {
        Files.writeString(work.resolve("nfs/shares").resolve(share).resolve("f" + i), "x" + i);
      }
      String snap =
          api(service, project)
              .body(Map.of("snapshot", Map.of("share_id", share)))
              .post("/v2/" + project + "/snapshots")
              .then()
              .statusCode(202)
              .extract()
              .path("snapshot.id");
      pg.close();
      api(service, project)
          .get("/v2/" + project + "/snapshots/" + snap)
          .then()
          .statusCode(503)
          .body("serviceUnavailable.code", org.hamcrest.Matchers.equalTo(503));
      Thread.sleep(2000);
      pg = startPostgres(pgData, pgPort);
      await(service, project, "/snapshots/" + snap, "snapshot", "available");
      try (Stream<Path> files = Files.list(work.resolve("nfs/snapshots").resolve(snap))) {
        assertEquals(5000, files.count());
      }
    } finally {
      pg.close();
    }
  }

  private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres startPostgres(
      Path data, int port) throws Exception {
    return io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
        .setDataDirectory(data)
        .setCleanDataDirectory(false)
        .setPort(port)
        .start();
  }

  @Test
  void noConfigurationStart_keepsItsDataAcrossARestart() throws Exception {
    Path work = Files.createTempDirectory(Path.of("target"), "it-noconfig-").toAbsolutePath();
    String project = UUID.randomUUID().toString().replace("-", "");
    String snap;
    try (ServiceProcess service = new ServiceProcess(work, 18798, Map.of())) {
      Duration startup = service.start();
      System.out.println(
          "no-config start to ready (embedded PostgreSQL, first start): "
              + startup.toMillis()
              + " ms");
      String share = createShare(service, project);
      snap =
          api(service, project)
              .body(Map.of("snapshot", Map.of("share_id", share, "name", "kept")))
              .post("/v2/" + project + "/snapshots")
              .then()
              .statusCode(202)
              .extract()
              .path("snapshot.id");
      await(service, project, "/snapshots/" + snap, "snapshot", "available");
      service.stop();
      assertTrue(Files.isDirectory(work.resolve("sharesnap-data/postgres")));
      assertTrue(Files.isDirectory(work.resolve("sharesnap-data/nfs/snapshots").resolve(snap)));

      Duration restart = service.start();
      System.out.println("no-config restart to ready: " + restart.toMillis() + " ms");
      api(service, project)
          .get("/v2/" + project + "/snapshots/" + snap)
          .then()
          .statusCode(200)
          .body("snapshot.name", org.hamcrest.Matchers.equalTo("kept"))
          .body("snapshot.status", org.hamcrest.Matchers.equalTo("available"));
    }
  }
}
