package dev.sharesnap.driver.cephfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharesnap.support.Api;
import dev.sharesnap.support.CephCluster;
import dev.sharesnap.support.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole Ceph cluster stopped (every daemon) while snapshot creates and deletes are in flight,
 * then started again on the same data. {@link CephfsSnapshotTest} covers a paused manager only;
 * here the monitor, OSD and MDS go too, the service's librados connection loses every session, and
 * its calls pending on the paused manager must end. Every snapshot must end in a final state that
 * matches Ceph (available and there, or deleted and gone) or in an error status with a reason; none
 * may stay creating or deleting.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@WithTestResource(CephCluster.class)
class CephfsOutageTest {

  private static final Set<String> FINAL = Set.of("available", "gone", "error", "error_deleting");

  @BeforeEach
  void cephIsThere() {
    CephCluster.assumeRunning();
  }

  @Test
  void wholeClusterStopped_midCreatesAndDeletes_everySnapshotEndsFinal_noneStuck() {
    Api api = Api.admin();
    String share = CephfsSnapshotTest.cephfsShare(api);
    List<String> doomed = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      doomed.add(api.snapshot(share, "doomed-" + i));
    }
    // the manager paused first, so that the operations below are surely in flight when the
    // cluster stops: none can complete without it
    CephCluster.pauseManager();
    List<String> created = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        created.add(
            api.json(Map.of("snapshot", Map.of("share_id", share, "name", "in-flight-" + i)))
                .post(api.url("/snapshots"))
                .then()
                .statusCode(202)
                .extract()
                .path("snapshot.id"));
      }
      for (String id : doomed) {
        api.req().delete(api.url("/snapshots/" + id)).then().statusCode(202);
      }
      for (String id : created) {
        assertEquals("creating", status(api, id));
      }
      for (String id : doomed) {
        assertEquals("deleting", status(api, id));
      }
    } finally {
      CephCluster.restartWhole(10);
    }

    Map<String, String> outcome = new LinkedHashMap<>();
    created.forEach(id -> outcome.put(id, awaitFinal(api, id)));
    doomed.forEach(id -> outcome.put(id, awaitFinal(api, id)));
    System.out.println("CephfsOutageTest: outcomes after the restart: " + outcome);

    String onCeph = CephfsSnapshotTest.subvolumeSnapshots(share);
    outcome.forEach(
        (id, status) -> {
          switch (status) {
            case "available" -> assertTrue(onCeph.contains("\"" + id + "\""), id + ": " + onCeph);
            case "gone" -> assertFalse(onCeph.contains(id), id + " deleted but on Ceph: " + onCeph);
            default ->
                assertTrue(
                    !CephfsSnapshotTest.userMessages(api, id).isBlank(),
                    id + " is " + status + " without reason");
          }
        });
    // the backend works again: a new snapshot after the outage becomes available
    api.snapshot(share, "after");
  }

  private static String status(Api api, String id) {
    Response r = api.req().get(api.url("/snapshots/" + id));
    return r.statusCode() == 404 ? "gone" : r.path("snapshot.status");
  }

  /** Waits (generously: retries back off, the cluster may be slow to settle) for a final state. */
  private static String awaitFinal(Api api, String id) {
    long deadline = System.nanoTime() + Duration.ofMinutes(6).toNanos();
    String last = null;
    while (System.nanoTime() < deadline) {
      last = status(api, id);
      if (FINAL.contains(last)) {
        return last;
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("snapshot " + id + " still " + last + " long after the restart");
  }
}
