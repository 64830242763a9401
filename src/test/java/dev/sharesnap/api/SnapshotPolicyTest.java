package dev.sharesnap.api;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import dev.sharesnap.support.Api;
import dev.sharesnap.support.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Manila's default policies for members, readers and admins (tempest's rbac/test_snapshots.py
 * matrix).
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class SnapshotPolicyTest {

  private static final String DENIED = "Access was denied to this resource.";

  @Test
  void member_canCreateReadRenameDeleteOwnSnapshots() {
    Api admin = Api.admin();
    Api member = admin.member();
    String share = member.share();
    String snap = member.snapshot(share, "m");
    member
        .req()
        .get(member.url("/snapshots/" + snap))
        .then()
        .statusCode(200)
        .body("snapshot", not(hasKey("provider_location")));
    member
        .json(Map.of("snapshot", Map.of("display_name", "m2")))
        .put(member.url("/snapshots/" + snap))
        .then()
        .statusCode(200);
    member
        .json(Map.of("metadata", Map.of("k", "v")))
        .post(member.url("/snapshots/" + snap + "/metadata"))
        .then()
        .statusCode(200);
    member.req().delete(member.url("/snapshots/" + snap)).then().statusCode(202);
    member.awaitGone("/snapshots/" + snap);
  }

  @Test
  void member_adminActions_areForbiddenWithTheDecoratorMessage() {
    Api admin = Api.admin();
    Api member = admin.member();
    String share = member.share();
    String snap = member.snapshot(share, "m");
    String action = member.url("/snapshots/" + snap + "/action");
    member
        .json(Map.of("reset_status", Map.of("status", "error")))
        .post(action)
        .then()
        .statusCode(403)
        .body("forbidden.message", equalTo(DENIED));
    member
        .json("{\"force_delete\": null}")
        .post(action)
        .then()
        .statusCode(403)
        .body("forbidden.message", equalTo(DENIED));
    member
        .json("{\"unmanage\": null}")
        .post(action)
        .then()
        .statusCode(403)
        .body("forbidden.message", equalTo(DENIED));
    member
        .json(Map.of("snapshot", Map.of("share_id", share, "provider_location", "x")))
        .post(member.url("/snapshots/manage"))
        .then()
        .statusCode(403)
        .body("forbidden.message", equalTo(DENIED));
    admin
        .req()
        .get(admin.url("/snapshots/" + snap))
        .then()
        .body("snapshot.status", equalTo("available"));
  }

  @Test
  void reader_canRead_butNotWrite() {
    Api admin = Api.admin();
    String share = admin.share();
    String snap = admin.snapshot(share, "r");
    Api reader = admin.reader();
    reader.req().get(reader.url("/snapshots/" + snap)).then().statusCode(200);
    reader
        .req()
        .get(reader.url("/snapshots/detail"))
        .then()
        .statusCode(200)
        .body("snapshots", hasSize(1));
    reader
        .json(Map.of("snapshot", Map.of("share_id", share)))
        .post(reader.url("/snapshots"))
        .then()
        .statusCode(403)
        .body(
            "forbidden.message",
            equalTo("Policy doesn't allow share:create_snapshot to be performed."));
    reader
        .json(Map.of("snapshot", Map.of("display_name", "x")))
        .put(reader.url("/snapshots/" + snap))
        .then()
        .statusCode(403)
        .body(
            "forbidden.message",
            equalTo("Policy doesn't allow share:snapshot_update to be performed."));
    reader
        .req()
        .delete(reader.url("/snapshots/" + snap))
        .then()
        .statusCode(403)
        .body(
            "forbidden.message",
            equalTo("Policy doesn't allow share:delete_snapshot to be performed."));
    reader
        .json(Map.of("metadata", Map.of("k", "v")))
        .post(reader.url("/snapshots/" + snap + "/metadata"))
        .then()
        .statusCode(403)
        .body("forbidden.message", equalTo(DENIED));
    reader.req().delete(reader.url("/snapshots/" + snap + "/metadata/k")).then().statusCode(403);
  }

  @Test
  void memberOfAnotherProject_seesNothing_404NotForbidden() {
    Api owner = Api.admin();
    String snap = owner.snapshot(owner.share(), "private");
    Api stranger = Api.admin().member();
    stranger.req().get(stranger.url("/snapshots/" + snap)).then().statusCode(404);
    stranger
        .req()
        .get(stranger.url("/snapshots/detail"))
        .then()
        .statusCode(200)
        .body("snapshots", hasSize(0));
    stranger.req().delete(stranger.url("/snapshots/" + snap)).then().statusCode(404);
    stranger
        .json(Map.of("snapshot", Map.of("display_name", "x")))
        .put(stranger.url("/snapshots/" + snap))
        .then()
        .statusCode(404);
    stranger.req().get(stranger.url("/snapshots/" + snap + "/metadata")).then().statusCode(404);
    stranger
        .json("{\"force_delete\": null}")
        .post(stranger.url("/snapshots/" + snap + "/action"))
        .then()
        .statusCode(403);
    owner
        .req()
        .get(owner.url("/snapshots/" + snap))
        .then()
        .statusCode(200)
        .body("snapshot.status", equalTo("available"));
  }

  @Test
  void admin_actsOnOtherProjectsSnapshots() {
    Api owner = Api.admin().member();
    String snap = owner.snapshot(owner.share(), "theirs");
    Api admin = Api.admin();
    admin
        .req()
        .get(admin.url("/snapshots/" + snap))
        .then()
        .statusCode(200)
        .body("snapshot.provider_location", equalTo(snap));
    admin
        .json(Map.of("snapshot", Map.of("display_name", "renamed")))
        .put(admin.url("/snapshots/" + snap))
        .then()
        .statusCode(200);
    admin
        .json(Map.of("reset_status", Map.of("status", "error")))
        .post(admin.url("/snapshots/" + snap + "/action"))
        .then()
        .statusCode(202);
    owner
        .req()
        .get(owner.url("/snapshots/" + snap))
        .then()
        .body("snapshot.status", equalTo("error"))
        .body("snapshot.name", equalTo("renamed"));
    admin
        .json("{\"force_delete\": null}")
        .post(admin.url("/snapshots/" + snap + "/action"))
        .then()
        .statusCode(202);
    owner.awaitGone("/snapshots/" + snap);
  }

  @Test
  void member_cannotSnapshotAnotherProjectsShare() {
    Api owner = Api.admin();
    String share = owner.share();
    Api stranger = Api.admin().member();
    stranger
        .json(Map.of("snapshot", Map.of("share_id", share)))
        .post(stranger.url("/snapshots"))
        .then()
        .statusCode(404)
        .body("itemNotFound.message", equalTo("NotFound: Resource could not be found."));
  }
}
