package dev.sharesnap.api;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
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
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Share manage and unmanage on real directories (the NFS driver without Ganesha). */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class ShareManageTest {

  @Inject NfsDriver nfs;

  @Test
  void unmanage_keepsTheData_andManageAdoptsItAgain_underTheNewId() throws Exception {
    Api api = Api.admin();
    String id = api.share();
    Path old = nfs.root().resolve("shares").resolve(id);
    Files.writeString(old.resolve("kept.txt"), "still here");
    Map<String, Object> params = manageParams(api, id);
    int sharesInUse = inUse(api, "shares");

    api.json(Map.of("unmanage", Map.of()))
        .post(api.url("/shares/" + id + "/action"))
        .then()
        .statusCode(202);
    api.awaitGone("/shares/" + id);
    assertTrue(Files.isRegularFile(old.resolve("kept.txt")), "unmanage keeps the data");
    api.req()
        .get(api.url("/share_instances"))
        .then()
        .statusCode(200)
        .body("share_instances.share_id", not(hasItem(id)));
    assertEquals(sharesInUse - 1, inUse(api, "shares"), "unmanage gives the quota back");

    params.put("name", "adopted");
    params.put("description", "was " + id);
    params.put("is_public", true);
    String managed =
        api.json(Map.of("share", params))
            .post(api.url("/shares/manage"))
            .then()
            .statusCode(200)
            .body("share.status", equalTo("manage_starting"))
            .body("share.name", equalTo("adopted"))
            .body("share.is_public", equalTo(true))
            .body("share.share_proto", equalTo("NFS"))
            .body("share.host", equalTo(params.get("service_host")))
            .body("share.user_id", equalTo(api.user))
            .extract()
            .path("share.id");
    api.awaitStatus("/shares/" + managed, "share", "available");
    Path now = nfs.root().resolve("shares").resolve(managed);
    api.req()
        .get(api.url("/shares/" + managed))
        .then()
        .body("share.size", equalTo(1))
        .body("share.description", equalTo("was " + id));
    api.req()
        .get(api.url("/shares/" + managed + "/export_locations"))
        .then()
        .body("export_locations[0].path", equalTo("127.0.0.1:" + now));
    assertEquals("still here", Files.readString(now.resolve("kept.txt")));
    assertFalse(Files.exists(old), "the directory now has the managed share's name");
    assertEquals(sharesInUse, inUse(api, "shares"), "a managed share is charged");

    // the adopted share works like any other: snapshot, then delete everything
    String snap = api.snapshot(managed, "of-managed");
    assertTrue(
        Files.isRegularFile(nfs.root().resolve("snapshots").resolve(snap).resolve("kept.txt")));
    api.req().delete(api.url("/snapshots/" + snap)).then().statusCode(202);
    api.awaitGone("/snapshots/" + snap);
    api.req().delete(api.url("/shares/" + managed)).then().statusCode(202);
    api.awaitGone("/shares/" + managed);
    assertFalse(Files.exists(now));
  }

  @Test
  void manage_ofAManagedShare_is409_howeverItsPathIsSpelled() {
    Api api = Api.admin();
    String id = api.share();
    Map<String, Object> params = manageParams(api, id);
    String conflict = "Invalid share: A share already exists with the export path specified.";
    api.json(Map.of("share", params))
        .post(api.url("/shares/manage"))
        .then()
        .statusCode(409)
        .body("conflictingRequest.message", equalTo(conflict));
    params.put("export_path", params.get("export_path") + "/");
    api.json(Map.of("share", params))
        .post(api.url("/shares/manage"))
        .then()
        .statusCode(409)
        .body("conflictingRequest.message", equalTo(conflict));
  }

  @Test
  void manage_badRequests_areManilasFaults() {
    Api api = Api.admin();
    String id = api.share();
    Map<String, Object> good = manageParams(api, id);
    String host = (String) good.get("service_host");
    expect(api, with(good, "service_host", host.substring(0, host.indexOf('#'))), 400)
        .body("badRequest.message", equalTo("service_host parameter should contain pool."));
    expect(api, with(good, "service_host", "invalid_host#invalid_pool"), 404)
        .body("itemNotFound.message", equalTo("Service invalid_host could not be found."));
    expect(api, with(good, "share_type", "no-such-type"), 404);
    expect(api, with(good, "export_path", ""), 422)
        .body("computeFault.message", equalTo("Required parameter export_path is empty"));
    Map<String, Object> noProtocol = new HashMap<>(good);
    noProtocol.remove("protocol");
    expect(api, noProtocol, 422)
        .body("computeFault.message", equalTo("Required parameter protocol not found"));
    api.json(Map.of("shares", good))
        .post(api.url("/shares/manage"))
        .then()
        .statusCode(422)
        .body("computeFault.message", equalTo("Share entity not found in request body"));
    expect(api, with(good, "share_server_id", "x"), 400);
    String dhss =
        api.json(
                Map.of(
                    "share_type",
                    Map.of(
                        "name",
                        "dhss-" + api.project,
                        "extra_specs",
                        Map.of("driver_handles_share_servers", "True"))))
            .post(api.url("/types"))
            .then()
            .statusCode(200)
            .extract()
            .path("share_type.id");
    expect(api, with(good, "share_type", dhss), 400)
        .body(
            "badRequest.message",
            equalTo(
                "Invalid input received: Share Server ID parameter is required when managing a"
                    + " share using a share type with driver_handles_share_servers extra-spec set"
                    + " to True."));
    api.member().json(Map.of("share", good)).post(api.url("/shares/manage")).then().statusCode(403);
    api.at("2.6")
        .json(Map.of("share", good))
        .post(api.url("/shares/manage"))
        .then()
        .statusCode(404);
    api.json(Map.of("share", good)).post(api.url("/os-share-manage")).then().statusCode(404);
  }

  @Test
  void manage_ofAPathThatIsNoShare_orAnUnknownProtocol_endsInManageError() {
    Api api = Api.admin();
    String id = api.share();
    Map<String, Object> good = manageParams(api, id);
    api.json(Map.of("unmanage", Map.of())).post(api.url("/shares/" + id + "/action"));
    api.awaitGone("/shares/" + id);
    for (Map<String, Object> bad :
        new Map[] {
          with(good, "export_path", "invalid-share-export-1"),
          with(good, "export_path", "127.0.0.1:" + nfs.root().resolve("shares/nothing-here")),
          with(good, "protocol", "invalid_protocol")
        }) {
      String failed =
          api.json(Map.of("share", bad))
              .post(api.url("/shares/manage"))
              .then()
              .statusCode(200)
              .extract()
              .path("share.id");
      api.awaitStatus("/shares/" + failed, "share", "manage_error");
      api.req().get(api.url("/shares/" + failed)).then().body("share.size", equalTo(0));
      api.req().delete(api.url("/shares/" + failed)).then().statusCode(403);
      api.json(Map.of("unmanage", Map.of()))
          .post(api.url("/shares/" + failed + "/action"))
          .then()
          .statusCode(202);
      api.awaitGone("/shares/" + failed);
    }
    assertTrue(Files.isDirectory(nfs.root().resolve("shares").resolve(id)), "nothing was moved");
    String managed =
        api.json(Map.of("share", good))
            .post(api.url("/shares/manage"))
            .then()
            .statusCode(200)
            .extract()
            .path("share.id");
    api.awaitStatus("/shares/" + managed, "share", "available");
  }

  @Test
  void unmanage_withSnapshots_orInATransitionalState_is403() {
    Api api = Api.admin();
    String id = api.share();
    String snap = api.snapshot(id, "dependent");
    api.json(Map.of("unmanage", Map.of()))
        .post(api.url("/shares/" + id + "/action"))
        .then()
        .statusCode(403)
        .body(
            "forbidden.message",
            equalTo(
                "Share '"
                    + id
                    + "' can not be unmanaged because it has '1' dependent snapshot(s)."));
    api.req().delete(api.url("/snapshots/" + snap)).then().statusCode(202);
    api.awaitGone("/snapshots/" + snap);
    for (String state : new String[] {"creating", "deleting", "migrating", "migrating_to"}) {
      api.json(Map.of("reset_status", Map.of("status", state)))
          .post(api.url("/shares/" + id + "/action"))
          .then()
          .statusCode(202);
      api.json(Map.of("unmanage", Map.of()))
          .post(api.url("/shares/" + id + "/action"))
          .then()
          .statusCode(403)
          .body(
              "forbidden.message",
              equalTo(
                  "Share with transitional state can not be unmanaged. Share '"
                      + id
                      + "' is in '"
                      + state
                      + "' state."));
    }
    api.member()
        .json(Map.of("unmanage", Map.of()))
        .post(api.url("/shares/" + id + "/action"))
        .then()
        .statusCode(403);
    api.at("2.6")
        .json(Map.of("unmanage", Map.of()))
        .post(api.url("/shares/" + id + "/action"))
        .then()
        .statusCode(404);
  }

  @Test
  void legacyRoutes_beforeTwoSeven_manageAndUnmanage_andIgnoreIsPublic() {
    Api api = Api.admin();
    Api old = api.at("2.5");
    String id = api.share();
    Map<String, Object> params = manageParams(api, id);
    old.req().post(api.url("/os-share-unmanage/" + id + "/unmanage")).then().statusCode(202);
    api.awaitGone("/shares/" + id);
    params.put("is_public", true);
    String managed =
        old.json(Map.of("share", params))
            .post(api.url("/os-share-manage"))
            .then()
            .statusCode(200)
            .body("share.is_public", equalTo(false))
            .extract()
            .path("share.id");
    api.awaitStatus("/shares/" + managed, "share", "available");
    api.req().post(api.url("/os-share-unmanage/" + managed + "/unmanage")).then().statusCode(404);
  }

  private static Map<String, Object> manageParams(Api api, String shareId) {
    String host = api.req().get(api.url("/shares/" + shareId)).then().extract().path("share.host");
    String path =
        api.req()
            .get(api.url("/shares/" + shareId + "/export_locations"))
            .then()
            .extract()
            .path("export_locations[0].path");
    Map<String, Object> params = new HashMap<>();
    params.put("export_path", path);
    params.put("service_host", host);
    params.put("protocol", "nfs");
    params.put("share_type", "default");
    return params;
  }

  private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
    Map<String, Object> out = new HashMap<>(base);
    out.put(key, value);
    return out;
  }

  private static io.restassured.response.ValidatableResponse expect(
      Api api, Map<String, Object> params, int status) {
    return api.json(Map.of("share", params))
        .post(api.url("/shares/manage"))
        .then()
        .statusCode(status);
  }

  private static int inUse(Api api, String resource) {
    return api.req()
        .get(api.url("/quota-sets/" + api.project + "/detail"))
        .then()
        .statusCode(200)
        .extract()
        .path("quota_set." + resource + ".in_use");
  }
}
