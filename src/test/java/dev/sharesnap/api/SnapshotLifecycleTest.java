package dev.sharesnap.api;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharesnap.driver.nfs.NfsDriver;
import dev.sharesnap.support.Api;
import dev.sharesnap.support.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class SnapshotLifecycleTest {

  @Inject NfsDriver nfs;

  @Test
  void create_answers202Creating_thenBecomesAvailableWithManilasShape() {
    Api api = Api.admin();
    String share = api.share();
    api.json(
            Map.of(
                "snapshot",
                Map.of(
                    "share_id", share, "name", "snap-1", "description", "first", "force", false)))
        .post(api.url("/snapshots"))
        .then()
        .statusCode(202)
        .body("snapshot.status", equalTo("creating"))
        .body("snapshot.share_id", equalTo(share))
        .body("snapshot.size", equalTo(1))
        .body("snapshot.share_size", equalTo(1))
        .body("snapshot.share_proto", equalTo("NFS"))
        .body("snapshot.name", equalTo("snap-1"))
        .body("snapshot.description", equalTo("first"))
        .body("snapshot.provider_location", nullValue())
        .body("snapshot.user_id", equalTo("alice"))
        .body("snapshot.project_id", equalTo(api.project))
        .body("snapshot.metadata", equalTo(Map.of()))
        .body(
            "snapshot.created_at",
            matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}"))
        .body("snapshot.links[0].rel", equalTo("self"))
        .body(
            "snapshot.links[0].href",
            matchesPattern("http://[^/]+/v2/" + api.project + "/snapshots/[0-9a-f-]{36}"))
        .body("snapshot.links[1].rel", equalTo("bookmark"))
        .body(
            "snapshot.links[1].href",
            matchesPattern("http://[^/]+/" + api.project + "/snapshots/[0-9a-f-]{36}"));
    String id =
        api.req()
            .get(api.url("/snapshots/detail?name=snap-1"))
            .then()
            .extract()
            .path("snapshots[0].id");
    api.awaitStatus("/snapshots/" + id, "snapshot", "available");
    api.req()
        .get(api.url("/snapshots/" + id))
        .then()
        .body("snapshot.provider_location", equalTo(id));
  }

  @Test
  void snapshot_holdsTheFilesOfItsShare_andLaterWritesDoNotChangeIt() throws Exception {
    Api api = Api.admin();
    String share = api.share();
    Path shareDir = nfs.root().resolve("shares").resolve(share);
    Files.writeString(shareDir.resolve("a.txt"), "before");
    Files.createDirectories(shareDir.resolve("sub"));
    Files.writeString(shareDir.resolve("sub/b.txt"), "nested");
    String snap = api.snapshot(share, "data");
    Files.writeString(shareDir.resolve("a.txt"), "after");
    Files.writeString(shareDir.resolve("c.txt"), "new");
    Path snapDir = nfs.root().resolve("snapshots").resolve(snap);
    assertEquals("before", Files.readString(snapDir.resolve("a.txt")));
    assertEquals("nested", Files.readString(snapDir.resolve("sub/b.txt")));
    assertFalse(Files.exists(snapDir.resolve("c.txt")));
  }

  @Test
  void viewKeys_followTheMicroversionAndTheCaller() {
    Api api = Api.admin();
    String snap = api.snapshot(api.share(), "keys");
    List<String> base =
        List.of(
            "id",
            "share_id",
            "share_size",
            "created_at",
            "status",
            "name",
            "description",
            "size",
            "share_proto",
            "links");
    assertKeys(api.at("2.0"), snap, base);
    assertKeys(api.at("2.11"), snap, base);
    assertKeys(api.at("2.12"), snap, plus(base, "provider_location"));
    assertKeys(api.at("2.12").member(), snap, base);
    assertKeys(api.at("2.17"), snap, plus(base, "provider_location", "user_id", "project_id"));
    assertKeys(api.at("2.17").member(), snap, plus(base, "user_id", "project_id"));
    assertKeys(api.at("2.72"), snap, plus(base, "provider_location", "user_id", "project_id"));
    assertKeys(
        api.at("2.73"), snap, plus(base, "provider_location", "user_id", "project_id", "metadata"));
    assertKeys(api.at("2.73").member(), snap, plus(base, "user_id", "project_id", "metadata"));
  }

  private static List<String> plus(List<String> base, String... more) {
    List<String> out = new java.util.ArrayList<>(base);
    out.addAll(List.of(more));
    return out;
  }

  private static void assertKeys(Api api, String snap, List<String> expected) {
    Map<String, Object> body =
        api.req()
            .get(api.url("/snapshots/" + snap))
            .then()
            .statusCode(200)
            .extract()
            .path("snapshot");
    assertEquals(expected, List.copyOf(body.keySet()), "keys at " + api);
    Map<String, Object> listed =
        api.req()
            .get(api.url("/snapshots/detail"))
            .then()
            .statusCode(200)
            .extract()
            .path("snapshots[0]");
    assertEquals(expected, List.copyOf(listed.keySet()));
  }

  @Test
  void summaryList_hasIdNameLinksOnly() {
    Api api = Api.admin();
    api.snapshot(api.share(), "summary");
    Map<String, Object> item =
        api.req().get(api.url("/snapshots")).then().statusCode(200).extract().path("snapshots[0]");
    assertEquals(List.of("id", "name", "links"), List.copyOf(item.keySet()));
  }

  @Test
  void update_honoursDisplayKeysOnly_andNullClears() {
    Api api = Api.admin();
    String snap = api.snapshot(api.share(), "old");
    api.json(Map.of("snapshot", Map.of("display_name", "new", "display_description", "d")))
        .put(api.url("/snapshots/" + snap))
        .then()
        .statusCode(200)
        .body("snapshot.name", equalTo("new"))
        .body("snapshot.description", equalTo("d"));
    api.json(Map.of("snapshot", Map.of("name", "ignored", "description", "ignored")))
        .put(api.url("/snapshots/" + snap))
        .then()
        .statusCode(200)
        .body("snapshot.name", equalTo("new"));
    Map<String, Object> clear = new HashMap<>();
    clear.put("display_description", null);
    api.json(Map.of("snapshot", clear))
        .put(api.url("/snapshots/" + snap))
        .then()
        .statusCode(200)
        .body("snapshot.description", nullValue())
        .body("snapshot.name", equalTo("new"));
  }

  @Test
  void delete_goesThroughDeletingToGone_andRemovesTheData() {
    Api api = Api.admin();
    String snap = api.snapshot(api.share(), "del");
    Path dir = nfs.root().resolve("snapshots").resolve(snap);
    assertTrue(Files.isDirectory(dir));
    api.req().delete(api.url("/snapshots/" + snap)).then().statusCode(202);
    api.awaitGone("/snapshots/" + snap);
    assertFalse(Files.exists(dir));
    api.req().delete(api.url("/snapshots/" + snap)).then().statusCode(404);
  }

  @Test
  void delete_inATransitionalState_is400() {
    Api api = Api.admin();
    String snap = api.snapshot(api.share(), "busy");
    api.json(Map.of("reset_status", Map.of("status", "creating")))
        .post(api.url("/snapshots/" + snap + "/action"))
        .then()
        .statusCode(202);
    api.req()
        .delete(api.url("/snapshots/" + snap))
        .then()
        .statusCode(400)
        .body(
            "badRequest.message",
            equalTo(
                "Invalid share snapshot: Share Snapshot status must be one of ('available', 'error')."));
  }

  @Test
  void resetStatus_isImmediate_andValidatesTheState() {
    Api api = Api.admin();
    String snap = api.snapshot(api.share(), "reset");
    String action = api.url("/snapshots/" + snap + "/action");
    api.json(Map.of("reset_status", Map.of("status", "error"))).post(action).then().statusCode(202);
    api.req().get(api.url("/snapshots/" + snap)).then().body("snapshot.status", equalTo("error"));
    api.json(Map.of("reset_status", Map.of("status", "bogus")))
        .post(action)
        .then()
        .statusCode(400)
        .body(
            "badRequest.message",
            equalTo(
                "Invalid state. Valid states: available, creating, deleting, error, error_deleting, migrating, migrating_to, server_migrating."));
    api.json(Map.of("reset_status", Map.of()))
        .post(action)
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("Must specify 'status'"));
  }

  @Test
  void adminActionNames_areGatedByMicroversion() {
    Api api = Api.admin();
    String snap = api.snapshot(api.share(), "gates");
    String action = api.url("/snapshots/" + snap + "/action");
    api.at("2.6")
        .json(Map.of("os-reset_status", Map.of("status", "error")))
        .post(action)
        .then()
        .statusCode(202);
    api.at("2.6")
        .json(Map.of("reset_status", Map.of("status", "error")))
        .post(action)
        .then()
        .statusCode(404);
    api.at("2.7")
        .json(Map.of("os-reset_status", Map.of("status", "error")))
        .post(action)
        .then()
        .statusCode(404);
    api.at("2.7")
        .json(Map.of("reset_status", Map.of("status", "available")))
        .post(action)
        .then()
        .statusCode(202);
    api.at("2.7").json(Map.of("os-force_delete", Map.of())).post(action).then().statusCode(404);
    api.at("2.11").json(Map.of("unmanage", Map.of())).post(action).then().statusCode(404);
    api.at("2.6").json("{\"os-force_delete\": null}").post(action).then().statusCode(202);
    api.awaitGone("/snapshots/" + snap);
  }

  @Test
  void forceDelete_worksFromAnyState() {
    Api api = Api.admin();
    String snap = api.snapshot(api.share(), "force");
    String action = api.url("/snapshots/" + snap + "/action");
    api.json(Map.of("reset_status", Map.of("status", "error_deleting")))
        .post(action)
        .then()
        .statusCode(202);
    api.json("{\"force_delete\": null}").post(action).then().statusCode(202);
    api.awaitGone("/snapshots/" + snap);
    assertFalse(Files.exists(nfs.root().resolve("snapshots").resolve(snap)));
  }

  @Test
  void unmanage_forgetsTheRecordButKeepsTheData_andManageAdoptsItAgain() {
    Api api = Api.admin();
    String share = api.share();
    String snap = api.snapshot(share, "keepme");
    Path dir = nfs.root().resolve("snapshots").resolve(snap);
    api.json("{\"unmanage\": null}")
        .post(api.url("/snapshots/" + snap + "/action"))
        .then()
        .statusCode(202);
    api.awaitGone("/snapshots/" + snap);
    assertTrue(Files.isDirectory(dir));

    Map<String, Object> body =
        Map.of(
            "snapshot",
            Map.of(
                "share_id",
                share,
                "provider_location",
                snap,
                "name",
                "back",
                "description",
                "again"));
    String managed =
        api.json(body)
            .post(api.url("/snapshots/manage"))
            .then()
            .statusCode(202)
            .body("snapshot.status", equalTo("manage_starting"))
            .body("snapshot.size", nullValue())
            .body("snapshot.provider_location", equalTo(snap))
            .body("snapshot.name", equalTo("back"))
            .extract()
            .path("snapshot.id");
    api.awaitStatus("/snapshots/" + managed, "snapshot", "available");
    api.req().get(api.url("/snapshots/" + managed)).then().body("snapshot.size", equalTo(1));
    api.json(body)
        .post(api.url("/snapshots/manage"))
        .then()
        .statusCode(409)
        .body(
            "conflictingRequest.message",
            equalTo(
                "Manage existing share snapshot failed due to invalid share snapshot: A share snapshot "
                    + managed
                    + " is already managed for provider location "
                    + snap
                    + "."));
  }

  @Test
  void manage_ofAMissingBackendSnapshot_endsInManageError_whichCanBeUnmanaged() {
    Api api = Api.admin();
    String share = api.share();
    String id =
        api.json(
                Map.of(
                    "snapshot", Map.of("share_id", share, "provider_location", "no-such-snapshot")))
            .post(api.url("/snapshots/manage"))
            .then()
            .statusCode(202)
            .extract()
            .path("snapshot.id");
    api.awaitStatus("/snapshots/" + id, "snapshot", "manage_error");
    api.req().get(api.url("/snapshots/" + id)).then().body("snapshot.size", equalTo(1));
    api.json("{\"unmanage\": {}}")
        .post(api.url("/snapshots/" + id + "/action"))
        .then()
        .statusCode(202);
    api.awaitGone("/snapshots/" + id);
  }

  @Test
  void manage_errorsAreManilas422sAnd404s() {
    Api api = Api.admin();
    String share = api.share();
    api.json(Map.of("snapshot", Map.of("share_id", share)))
        .post(api.url("/snapshots/manage"))
        .then()
        .statusCode(422)
        .body("computeFault.message", equalTo("Required parameter provider_location not found."));
    api.json(Map.of("foo", Map.of()))
        .post(api.url("/snapshots/manage"))
        .then()
        .statusCode(422)
        .body("computeFault.message", equalTo("Snapshot entity not found in request body."));
    api.json(Map.of("snapshot", Map.of("share_id", "", "provider_location", "x")))
        .post(api.url("/snapshots/manage"))
        .then()
        .statusCode(422)
        .body("computeFault.message", equalTo("Required parameter share_id is empty."));
    api.json(Map.of("snapshot", Map.of("share_id", 5, "provider_location", "x")))
        .post(api.url("/snapshots/manage"))
        .then()
        .statusCode(422)
        .body("computeFault.message", equalTo("Parameter share_id must be a string."));
    String missing = "00000000-0000-0000-0000-000000000000";
    api.json(Map.of("snapshot", Map.of("share_id", missing, "provider_location", "x")))
        .post(api.url("/snapshots/manage"))
        .then()
        .statusCode(404)
        .body(
            "itemNotFound.message",
            equalTo("ShareNotFound: Share " + missing + " could not be found."));
    api.at("2.11")
        .json(Map.of("snapshot", Map.of("share_id", share, "provider_location", "x")))
        .post(api.url("/snapshots/manage"))
        .then()
        .statusCode(404);
  }

  @Test
  void unmanage_inATransitionalState_is403() {
    Api api = Api.admin();
    String snap = api.snapshot(api.share(), "transitional");
    String action = api.url("/snapshots/" + snap + "/action");
    api.json(Map.of("reset_status", Map.of("status", "deleting")))
        .post(action)
        .then()
        .statusCode(202);
    api.json("{\"unmanage\": null}")
        .post(action)
        .then()
        .statusCode(403)
        .body(
            "forbidden.message",
            equalTo(
                "Snapshot with transitional state cannot be unmanaged. Snapshot '"
                    + snap
                    + "' is in 'deleting' state."));
  }

  @Test
  void metadata_routesFollowManila() {
    Api api = Api.admin();
    String snap = api.snapshot(api.share(), "meta");
    String base = api.url("/snapshots/" + snap + "/metadata");
    api.json(Map.of("metadata", Map.of("a", "1", "b", "2")))
        .post(base)
        .then()
        .statusCode(200)
        .body("metadata", equalTo(Map.of("a", "1", "b", "2")));
    api.json(Map.of("metadata", Map.of("c", "3")))
        .post(base)
        .then()
        .statusCode(200)
        .body("metadata", equalTo(Map.of("c", "3")));
    api.req()
        .get(base)
        .then()
        .statusCode(200)
        .body("metadata", equalTo(Map.of("a", "1", "b", "2", "c", "3")));
    api.req().get(base + "/b").then().statusCode(200).body("meta", equalTo(Map.of("b", "2")));
    api.json(Map.of("metadata", Map.of("b", "20")))
        .post(base + "/b")
        .then()
        .statusCode(200)
        .body("metadata", equalTo(Map.of("b", "20")));
    api.json(Map.of("metadata", Map.of("x", "1")))
        .post(base + "/b")
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("Request body and URI mismatch"));
    api.req().delete(base + "/a").then().statusCode(200);
    api.req()
        .get(base + "/a")
        .then()
        .statusCode(404)
        .body("itemNotFound.message", equalTo("MetadataItemNotFound: Metadata item is not found."));
    api.json(Map.of("metadata", Map.of("z", "9")))
        .put(base)
        .then()
        .statusCode(200)
        .body("metadata", equalTo(Map.of("z", "9")));
    api.req()
        .get(api.url("/snapshots/" + snap))
        .then()
        .body("snapshot.metadata", equalTo(Map.of("z", "9")));
    api.json(Map.of("nometa", Map.of()))
        .post(base)
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("Malformed request body"));
    api.json(Map.of("metadata", Map.of("k", "")))
        .post(base)
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("Metadata property value is blank."));
    api.json(Map.of("metadata", Map.of("k", 1)))
        .post(base)
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("Malformed request body"));
    api.json("{\"metadata\": {\"k\": null}}")
        .post(base)
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("Metadata property value is blank."));
    api.at("2.72").req().get(base).then().statusCode(404);
    api.req()
        .get(api.url("/snapshots/" + java.util.UUID.randomUUID() + "/metadata"))
        .then()
        .statusCode(404)
        .body("itemNotFound.message", equalTo("Share_snapshot not found."));
  }

  @Test
  void create_withMetadata_onlyFrom273() {
    Api api = Api.admin();
    String share = api.share();
    Map<String, Object> body =
        Map.of("snapshot", Map.of("share_id", share, "metadata", Map.of("k", "v")));
    api.json(body)
        .post(api.url("/snapshots"))
        .then()
        .statusCode(202)
        .body("snapshot.metadata", equalTo(Map.of("k", "v")));
    String old =
        api.at("2.72")
            .json(body)
            .post(api.url("/snapshots"))
            .then()
            .statusCode(202)
            .extract()
            .path("snapshot.id");
    api.req().get(api.url("/snapshots/" + old)).then().body("snapshot.metadata", equalTo(Map.of()));
  }

  @Test
  void snapshotAccessRules_validateTheBody_thenRefuseNonMountableShares() {
    Api api = Api.admin();
    String share = api.share();
    String snap = api.snapshot(share, "acc");
    String action = api.url("/snapshots/" + snap + "/action");
    api.json("{\"allow_access\": null}")
        .post(action)
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("Access data not found in request body."));
    api.json(Map.of("allow_access", Map.of()))
        .post(action)
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("Required parameter access_type not found."));
    api.json(Map.of("allow_access", Map.of("access_type", "ip", "access_to", "")))
        .post(action)
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("Required parameter access_to is empty."));
    String noMount =
        "Cannot control access to the snapshot "
            + snap
            + " since the parent share "
            + share
            + " does not support mounting its snapshots.";
    api.json(Map.of("allow_access", Map.of("access_type", "ip", "access_to", "10.0.0.0/24")))
        .post(action)
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo(noMount));
    api.json(Map.of("deny_access", Map.of("access_id", "x")))
        .post(action)
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo(noMount));
    api.req()
        .get(api.url("/snapshots/" + snap + "/access-list"))
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo(noMount));
    api.reader().json(Map.of("allow_access", Map.of())).post(action).then().statusCode(403);
    api.at("2.31").json(Map.of("allow_access", Map.of())).post(action).then().statusCode(404);
  }

  @Test
  void snapshotExportLocations_areEmptyForNonMountableShares_from232() {
    Api api = Api.admin();
    String snap = api.snapshot(api.share(), "el");
    api.req()
        .get(api.url("/snapshots/" + snap + "/export-locations"))
        .then()
        .statusCode(200)
        .body("share_snapshot_export_locations", hasSize(0));
    api.at("2.31")
        .req()
        .get(api.url("/snapshots/" + snap + "/export-locations"))
        .then()
        .statusCode(404);
    api.req()
        .get(api.url("/snapshots/" + java.util.UUID.randomUUID() + "/export-locations"))
        .then()
        .statusCode(404);
  }

  @Test
  void list_filtersSortsAndPages() {
    Api api = Api.admin();
    String share = api.share();
    String other = api.share();
    String a = api.snapshot(share, "alpha");
    String b = api.snapshot(share, "beta");
    String c = api.snapshot(other, "gamma");
    api.req()
        .get(api.url("/snapshots/detail?name=beta"))
        .then()
        .body("snapshots.id", equalTo(List.of(b)));
    api.req()
        .get(api.url("/snapshots/detail?share_id=" + share))
        .then()
        .body("snapshots.id", containsInAnyOrder(a, b));
    api.req()
        .get(api.url("/snapshots/detail?name~=mm"))
        .then()
        .body("snapshots.id", equalTo(List.of(c)));
    api.at("2.35")
        .req()
        .get(api.url("/snapshots/detail?name~=mm"))
        .then()
        .body("snapshots", hasSize(3));
    api.req()
        .get(api.url("/snapshots/detail?status=available&sort_key=name&sort_dir=asc"))
        .then()
        .body("snapshots.id", equalTo(List.of(a, b, c)));
    api.req()
        .get(api.url("/snapshots/detail"))
        .then()
        .body("snapshots.id", equalTo(List.of(c, b, a)));
    // Zed sorts descending only for exactly "desc"; any other value is ascending
    api.req()
        .get(api.url("/snapshots/detail?sort_dir=sideways"))
        .then()
        .statusCode(200)
        .body("snapshots.id", equalTo(List.of(a, b, c)));
    api.req()
        .get(api.url("/snapshots/detail?sort_dir=desc"))
        .then()
        .body("snapshots.id", equalTo(List.of(c, b, a)));
    api.req()
        .get(api.url("/snapshots/detail?foo=bar"))
        .then()
        .statusCode(200)
        .body("snapshots", hasSize(3));
    api.req()
        .get(api.url("/snapshots/detail?limit=1&sort_key=created_at&sort_dir=asc"))
        .then()
        .body("snapshots.id", equalTo(List.of(a)))
        .body("share_snapshots_links[0].rel", equalTo("next"))
        .body(
            "share_snapshots_links[0].href",
            matchesPattern(
                "http://[^/]+/v2/"
                    + api.project
                    + "/snapshots\\?limit=1&sort_key=created_at&sort_dir=asc&marker="
                    + a));
    api.req()
        .get(api.url("/snapshots/detail?limit=2&offset=2&sort_key=created_at&sort_dir=asc"))
        .then()
        .body("snapshots.id", equalTo(List.of(c)))
        .body("share_snapshots_links", nullValue());
    api.req().get(api.url("/snapshots?limit=0")).then().body("snapshots", hasSize(0));
    api.req()
        .get(api.url("/snapshots/detail?share_id=not-a-uuid"))
        .then()
        .statusCode(200)
        .body("snapshots", hasSize(0));
  }

  @Test
  void list_metadataAndAdminOnlyFilters() {
    Api api = Api.admin();
    String share = api.share();
    String tagged =
        api.json(Map.of("snapshot", Map.of("share_id", share, "metadata", Map.of("team", "blue"))))
            .post(api.url("/snapshots"))
            .then()
            .statusCode(202)
            .extract()
            .path("snapshot.id");
    String plain = api.snapshot(share, "plain");
    api.awaitStatus("/snapshots/" + tagged, "snapshot", "available");
    api.req()
        .queryParam("metadata", "{'team': 'blue'}")
        .get(api.url("/snapshots/detail"))
        .then()
        .body("snapshots.id", equalTo(List.of(tagged)));
    api.req()
        .queryParam("metadata", "{\"team\": \"red\"}")
        .get(api.url("/snapshots/detail"))
        .then()
        .body("snapshots", hasSize(0));
    api.at("2.72")
        .req()
        .queryParam("metadata", "{'team': 'red'}")
        .get(api.url("/snapshots/detail"))
        .then()
        .body("snapshots", hasSize(2));
    api.req()
        .queryParam("metadata", "notadict")
        .get(api.url("/snapshots/detail"))
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("Invalid value for metadata filter."));
    api.req()
        .get(api.url("/snapshots/detail?id=" + plain))
        .then()
        .body("snapshots.id", equalTo(List.of(plain)));
    api.req().get(api.url("/snapshots/detail?user_id=nobody")).then().body("snapshots", hasSize(0));
    api.req()
        .get(api.url("/snapshots/detail?share_proto=CIFS"))
        .then()
        .body("snapshots", hasSize(0));
    api.member()
        .req()
        .get(api.url("/snapshots/detail?user_id=nobody"))
        .then()
        .body("snapshots", hasSize(2));
  }

  @Test
  void list_emptyFilterValues_are400() {
    Api api = Api.admin();
    api.req()
        .get(api.url("/snapshots/detail?name="))
        .then()
        .statusCode(400)
        .body(
            "badRequest.message",
            equalTo("Invalid input received: Wrong 'display_name' filter provided: ''."));
    api.req()
        .get(api.url("/snapshots/detail?status="))
        .then()
        .statusCode(400)
        .body(
            "badRequest.message",
            equalTo("Invalid input received: Wrong 'status' filter provided: ''."));
    api.req()
        .get(api.url("/snapshots/detail?sort_key="))
        .then()
        .statusCode(400)
        .body(
            "badRequest.message",
            equalTo("Invalid input received: Wrong 'sort_key' filter provided: ''."));
    api.req().get(api.url("/snapshots/detail?sort_key=deleted_at")).then().statusCode(200);
  }

  @Test
  void list_parameterErrors_are400() {
    Api api = Api.admin();
    api.req()
        .get(api.url("/snapshots/detail?sort_key=bogus"))
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("Invalid input received: Invalid sort key bogus."));
    api.req()
        .get(api.url("/snapshots/detail?limit=-1"))
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("limit param must be positive"));
    api.req()
        .get(api.url("/snapshots/detail?limit=x"))
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("limit param must be an integer"));
    api.req()
        .get(api.url("/snapshots/detail?offset=-1"))
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("offset must be >= 0"));
    api.req()
        .get(api.url("/snapshots/detail?offset=y"))
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("offset must be an integer"));
    api.req()
        .get(api.url("/snapshots/detail?offset=99999999999"))
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("offset must be <= 2147483647"));
    api.req().get(api.url("/snapshots/detail?size=big")).then().statusCode(400);
  }

  @Test
  void allTenants_letsAdminsSeeEveryProject_andMembersNot() {
    Api first = Api.admin();
    Api second = Api.admin();
    String mine = first.snapshot(first.share(), "mine");
    String theirs = second.snapshot(second.share(), "theirs");
    first
        .req()
        .get(first.url("/snapshots/detail"))
        .then()
        .body("snapshots.id", equalTo(List.of(mine)));
    List<String> all =
        first
            .req()
            .get(first.url("/snapshots/detail?all_tenants=1"))
            .then()
            .extract()
            .path("snapshots.id");
    assertTrue(all.contains(mine) && all.contains(theirs));
    first
        .req()
        .get(first.url("/snapshots/detail?all_tenants=1&project_id=" + second.project))
        .then()
        .body("snapshots.id", equalTo(List.of(theirs)));
    // without all_tenants an admin's project_id only narrows its own project (Zed), so nothing
    // matches
    first
        .req()
        .get(first.url("/snapshots/detail?project_id=" + second.project))
        .then()
        .body("snapshots", hasSize(0));
    first
        .member()
        .req()
        .get(first.url("/snapshots/detail?all_tenants=1"))
        .then()
        .body("snapshots.id", equalTo(List.of(mine)));
    first
        .member()
        .req()
        .get(first.url("/snapshots/detail?project_id=" + second.project))
        .then()
        .body("snapshots.id", equalTo(List.of(mine)));
  }
}
