package dev.sharesnap.driver.cephfs;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharesnap.support.Api;
import dev.sharesnap.support.CephCluster;
import dev.sharesnap.support.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Snapshots of CephFS shares through the HTTP API, against a real Ceph cluster (one per run, see
 * {@link CephCluster}), checked from the Ceph side with the ceph CLI as client.admin.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@WithTestResource(CephCluster.class)
class CephfsSnapshotTest {

  @BeforeEach
  void cephIsThere() {
    CephCluster.assumeRunning();
  }

  /** A share type of this caller's project that places shares on the cephfs backend. */
  static String cephfsType(Api api) {
    String type = "cephfs-" + api.project;
    api.json(
            Map.of(
                "share_type",
                Map.of(
                    "name",
                    type,
                    "extra_specs",
                    Map.of(
                        "driver_handles_share_servers", "False",
                        "share_backend_name", "cephfs",
                        "snapshot_support", "True",
                        "create_share_from_snapshot_support", "True",
                        "revert_to_snapshot_support", "False"))))
        .post(api.url("/types"))
        .then()
        .statusCode(200);
    return type;
  }

  static String cephfsShare(Api api) {
    return cephfsShare(
        api, Map.of("share_proto", "CEPHFS", "size", 1, "share_type", cephfsType(api)));
  }

  /** Creates the share {@code body} describes and waits until it is available on cephfs. */
  static String cephfsShare(Api api, Map<String, Object> body) {
    String id =
        api.json(Map.of("share", body))
            .post(api.url("/shares"))
            .then()
            .statusCode(200)
            .body("share.host", equalTo("sharesnap@cephfs#pool0"))
            .extract()
            .path("share.id");
    api.awaitStatus("/shares/" + id, "share", "available");
    return id;
  }

  static String subvolumeSnapshots(String share) {
    return CephCluster.ceph(
        "fs",
        "subvolume",
        "snapshot",
        "ls",
        CephCluster.fsName(),
        share,
        "--group_name",
        "sharesnap");
  }

  /** A subvolume snapshot made with the ceph CLI, behind sharesnap's back. */
  static void snapshotByHand(String subvolume, String name) {
    CephCluster.ceph(
        "fs",
        "subvolume",
        "snapshot",
        "create",
        CephCluster.fsName(),
        subvolume,
        name,
        "--group_name",
        "sharesnap");
  }

  static String subvolumes() {
    return CephCluster.ceph(
        "fs", "subvolume", "ls", CephCluster.fsName(), "--group_name", "sharesnap");
  }

  @Test
  void share_onCephfs_isASubvolume_exportedAsMonitorsAndPath() {
    Api api = Api.admin();
    String share = cephfsShare(api);
    assertTrue(subvolumes().contains("\"" + share + "\""), subvolumes());
    api.req()
        .get(api.url("/shares/" + share + "/export_locations"))
        .then()
        .body(
            "export_locations[0].path",
            matchesPattern("127\\.0\\.0\\.1:\\d+:/volumes/sharesnap/" + share + "/[0-9a-f-]+"));
    api.req()
        .get(api.url("/shares/" + share))
        .then()
        .body("share.revert_to_snapshot_support", equalTo(false));
  }

  @Test
  void nfsShare_onATypeNamingTheCephfsBackend_isRejected() {
    Api api = Api.admin();
    api.json(
            Map.of("share", Map.of("share_proto", "NFS", "size", 1, "share_type", cephfsType(api))))
        .post(api.url("/shares"))
        .then()
        .statusCode(400)
        .body("badRequest.message", containsString("backend 'cephfs' does not export NFS shares"));
  }

  @Test
  void cephfsShare_onTheDefaultType_goesToTheBackendThatExportsCephfs() {
    // the default backend (nfs) exports no CEPHFS; as Manila's scheduler filters hosts by
    // protocol, the share lands on the cephfs backend
    Api api = Api.admin();
    String id = cephfsShare(api, Map.of("share_proto", "cephfs", "size", 1));
    assertTrue(subvolumes().contains(id), subvolumes());
    api.req().delete(api.url("/shares/" + id)).then().statusCode(202);
  }

  @Test
  void snapshot_onCephfs_becomesAvailable_andIsASubvolumeSnapshot() {
    Api api = Api.admin();
    String share = cephfsShare(api);
    String snap = api.snapshot(share, "first");
    api.req()
        .get(api.url("/snapshots/" + snap))
        .then()
        .body("snapshot.provider_location", equalTo(snap))
        .body("snapshot.size", equalTo(1));
    assertTrue(subvolumeSnapshots(share).contains("\"" + snap + "\""), subvolumeSnapshots(share));
  }

