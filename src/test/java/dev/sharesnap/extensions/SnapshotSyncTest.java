package dev.sharesnap.extensions;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharesnap.driver.nfs.NfsDriver;
import dev.sharesnap.service.SnapshotSyncService;
import dev.sharesnap.support.Api;
import dev.sharesnap.support.TaskRows;
import dev.sharesnap.support.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Extension "pull" and the periodic reconciliation, against the real NFS backend. */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class SnapshotSyncTest {

  @Inject NfsDriver nfs;
  @Inject SnapshotSyncService sync;
  @Inject Pool pool;

  @Test
  void pull_afterTheDirectoryWasRemovedBehindOurBack_marksTheSnapshotError() throws Exception {
    Api api = Api.admin();
    String snap = api.snapshot(api.share(), "vanishing");
    removeTree(nfs.root().resolve("snapshots").resolve(snap));

    api.req().post(api.url("/sharesnap/snapshots/" + snap + "/pull")).then().statusCode(202);

    api.awaitStatus("/snapshots/" + snap, "snapshot", "error");
    api.req()
        .header("X-Sharesnap-Extensions", "true")
        .get(api.url("/snapshots/" + snap))
        .then()
        .body("snapshot.error_reason", containsString("missing on the backend"));
    api.at("2.37")
        .req()
        .get(api.url("/messages?resource_id=" + snap))
        .then()
        .statusCode(200)
        .body("messages.size()", equalTo(1))
        .body("messages[0].resource_type", equalTo("SHARE_SNAPSHOT"))
        .body("messages[0].message_level", equalTo("ERROR"))
        .body("messages[0].user_message", containsString("sync: Snapshot " + snap + " is missing"));
  }

  @Test
  void pull_ofAnIntactSnapshot_changesNothing() {
    Api api = Api.admin();
    String snap = api.snapshot(api.share(), "intact");
    String before = api.req().get(api.url("/snapshots/" + snap)).asString();

    api.req().post(api.url("/sharesnap/snapshots/" + snap + "/pull")).then().statusCode(202);
    awaitNoPendingTask(snap);

    assertEquals(before, api.req().get(api.url("/snapshots/" + snap)).asString());
  }

  @Test
  void pull_whenTheDataGrewBeyondTheShareSize_recordsTheNewSize() throws Exception {
    Api api = Api.admin();
    String snap = api.snapshot(api.share(), "grown");
    try (RandomAccessFile f =
        new RandomAccessFile(
            nfs.root().resolve("snapshots").resolve(snap).resolve("big.bin").toFile(), "rw")) {
      f.setLength(3L << 30); // sparse: 3 GiB of size, no disk
    }

    api.req().post(api.url("/sharesnap/snapshots/" + snap + "/pull")).then().statusCode(202);
    awaitNoPendingTask(snap);

    api.req()
        .get(api.url("/snapshots/" + snap))
        .then()
        .body("snapshot.status", equalTo("available"))
        .body("snapshot.size", equalTo(3))
        .body("snapshot.share_size", equalTo(1));
  }

  @Test
  void pull_ofAnotherProjectsSnapshot_isNotFound_andOfAReader_isForbidden() {
    Api api = Api.admin();
    String snap = api.snapshot(api.share(), "private");
    Api stranger = Api.admin().member();
    stranger
        .req()
        .post(stranger.url("/sharesnap/snapshots/" + snap + "/pull"))
        .then()
        .statusCode(404);
    api.reader()
        .req()
        .post(api.url("/sharesnap/snapshots/" + snap + "/pull"))
        .then()
        .statusCode(403)
        .body("forbidden.code", equalTo(403));
    api.req()
        .post(api.url("/sharesnap/snapshots/" + UUID.randomUUID() + "/pull"))
        .then()
        .statusCode(404)
        .body("itemNotFound.code", equalTo(404));
  }

  @Test
  void pull_ofASnapshotInError_isRefused() {
    Api api = Api.admin();
    String snap = api.snapshot(api.share(), "broken");
    api.json(java.util.Map.of("reset_status", java.util.Map.of("status", "error")))
        .post(api.url("/snapshots/" + snap + "/action"))
        .then()
        .statusCode(202);
    api.req()
        .post(api.url("/sharesnap/snapshots/" + snap + "/pull"))
        .then()
        .statusCode(400)
        .body("badRequest.message", containsString("must be available"));
  }

  @Test
  void periodicPass_findsASnapshotRemovedBehindOurBack() throws Exception {
    Api api = Api.admin();
    String snap = api.snapshot(api.share(), "periodic");
    removeTree(nfs.root().resolve("snapshots").resolve(snap));

    // passes are bounded; run them until this snapshot (least recently synced first) is reached
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!"error".equals(api.req().get(api.url("/snapshots/" + snap)).path("snapshot.status"))) {
      assertTrue(System.nanoTime() < deadline, "the periodic pass never marked " + snap);
      sync.reconcileOnce().await().atMost(Duration.ofSeconds(10));
      Thread.sleep(200);
    }
    assertEquals("error", api.req().get(api.url("/snapshots/" + snap)).path("snapshot.status"));
  }

  @Test
  void periodicPass_whileAnotherReplicaHoldsTheLock_schedulesNothing() {
    int result =
        pool.withTransaction(
                tx ->
                    tx.query("SELECT pg_advisory_xact_lock(" + 0x5348534E53594E43L + ")")
                        .execute()
                        .chain(() -> sync.reconcileOnce()))
            .await()
            .atMost(Duration.ofSeconds(10));
    assertEquals(-1, result);
  }

  private void awaitNoPendingTask(String snap) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (TaskRows.count(pool, snap) > 0) {
      assertTrue(System.nanoTime() < deadline, "sync task for " + snap + " never finished");
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private static void removeTree(Path dir) throws Exception {
    assertTrue(Files.isDirectory(dir), dir + " should exist before we remove it");
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
