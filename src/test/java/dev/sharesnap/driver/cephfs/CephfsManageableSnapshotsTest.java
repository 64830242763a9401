package dev.sharesnap.driver.cephfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharesnap.support.Api;
import dev.sharesnap.support.CephCluster;
import dev.sharesnap.support.Metrics;
import dev.sharesnap.support.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The manageable-snapshots listing on the CephFS backend, against the real test cluster: subvolume
 * snapshots made with the ceph CLI behind sharesnap's back, managed ones, and snapshots of a
 * subvolume sharesnap does not manage.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@WithTestResource(CephCluster.class)
class CephfsManageableSnapshotsTest {

  private static final String HOST = "sharesnap@cephfs#pool0";

  @BeforeEach
  void cephIsThere() {
    Assumptions.assumeTrue(
        CephCluster.skipReason() == null,
        () -> "CephFS tests skipped: " + CephCluster.skipReason());
  }

  private static List<Map<String, Object>> listed(Api api) {
    return api.req()
        .get("/v2/sharesnap/manageable_snapshots/detail?sort_dirs=asc&host=" + HOST)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("manageable_snapshots");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> find(List<Map<String, Object>> all, String reference) {
    return all.stream()
        .filter(
            m ->
                reference.equals(
                    ((Map<String, Object>) m.get("reference")).get("provider_location")))
        .findFirst()
        .orElseThrow(() -> new AssertionError(reference + " not listed in " + all));
  }

  @Test
  void managedAndForeignSnapshots_areListed_andTheForeignOneCanBeManagedByItsReference() {
    Api api = Api.admin();
    String share = CephfsSnapshotTest.cephfsShare(api);
    String snap = api.snapshot(share, "managed");
    String foreign = "foreign-" + UUID.randomUUID();
    CephfsSnapshotTest.snapshotByHand(share, foreign);

    List<Map<String, Object>> all = listed(api);
    Map<String, Object> managed = find(all, snap);
    assertEquals(false, managed.get("safe_to_manage"));
    assertEquals("already managed", managed.get("reason_not_safe"));
    assertEquals(snap, managed.get("snapshot_id"));
    assertEquals(Map.of("name", share), managed.get("source_reference"));
    Map<String, Object> free = find(all, foreign);
    assertEquals(true, free.get("safe_to_manage"), free.toString());
    assertNull(free.get("snapshot_id"));
    assertEquals(Map.of("name", share), free.get("source_reference"));
    assertEquals(1, free.get("size"));
    assertEquals(HOST, ((Map<?, ?>) free.get("extra_info")).get("host"));
    assertNotNull(((Map<?, ?>) free.get("extra_info")).get("created_at"));

    String adopted =
        api.json(
                Map.of(
                    "snapshot",
                    Map.of("share_id", share, "provider_location", foreign, "name", "adopted")))
            .post(api.url("/snapshots/manage"))
            .then()
            .statusCode(202)
            .extract()
            .path("snapshot.id");
    api.awaitStatus("/snapshots/" + adopted, "snapshot", "available");
    assertEquals(adopted, find(listed(api), foreign).get("snapshot_id"));
  }

  /** Backend capacity from {@code ceph df}, in the readiness data and the gauges. */
  @Test
  void cephfsCapacity_isInTheReadinessDataAndTheGauges() {
    Map<String, Object> data =
        io.restassured.RestAssured.given()
            .get("/q/health/ready")
            .then()
            .extract()
            .jsonPath()
            .getMap("checks.find { it.name == 'storage backends' }.data");
    long total = ((Number) data.get("cephfs_total_bytes")).longValue();
    long free = ((Number) data.get("cephfs_free_bytes")).longValue();
    assertTrue(total > 0 && free > 0 && free <= total, data.toString());
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
    double gauge = Double.NaN;
    while (Double.isNaN(gauge) && System.nanoTime() < deadline) {
      gauge =
          Metrics.scrape()
              .sum("sharesnap_backend_capacity_bytes", "backend", "cephfs", "kind", "total");
    }
    assertEquals((double) total, gauge);
  }

  @Test
  void snapshotOfASubvolumeSharesnapDoesNotManage_isNotSafe() {
    Api api = Api.admin();
    String subvolume = "outsider-" + UUID.randomUUID();
    CephCluster.ceph(
        "fs", "subvolume", "create", CephCluster.fsName(), subvolume, "--group_name", "sharesnap");
    CephfsSnapshotTest.snapshotByHand(subvolume, "outsider-snap");
    Map<String, Object> m =
        listed(api).stream()
            .filter(e -> Map.of("name", subvolume).equals(e.get("source_reference")))
            .findFirst()
            .orElseThrow();
    assertEquals(false, m.get("safe_to_manage"));
    assertEquals("share not managed", m.get("reason_not_safe"));
    assertNull(m.get("snapshot_id"));
  }
}