  @Test
  void snapshot_whileTheCephManagerIsUnreachable_isRetried_andBecomesAvailable() {
    Api api = Api.admin();
    String share = cephfsShare(api);
    String[] snap = new String[1];
    CephCluster.freezeManager(
        14,
        () -> {
          snap[0] =
              api.json(Map.of("snapshot", Map.of("share_id", share)))
                  .post(api.url("/snapshots"))
                  .then()
                  .statusCode(202)
                  .extract()
                  .path("snapshot.id");
          api.req()
              .get(api.url("/snapshots/" + snap[0]))
              .then()
              .body("snapshot.status", equalTo("creating"));
        });
    // the first attempt timed out after command-timeout (10 s, ETIMEDOUT: transient); a retry
    // succeeds
    api.awaitStatus("/snapshots/" + snap[0], "snapshot", "available");
    assertTrue(
        subvolumeSnapshots(share).contains("\"" + snap[0] + "\""), subvolumeSnapshots(share));
  }

  @Test
  void deleteSnapshot_onCephfs_removesTheSubvolumeSnapshot() {
    Api api = Api.admin();
    String share = cephfsShare(api);
    String snap = api.snapshot(share, "doomed");
    api.req().delete(api.url("/snapshots/" + snap)).then().statusCode(202);
    api.awaitGone("/snapshots/" + snap);
    assertFalse(subvolumeSnapshots(share).contains(snap), subvolumeSnapshots(share));
    api.req().delete(api.url("/shares/" + share)).then().statusCode(202);
    api.awaitGone("/shares/" + share);
    assertFalse(subvolumes().contains(share), subvolumes());
  }

  @Test
  void shareFromSnapshot_onCephfs_isACompletedClone_andEverythingDeletesCleanly() {
    Api api = Api.admin();
    String share = cephfsShare(api);
    String snap = api.snapshot(share, "source");
    String clone =
        api.json(Map.of("share", Map.of("share_proto", "CEPHFS", "snapshot_id", snap, "size", 2)))
            .post(api.url("/shares"))
            .then()
            .statusCode(200)
            .body("share.status", equalTo("creating"))
            .extract()
            .path("share.id");
    api.awaitStatus("/shares/" + clone, "share", "available");
    String status =
        CephCluster.ceph(
            "fs", "clone", "status", CephCluster.fsName(), clone, "--group_name", "sharesnap");
    assertTrue(status.contains("\"complete\""), status);
    String info =
        CephCluster.ceph(
            "fs", "subvolume", "info", CephCluster.fsName(), clone, "--group_name", "sharesnap");
    assertTrue(
        info.contains("\"bytes_quota\": 2147483648"), "resized to the requested 2 GiB: " + info);
    api.req()
        .get(api.url("/shares/" + clone + "/export_locations"))
        .then()
        .body("export_locations[0].path", matchesPattern(".*:/volumes/sharesnap/" + clone + "/.*"));

    api.req().delete(api.url("/shares/" + clone)).then().statusCode(202);
    api.awaitGone("/shares/" + clone);
    api.req().delete(api.url("/snapshots/" + snap)).then().statusCode(202);
    api.awaitGone("/snapshots/" + snap);
    api.req().delete(api.url("/shares/" + share)).then().statusCode(202);
    api.awaitGone("/shares/" + share);
    String left = subvolumes();
    assertFalse(left.contains(share) || left.contains(clone), left);
  }

  @Test
  void manage_byProviderLocation_adoptsASubvolumeSnapshot_andUnmanageLeavesItOnCeph() {
    Api api = Api.admin();
    String share = cephfsShare(api);
    snapshotByHand(share, "made-by-hand");
    String managed =
        api.json(Map.of("snapshot", Map.of("share_id", share, "provider_location", "made-by-hand")))
            .post(api.url("/snapshots/manage"))
            .then()
            .statusCode(202)
            .extract()
            .path("snapshot.id");
    api.awaitStatus("/snapshots/" + managed, "snapshot", "available");
    api.req()
        .get(api.url("/snapshots/" + managed))
        .then()
        .body("snapshot.size", equalTo(1))
        .body("snapshot.provider_location", equalTo("made-by-hand"));
    api.json("{\"unmanage\": null}")
        .post(api.url("/snapshots/" + managed + "/action"))
        .then()
        .statusCode(202);
    api.awaitGone("/snapshots/" + managed);
    assertTrue(subvolumeSnapshots(share).contains("\"made-by-hand\""), subvolumeSnapshots(share));
  }

  @Test
  void manage_ofASnapshotMissingOnCeph_endsInManageError_withCephsReason() {
    Api api = Api.admin();
    String share = cephfsShare(api);
    String id =
        api.json(Map.of("snapshot", Map.of("share_id", share, "provider_location", "not-there")))
            .post(api.url("/snapshots/manage"))
            .then()
            .statusCode(202)
            .extract()
            .path("snapshot.id");
    api.awaitStatus("/snapshots/" + id, "snapshot", "manage_error");
    String messages = userMessages(api, id);
    assertEquals(
        true, messages.contains("not-there") && messages.contains("does not exist"), messages);
  }

  /** The user messages about {@code id} (Manila's /messages, 2.37), joined with " | ". */
  static String userMessages(Api api, String id) {
    List<String> messages =
        api.at("2.37")
            .req()
            .get(api.url("/messages?resource_id=" + id))
            .then()
            .statusCode(200)
            .extract()
            .path("messages.user_message");
    return String.join(" | ", messages);
  }
}
