package dev.sharesnap.api;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sharesnap.support.Api;
import dev.sharesnap.support.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The admin snapshot-instances API (2.19+), as manila-tempest-plugin's instance tests use it. */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class SnapshotInstanceTest {

  private static final String DENIED = "Access was denied to this resource.";

  @Test
  void listBySnapshot_hasExactlyItsOneInstance_withManilasKeys() {
    Api admin = Api.admin().at("2.19");
    String share = admin.share();
    String snap = admin.snapshot(share, "inst");

    JsonPath summary =
        admin
            .req()
            .get(admin.url("/snapshot-instances?snapshot_id=" + snap))
            .then()
            .statusCode(200)
            .body("snapshot_instances", hasSize(1))
            .extract()
            .jsonPath();
    assertEquals(
        List.of("id", "snapshot_id", "status"),
        List.copyOf(summary.getMap("snapshot_instances[0]").keySet()));
    assertEquals(snap, summary.getString("snapshot_instances[0].snapshot_id"));
    String instance = summary.getString("snapshot_instances[0].id");

    JsonPath detail =
        admin
            .req()
            .get(admin.url("/snapshot-instances/detail?snapshot_id=" + snap))
            .then()
            .statusCode(200)
            .body("snapshot_instances", hasSize(1))
            .extract()
            .jsonPath();
    assertEquals(
        List.of(
            "id",
            "snapshot_id",
            "created_at",
            "updated_at",
            "status",
            "share_id",
            "share_instance_id",
            "progress",
            "provider_location"),
        List.copyOf(detail.getMap("snapshot_instances[0]").keySet()));

    String location =
        admin
            .at("2.12")
            .req()
            .get(admin.url("/snapshots/" + snap))
            .path("snapshot.provider_location");
    admin
        .req()
        .get(admin.url("/snapshot-instances/" + instance))
        .then()
        .statusCode(200)
        .body("snapshot_instance.snapshot_id", equalTo(snap))
        .body("snapshot_instance.share_id", equalTo(share))
        .body("snapshot_instance.status", equalTo("available"))
        .body("snapshot_instance.progress", equalTo("100%"))
        .body("snapshot_instance.provider_location", equalTo(location));

    admin
        .req()
        .get(admin.url("/snapshot-instances"))
        .then()
        .statusCode(200)
        .body("snapshot_instances.id", hasItem(instance));
    admin
        .req()
        .get(admin.url("/snapshot-instances?snapshot_id=not-a-uuid"))
        .then()
        .statusCode(200)
        .body("snapshot_instances", hasSize(0));
  }

  @Test
  void resetStatus_ofTheInstance_isTheSnapshotsStatus_thenTheSnapshotDeletes() {
    Api admin = Api.admin().at("2.19");
    String share = admin.share();
    String snap = admin.snapshot(share, "reset");
    String action = admin.url("/snapshot-instances/" + snap + "/action");

    admin
        .json(Map.of("reset_status", Map.of("status", "error")))
        .post(action)
        .then()
        .statusCode(202);
    admin
        .req()
        .get(admin.url("/snapshots/" + snap))
        .then()
        .body("snapshot.status", equalTo("error"));
    admin
        .json(Map.of("reset_status", Map.of("status", "available")))
        .post(action)
        .then()
        .statusCode(202);
    admin
        .json(Map.of("reset_status", Map.of("status", "bogus")))
        .post(action)
        .then()
        .statusCode(400);
    admin.req().delete(admin.url("/snapshots/" + snap)).then().statusCode(202);
    admin.awaitGone("/snapshots/" + snap);
    admin
        .req()
        .get(admin.url("/snapshot-instances?snapshot_id=" + snap))
        .then()
        .body("snapshot_instances", hasSize(0));
  }

  @Test
  void members_areDenied_beforeAnyLookup() {
    Api member = Api.admin().at("2.19").member();
    String missing = UUID.randomUUID().toString();
    for (String path :
        List.of(
            "/snapshot-instances",
            "/snapshot-instances/detail",
            "/snapshot-instances/" + missing)) {
      member
          .req()
          .get(member.url(path))
          .then()
          .statusCode(403)
          .body("forbidden.message", equalTo(DENIED));
    }
    member
        .json(Map.of("reset_status", Map.of("status", "error")))
        .post(member.url("/snapshot-instances/" + missing + "/action"))
        .then()
        .statusCode(403);
    // export locations (2.32+): the policy comes before the lookup, even of a malformed id
    Api member232 = member.at("2.32");
    for (String path :
        List.of(
            "/snapshot-instances/fake-instance/export-locations",
            "/snapshot-instances/" + missing + "/export-locations/" + UUID.randomUUID())) {
      member232
          .req()
          .get(member232.url(path))
          .then()
          .statusCode(403)
          .body("forbidden.message", equalTo(DENIED));
    }
  }

  @Test
  void unknownInstance_is404_andBefore219_theRouteIsNotThere() {
    Api admin = Api.admin().at("2.19");
    String missing = UUID.randomUUID().toString();
    admin
        .req()
        .get(admin.url("/snapshot-instances/" + missing))
        .then()
        .statusCode(404)
        .body("itemNotFound.message", equalTo("Snapshot instance " + missing + " not found."));
    admin
        .json(Map.of("reset_status", Map.of("status", "error")))
        .post(admin.url("/snapshot-instances/" + missing + "/action"))
        .then()
        .statusCode(404);
    Api old = admin.at("2.18");
    old.req().get(old.url("/snapshot-instances")).then().statusCode(404);
    Api at232 = admin.at("2.32");
    at232
        .req()
        .get(at232.url("/snapshot-instances/" + missing + "/export-locations"))
        .then()
        .statusCode(404)
        .body("itemNotFound.message", equalTo("Snapshot instance " + missing + " not found."));
    // before 2.32 the export-location routes are not there
    admin
        .req()
        .get(admin.url("/snapshot-instances/" + missing + "/export-locations"))
        .then()
        .statusCode(404);
    admin
        .json(Map.of("unknown_action", Map.of()))
        .post(admin.url("/snapshot-instances/" + missing + "/action"))
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("There is no such action: unknown_action"));
  }
}
