package dev.sharesnap.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.sharesnap.driver.nfs.NfsDriver;
import dev.sharesnap.support.Api;
import dev.sharesnap.support.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class ShareTest {

  @Inject NfsDriver nfs;

  @Test
  void create_answers200WithTheShareView_andExportsADirectory() {
    Api api = Api.admin();
    String id =
        api.json(
                Map.of(
                    "share",
                    Map.of("share_proto", "nfs", "size", 1, "name", "s", "share_type", "default")))
            .post(api.url("/shares"))
            .then()
            .statusCode(200)
            .body("share.status", equalTo("creating"))
            .body("share.share_proto", equalTo("NFS"))
            .body("share.snapshot_support", equalTo(true))
            .body("share.create_share_from_snapshot_support", equalTo(true))
            .body("share.share_type_name", equalTo("default"))
            .extract()
            .path("share.id");
    api.awaitStatus("/shares/" + id, "share", "available");
    Path dir = nfs.root().resolve("shares").resolve(id);
    api.req()
        .get(api.url("/shares/" + id + "/export_locations"))
        .then()
        .statusCode(200)
        .body("export_locations", hasSize(1))
        .body("export_locations[0].path", equalTo("127.0.0.1:" + dir))
        .body("export_locations[0].preferred", equalTo(true));
    assertEquals(true, Files.isDirectory(dir));
  }

  @Test
  void shareViewKeys_atTheCsiAndCliVersions() {
    Api api = Api.admin();
    String id = api.share();
    Map<String, Object> at237 =
        api.at("2.37")
            .member()
            .req()
            .get(api.url("/shares/" + id))
            .then()
            .statusCode(200)
            .extract()
            .path("share");
    assertEquals(
        List.of(
            "id",
            "size",
            "availability_zone",
            "created_at",
            "status",
            "name",
            "description",
            "project_id",
            "snapshot_id",
            "share_network_id",
            "share_proto",
            "metadata",
            "share_type",
            "volume_type",
            "links",
            "is_public",
            "snapshot_support",
            "task_state",
            "share_type_name",
            "access_rules_status",
            "replication_type",
            "has_replicas",
            "user_id",
            "create_share_from_snapshot_support",
            "revert_to_snapshot_support",
            "share_group_id",
            "source_share_group_snapshot_member_id",
            "mount_snapshot_support"),
        List.copyOf(at237.keySet()));
    Map<String, Object> at273 =
        api.req().get(api.url("/shares/" + id)).then().extract().path("share");
    assertEquals(
        List.of(
            "progress", "is_soft_deleted", "scheduled_to_be_deleted_at", "share_server_id", "host"),
        List.copyOf(at273.keySet()).subList(at237.size(), at273.size()));
  }

  @Test
  void shareViewKeys_beforeTheExportLocationsRoute_matchManila15() {
    Api api = Api.admin();
    String id = api.share();
    Map<String, Object> at20 =
        api.at("2.0")
            .member()
            .req()
            .get(api.url("/shares/" + id))
            .then()
            .statusCode(200)
            .extract()
            .path("share");
    assertEquals(
        List.of(
            "id",
            "size",
            "availability_zone",
            "created_at",
            "status",
            "name",
            "description",
            "project_id",
            "snapshot_id",
            "share_network_id",
            "share_proto",
            "export_location",
            "metadata",
            "share_type",
            "volume_type",
            "links",
            "is_public",
            "export_locations"),
        List.copyOf(at20.keySet()));
    assertEquals("default", at20.get("share_type"));
    Map<String, Object> at24 =
        api.at("2.4").member().req().get(api.url("/shares/" + id)).then().extract().path("share");
    assertEquals(false, at24.containsKey("consistency_group_id"));
    api.at("2.6")
        .req()
        .get(api.url("/shares/" + id))
        .then()
        .body("share.share_type", matchesPattern("[0-9a-f-]{36}"));
  }

  @Test
  void privateTypes_areInvisibleToMembers_andTenantsSeeOnlyVisibleSpecs() {
    Api api = Api.admin();
    String priv = "private-" + api.project;
    String pub = "public-" + api.project;
    api.json(
            Map.of(
                "share_type",
                Map.of(
                    "name",
                    priv,
                    "share_type_access:is_public",
                    false,
                    "extra_specs",
                    Map.of("driver_handles_share_servers", false, "snapshot_support", true))))
        .post(api.url("/types"))
        .then()
        .statusCode(200);
    String pubId =
        api.json(
                Map.of(
                    "share_type",
                    Map.of(
                        "name",
                        pub,
                        "extra_specs",
                        Map.of(
                            "driver_handles_share_servers",
                            false,
                            "snapshot_support",
                            true,
                            "secret_pool",
                            "p1"))))
            .post(api.url("/types"))
            .then()
            .statusCode(200)
            .extract()
            .path("share_type.id");
    List<String> memberSees =
        api.member()
            .req()
            .get(api.url("/types"))
            .then()
            .statusCode(200)
            .extract()
            .path("share_types.name");
    assertEquals(false, memberSees.contains(priv));
    assertEquals(true, memberSees.contains(pub));
    List<String> adminDefault =
        api.req().get(api.url("/types")).then().extract().path("share_types.name");
    assertEquals(false, adminDefault.contains(priv));
    List<String> adminAll =
        api.req().get(api.url("/types?is_public=all")).then().extract().path("share_types.name");
    assertEquals(true, adminAll.contains(priv));
    api.req()
        .get(api.url("/types?is_public=bogus"))
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("Invalid is_public filter [bogus]"));
    api.member()
        .json(Map.of("share", Map.of("share_proto", "NFS", "size", 1, "share_type", priv)))
        .post(api.url("/shares"))
        .then()
        .statusCode(404)
        .body("itemNotFound.message", equalTo("Share type not found."));
    Map<String, Object> specs =
        api.member()
            .req()
            .get(api.url("/types/" + pubId))
            .then()
            .statusCode(200)
            .extract()
            .path("share_type.extra_specs");
    assertEquals(
        Map.of(
            "driver_handles_share_servers",
            "False",
            "snapshot_support",
            "True",
            "create_share_from_snapshot_support",
            false,
            "revert_to_snapshot_support",
            false,
            "mount_snapshot_support",
            false),
        specs);
    api.req()
        .get(api.url("/types/" + pubId))
        .then()
        .body("share_type.extra_specs.secret_pool", equalTo("p1"));
  }

  @Test
  void typeCreate_validatesLikeManila() {
    Api api = Api.admin();
    String name = "v-" + api.project;
    api.json(Map.of("share_type", Map.of("name", name)))
        .post(api.url("/types"))
        .then()
        .statusCode(400)
        .body(
            "badRequest.message",
            equalTo(
                "Invalid extra_spec: Required extra specs are missing: driver_handles_share_servers."));
    api.json(
            Map.of(
                "share_type",
                Map.of("name", "", "extra_specs", Map.of("driver_handles_share_servers", false))))
        .post(api.url("/types"))
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("Type name or description is not valid."));
    api.at("2.40")
        .json(
            Map.of(
                "share_type",
                Map.of(
                    "name",
                    name,
                    "description",
                    "d",
                    "extra_specs",
                    Map.of("driver_handles_share_servers", false))))
        .post(api.url("/types"))
        .then()
        .statusCode(400);
    api.json(Map.of("nothing", Map.of())).post(api.url("/types")).then().statusCode(400);
    api.at("2.23")
        .json(
            Map.of(
                "share_type",
                Map.of("name", name, "extra_specs", Map.of("driver_handles_share_servers", false))))
        .post(api.url("/types"))
        .then()
        .statusCode(200)
        .body("share_type.extra_specs.snapshot_support", equalTo("True"));
    api.member()
        .json(Map.of("share_type", Map.of("name", name + "m")))
        .post(api.url("/types"))
        .then()
        .statusCode(403);
  }

  @Test
  void createFromSnapshot_holdsTheSnapshotsData_andIsListedAsItsRestoration() throws Exception {
    Api api = Api.admin();
    String share = api.share();
    Files.writeString(nfs.root().resolve("shares").resolve(share).resolve("data.txt"), "v1");
    String snap = api.snapshot(share, "src");
    Files.writeString(nfs.root().resolve("shares").resolve(share).resolve("data.txt"), "v2");
    String clone =
        api.json(Map.of("share", Map.of("share_proto", "NFS", "size", 1, "snapshot_id", snap)))
            .post(api.url("/shares"))
            .then()
            .statusCode(200)
            .body("share.snapshot_id", equalTo(snap))
            .extract()
            .path("share.id");
    api.awaitStatus("/shares/" + clone, "share", "available");
    assertEquals(
        "v1", Files.readString(nfs.root().resolve("shares").resolve(clone).resolve("data.txt")));
    api.req()
        .get(api.url("/shares/detail?snapshot_id=" + snap))
        .then()
        .body("shares.id", equalTo(List.of(clone)));
    // a snapshot that a share was restored from may still be deleted (the CSI driver relies on it)
    api.req().delete(api.url("/snapshots/" + snap)).then().statusCode(202);
    api.awaitGone("/snapshots/" + snap);
    assertEquals(
        "v1", Files.readString(nfs.root().resolve("shares").resolve(clone).resolve("data.txt")));
  }

  @Test
  void createFromSnapshot_rules() {
    Api api = Api.admin();
    String share = api.share();
    String snap = api.snapshot(share, "rules");
    api.json(
            Map.of(
                "share",
                Map.of(
                    "share_proto",
                    "NFS",
                    "size",
                    1,
                    "snapshot_id",
                    java.util.UUID.randomUUID().toString())))
        .post(api.url("/shares"))
        .then()
        .statusCode(404);
    api.json(Map.of("reset_status", Map.of("status", "error")))
        .post(api.url("/snapshots/" + snap + "/action"))
        .then()
        .statusCode(202);
    api.json(Map.of("share", Map.of("share_proto", "NFS", "size", 1, "snapshot_id", snap)))
        .post(api.url("/shares"))
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("Invalid share snapshot: status must be 'available'."));
  }

  @Test
  void delete_withSnapshots_is403_thenWorksOnceTheyAreGone() {
    Api api = Api.admin();
    String share = api.share();
    String snap = api.snapshot(share, "dep");
    api.req()
        .delete(api.url("/shares/" + share))
        .then()
        .statusCode(403)
        .body(
            "forbidden.message", equalTo("Invalid share: Share still has 1 dependent snapshots."));
    api.req().delete(api.url("/snapshots/" + snap)).then().statusCode(202);
    api.awaitGone("/snapshots/" + snap);
    api.req().delete(api.url("/shares/" + share)).then().statusCode(202);
    api.awaitGone("/shares/" + share);
    assertFalse(Files.exists(nfs.root().resolve("shares").resolve(share)));
  }

  @Test
  void create_badInput_is400Or422() {
    Api api = Api.admin();
    api.json(Map.of("share", Map.of("share_proto", "CIFS", "size", 1)))
        .post(api.url("/shares"))
        .then()
        .statusCode(400);
    api.json(Map.of("share", Map.of("share_proto", "NFS", "size", 0)))
        .post(api.url("/shares"))
        .then()
        .statusCode(400);
    api.json(Map.of("share", Map.of("share_proto", "NFS")))
        .post(api.url("/shares"))
        .then()
        .statusCode(400);
    api.json(Map.of("nope", Map.of())).post(api.url("/shares")).then().statusCode(422);
    api.json(Map.of("share", Map.of("share_proto", "NFS", "size", 1, "share_type", "no-such-type")))
        .post(api.url("/shares"))
        .then()
        .statusCode(404);
  }

  @Test
  void types_listShowExtraSpecsAndCreate() {
    Api api = Api.admin();
    String id =
        api.req()
            .get(api.url("/types"))
            .then()
            .statusCode(200)
            .extract()
            .path("share_types.find { it.name == 'default' }.id");
    api.req()
        .get(api.url("/types/default"))
        .then()
        .statusCode(200)
        .body("share_type.id", equalTo(id))
        .body("share_type.is_default", equalTo(true));
    api.req()
        .get(api.url("/types/" + id + "/extra_specs"))
        .then()
        .statusCode(200)
        .body("extra_specs.snapshot_support", equalTo("True"))
        .body("extra_specs.create_share_from_snapshot_support", equalTo("True"));
    api.req().get(api.url("/types/default/extra_specs")).then().statusCode(404);
    String name = "gold-" + api.project;
    api.json(
            Map.of(
                "share_type",
                Map.of(
                    "name",
                    name,
                    "share_type_access:is_public",
                    true,
                    "extra_specs",
                    Map.of(
                        "snapshot_support",
                        true,
                        "create_share_from_snapshot_support",
                        false,
                        "driver_handles_share_servers",
                        false))))
        .post(api.url("/types"))
        .then()
        .statusCode(200)
        .body("share_type.extra_specs.snapshot_support", equalTo("True"))
        .body("share_type.extra_specs.create_share_from_snapshot_support", equalTo("False"))
        .body("volume_type.name", equalTo(name));
    api.member()
        .json(Map.of("share_type", Map.of("name", name + "x")))
        .post(api.url("/types"))
        .then()
        .statusCode(403);
    String share =
        api.json(Map.of("share", Map.of("share_proto", "NFS", "size", 1, "share_type", name)))
            .post(api.url("/shares"))
            .then()
            .statusCode(200)
            .body("share.create_share_from_snapshot_support", equalTo(false))
            .extract()
            .path("share.id");
    api.awaitStatus("/shares/" + share, "share", "available");
    String snap = api.snapshot(share, "nocl");
    api.json(Map.of("share", Map.of("share_proto", "NFS", "size", 1, "snapshot_id", snap)))
        .post(api.url("/shares"))
        .then()
        .statusCode(400)
        .body(
            "badRequest.message",
            matchesPattern(
                "A new share may not be created from snapshot '.*', because the snapshot's parent share does not have that capability."));
  }

  @Test
  void snapshotOfAShareWithoutSnapshotSupport_is422() {
    Api api = Api.admin();
    String name = "nosnap-" + api.project;
    api.json(
            Map.of(
                "share_type",
                Map.of(
                    "name",
                    name,
                    "extra_specs",
                    Map.of("snapshot_support", "False", "driver_handles_share_servers", "False"))))
        .post(api.url("/types"))
        .then()
        .statusCode(200);
    String share =
        api.json(Map.of("share", Map.of("share_proto", "NFS", "size", 1, "share_type", name)))
            .post(api.url("/shares"))
            .then()
            .statusCode(200)
            .extract()
            .path("share.id");
    api.awaitStatus("/shares/" + share, "share", "available");
    api.json(Map.of("snapshot", Map.of("share_id", share)))
        .post(api.url("/snapshots"))
        .then()
        .statusCode(422)
        .body(
            "computeFault.message",
            equalTo(
                "Snapshots cannot be created for share '"
                    + share
                    + "' since it does not have that capability."));
  }

  /** Without NFS-Ganesha the NFS backend serves no access rules: Manila-style 400s, no 500. */
  @Test
  void allowAccess_withoutGanesha_isBadRequest() {
    Api api = Api.admin();
    String share = api.share();
    String action = api.url("/shares/" + share + "/action");
    api.json(Map.of("allow_access", Map.of("access_type", "ip", "access_to", "10.0.0.1")))
        .post(action)
        .then()
        .statusCode(400)
        .body("badRequest.message", containsString("serves no access rules"));
    api.json(Map.of("access_list", Map.of()))
        .post(action)
        .then()
        .statusCode(200)
        .body("access_list", hasSize(0));
    api.at("2.6")
        .json(Map.of("allow_access", Map.of("access_type", "ip", "access_to", "10.0.0.1")))
        .post(action)
        .then()
        .statusCode(404);
    api.req()
        .get(api.url("/shares/" + share + "/export_locations"))
        .then()
        .body(
            "export_locations[0].path",
            equalTo("127.0.0.1:" + nfs.root().resolve("shares/" + share)));
  }

  @Test
  void createShare_ofTypeWithMountSnapshotSupport_withoutGanesha_isBadRequest() {
    Api api = Api.admin();
    String type =
        api.shareType("mount", "snapshot_support", "True", "mount_snapshot_support", "True");
    api.json(Map.of("share", Map.of("share_proto", "NFS", "size", 1, "share_type", type)))
        .post(api.url("/shares"))
        .then()
        .statusCode(400)
        .body("badRequest.message", containsString("cannot mount snapshots"));
  }

  @Test
  void createShare_ofAProtocolNoBackendExports_isBadRequest_namingTheDefaultBackend() {
    // this profile runs the NFS backend alone: no backend can take a CEPHFS share
    Api api = Api.admin();
    api.json(Map.of("share", Map.of("share_proto", "CEPHFS", "size", 1)))
        .post(api.url("/shares"))
        .then()
        .statusCode(400)
        .body(
            "badRequest.message",
            equalTo(
                "Invalid input received: No valid host was found: backend 'nfs' does not export"
                    + " CEPHFS shares."));
  }
}
