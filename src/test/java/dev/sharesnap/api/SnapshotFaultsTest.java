package dev.sharesnap.api;

import static org.hamcrest.Matchers.equalTo;

import dev.sharesnap.support.Api;
import dev.sharesnap.support.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Bad input gets Manila's fault bodies, never a 500. */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class SnapshotFaultsTest {

  private static final String GENERIC =
      "The server could not comply with the request since it is either malformed or otherwise incorrect.";

  @Test
  void create_withMalformedJson_isMalformedRequestBody() {
    Api api = Api.admin();
    api.json("{\"snapshot\": {")
        .post(api.url("/snapshots"))
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("Malformed request body"));
  }

  @Test
  void create_withEmptyBodyOrNonJsonContentType_isGeneric400() {
    Api api = Api.admin();
    api.req()
        .contentType("application/json")
        .post(api.url("/snapshots"))
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo(GENERIC));
    api.req()
        .contentType("text/plain")
        .body("{\"snapshot\": {}}")
        .post(api.url("/snapshots"))
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo(GENERIC));
  }

  @Test
  void create_withoutSnapshotKey_is422() {
    Api api = Api.admin();
    api.json(Map.of("snap", Map.of()))
        .post(api.url("/snapshots"))
        .then()
        .statusCode(422)
        .body("computeFault.message", equalTo("Unable to process the contained instructions"));
    api.json("[1, 2]").post(api.url("/snapshots")).then().statusCode(422);
  }

  @Test
  void create_withoutShareId_is400NotManilas500() {
    Api api = Api.admin();
    api.json(Map.of("snapshot", Map.of()))
        .post(api.url("/snapshots"))
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("Required parameter share_id not found."));
    api.json(Map.of("snapshot", Map.of("share_id", 42)))
        .post(api.url("/snapshots"))
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("Parameter share_id must be a string."));
  }

  @Test
  void create_ofUnknownOrMalformedShare_is404() {
    Api api = Api.admin();
    for (String id : new String[] {UUID.randomUUID().toString(), "not-a-uuid"}) {
      api.json(Map.of("snapshot", Map.of("share_id", id)))
          .post(api.url("/snapshots"))
          .then()
          .statusCode(404)
          .body("itemNotFound.message", equalTo("NotFound: Resource could not be found."));
    }
  }

  @Test
  void create_ofAShareThatIsNotAvailable_is400() {
    Api api = Api.admin();
    String share = api.share();
    api.json(Map.of("reset_status", Map.of("status", "error")))
        .post(api.url("/shares/" + share + "/action"))
        .then()
        .statusCode(202);
    api.json(Map.of("snapshot", Map.of("share_id", share)))
        .post(api.url("/snapshots"))
        .then()
        .statusCode(400)
        .body(
            "badRequest.message", equalTo("Invalid share: Source share status must be available."));
  }

  @Test
  void create_withOverlongOrMistypedName_is400() {
    Api api = Api.admin();
    String share = api.share();
    api.json(Map.of("snapshot", Map.of("share_id", share, "name", "x".repeat(256))))
        .post(api.url("/snapshots"))
        .then()
        .statusCode(400)
        .body(
            "badRequest.message",
            equalTo("Invalid input received: name can only be 255 characters long."));
    api.json(Map.of("snapshot", Map.of("share_id", share, "description", "x".repeat(256))))
        .post(api.url("/snapshots"))
        .then()
        .statusCode(400)
        .body(
            "badRequest.message",
            equalTo("Invalid input received: description can only be 255 characters long."));
    api.json(Map.of("snapshot", Map.of("share_id", share, "name", 7)))
        .post(api.url("/snapshots"))
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("Invalid input received: name must be a string."));
    api.json(Map.of("snapshot", Map.of("share_id", share, "metadata", Map.of("k", 1))))
        .post(api.url("/snapshots"))
        .then()
        .statusCode(400);
  }

  @Test
  void showUpdateDelete_ofUnknownOrNonUuidIds_are404() {
    Api api = Api.admin();
    for (String id : new String[] {UUID.randomUUID().toString(), "not-a-uuid", "manage"}) {
      api.req()
          .get(api.url("/snapshots/" + id))
          .then()
          .statusCode(404)
          .body("itemNotFound.message", equalTo("The resource could not be found."));
      api.json(Map.of("snapshot", Map.of("display_name", "x")))
          .put(api.url("/snapshots/" + id))
          .then()
          .statusCode(404);
      api.req().delete(api.url("/snapshots/" + id)).then().statusCode(404);
      api.json(Map.of("reset_status", Map.of("status", "error")))
          .post(api.url("/snapshots/" + id + "/action"))
          .then()
          .statusCode(404);
    }
  }

  @Test
  void update_withoutSnapshotKey_is422_andOverlongName400() {
    Api api = Api.admin();
    String snap = api.snapshot(api.share(), "u");
    api.json(Map.of("x", Map.of())).put(api.url("/snapshots/" + snap)).then().statusCode(422);
    api.json(Map.of("snapshot", Map.of("display_name", "n".repeat(256))))
        .put(api.url("/snapshots/" + snap))
        .then()
        .statusCode(400)
        .body(
            "badRequest.message",
            equalTo("Invalid input received: display_name can only be 255 characters long."));
  }

  @Test
  void action_unknownTwoKeysOrNoJson_are400() {
    Api api = Api.admin();
    String snap = api.snapshot(api.share(), "act");
    String action = api.url("/snapshots/" + snap + "/action");
    api.json(Map.of("bogus_action", Map.of()))
        .post(action)
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("There is no such action: bogus_action"));
    api.json(Map.of("reset_status", Map.of("status", "error"), "force_delete", Map.of()))
        .post(action)
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("Malformed request body"));
    api.req()
        .post(action)
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("There is no such action: None"));
    api.json("{nope")
        .post(action)
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("Malformed request body"));
  }
}
