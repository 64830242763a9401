package dev.sharesnap.api;

import static org.hamcrest.Matchers.equalTo;
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
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Share action revert (2.27+): Manila's preconditions, states and the data really rolled back. */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class RevertTest {

  @Inject NfsDriver nfs;

  private static Map<String, Object> revert(String snapshot) {
    return Map.of("revert", Map.of("snapshot_id", snapshot));
  }

  @Test
  void revert_toTheLatestSnapshot_restoresItsDataInPlace() throws Exception {
    Api api = Api.admin();
    String share = api.share();
    Path dir = nfs.root().resolve("shares").resolve(share);
    Files.writeString(dir.resolve("a.txt"), "v1");
    String snap = api.snapshot(share, "v1");
    Files.writeString(dir.resolve("a.txt"), "v2");
    Files.writeString(dir.resolve("b.txt"), "added later");
    Object inodeBefore = Files.getAttribute(dir, "unix:ino");

    api.json(revert(snap)).post(api.url("/shares/" + share + "/action")).then().statusCode(202);
    api.awaitStatus("/shares/" + share, "share", "available");
    api.awaitStatus("/snapshots/" + snap, "snapshot", "available");
    assertEquals("v1", Files.readString(dir.resolve("a.txt")));
    assertFalse(Files.exists(dir.resolve("b.txt")));
    assertEquals(
        inodeBefore,
        Files.getAttribute(dir, "unix:ino"),
        "the export root stays the same directory");
  }

  @Test
  void revert_toAnOlderSnapshot_is409_untilTheNewerOnesAreDeleted() {
    Api api = Api.admin();
    String share = api.share();
    String older = api.snapshot(share, "older");
    String newer = api.snapshot(share, "newer");
    api.json(revert(older))
        .post(api.url("/shares/" + share + "/action"))
        .then()
        .statusCode(409)
        .body(
            "conflictingRequest.message",
            equalTo(
                "Snapshot "
                    + older
                    + " may not be restored because it is not the most recent"
                    + " snapshot of share "
                    + share
                    + ". Currently the latest snapshot is "
                    + newer
                    + "."));
    api.req().delete(api.url("/snapshots/" + newer)).then().statusCode(202);
    api.awaitGone("/snapshots/" + newer);
    api.json(revert(older)).post(api.url("/shares/" + share + "/action")).then().statusCode(202);
    api.awaitStatus("/shares/" + share, "share", "available");
  }

  @Test
  void revert_preconditions_followManila() {
    Api api = Api.admin();
    String share = api.share();
    String other = api.share();
    String snap = api.snapshot(share, "s");
    String foreign = api.snapshot(other, "f");
    String action = api.url("/shares/" + share + "/action");
    String missing = UUID.randomUUID().toString();
    api.json(revert(missing))
        .post(action)
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("Snapshot " + missing + " could not be found."));
    api.json(revert(foreign))
        .post(action)
        .then()
        .statusCode(400)
        .body(
            "badRequest.message",
            equalTo("Snapshot " + foreign + " is not associated with share " + share + "."));
    api.json(Map.of("revert", Map.of()))
        .post(action)
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("Required parameter snapshot_id not found."));
    api.at("2.26").json(revert(snap)).post(action).then().statusCode(404);
    api.member().json(revert(snap)).post(action).then().statusCode(202);
    api.awaitStatus("/shares/" + share, "share", "available");

    api.json(Map.of("reset_status", Map.of("status", "error")))
        .post(api.url("/snapshots/" + snap + "/action"))
        .then()
        .statusCode(202);
    api.json(revert(snap))
        .post(action)
        .then()
        .statusCode(409)
        .body(
            "conflictingRequest.message",
            equalTo(
                "Snapshot "
                    + snap
                    + " is in 'error' state, but it must be in 'available' state to be restored."));
    api.json(Map.of("reset_status", Map.of("status", "available")))
        .post(api.url("/snapshots/" + snap + "/action"))
        .then()
        .statusCode(202);
    api.json(Map.of("reset_status", Map.of("status", "error"))).post(action).then().statusCode(202);
    api.json(revert(snap))
        .post(action)
        .then()
        .statusCode(409)
        .body(
            "conflictingRequest.message",
            equalTo(
                "Share "
                    + share
                    + " is in 'error' state, but it must be in 'available' state to be reverted to a snapshot."));
    api.reader()
        .json(revert(snap))
        .post(action)
        .then()
        .statusCode(403)
        .body("forbidden.message", equalTo("Access was denied to this resource."));
  }

  @Test
  void revert_onAShareWithoutTheCapability_is400() {
    Api api = Api.admin();
    String type =
        api.shareType(
            "norevert", "snapshot_support", "True", "revert_to_snapshot_support", "False");
    String share = api.share(type, 1);
    api.req()
        .get(api.url("/shares/" + share))
        .then()
        .body("share.revert_to_snapshot_support", equalTo(false));
    String snap = api.snapshot(share, "s");
    api.json(revert(snap))
        .post(api.url("/shares/" + share + "/action"))
        .then()
        .statusCode(400)
        .body(
            "badRequest.message",
            equalTo(
                "Share "
                    + share
                    + " may not be reverted to snapshot "
                    + snap
                    + ", because the share does not have that capability."));
  }
}
