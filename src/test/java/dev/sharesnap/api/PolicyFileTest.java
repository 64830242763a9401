package dev.sharesnap.api;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.sharesnap.support.Api;
import dev.sharesnap.support.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An operator's policy.yaml (src/test/resources/policy/members-operate.yaml) changes behaviour
 * without code: members reset and force-delete their own snapshots, readers can no longer list
 * them.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@TestProfile(PolicyFileTest.MembersOperate.class)
class PolicyFileTest {

  /** Points sharesnap.policy.file at the override. */
  public static class MembersOperate implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("sharesnap.policy.file", "src/test/resources/policy/members-operate.yaml");
    }
  }

  @Test
  void resetStatus_byMember_isAllowedByThePolicyFile() {
    Api member = Api.admin().member();
    String snap = member.snapshot(member.share(), "reset-me");
    member
        .json(Map.of("reset_status", Map.of("status", "error")))
        .post(member.url("/snapshots/" + snap + "/action"))
        .then()
        .statusCode(202);
    member
        .req()
        .get(member.url("/snapshots/" + snap))
        .then()
        .body("snapshot.status", equalTo("error"));
  }

  @Test
  void forceDelete_byMember_isAllowedByThePolicyFile() {
    Api member = Api.admin().member();
    String snap = member.snapshot(member.share(), "force-me");
    member
        .json("{\"force_delete\": null}")
        .post(member.url("/snapshots/" + snap + "/action"))
        .then()
        .statusCode(202);
    member.awaitGone("/snapshots/" + snap);
  }

  @Test
  void forceDelete_byMemberOfAnotherProject_isStillNotFound() {
    Api owner = Api.admin();
    String snap = owner.snapshot(owner.share(), "not-yours");
    Api stranger = Api.admin().member();
    stranger
        .json("{\"force_delete\": null}")
        .post(stranger.url("/snapshots/" + snap + "/action"))
        .then()
        .statusCode(404);
    owner
        .req()
        .get(owner.url("/snapshots/" + snap))
        .then()
        .statusCode(200)
        .body("snapshot.status", equalTo("available"));
  }

  @Test
  void list_byReader_isForbiddenByThePolicyFile_showStillWorks() {
    Api admin = Api.admin();
    String snap = admin.snapshot(admin.share(), "listed");
    Api reader = admin.reader();
    reader
        .req()
        .get(reader.url("/snapshots/detail"))
        .then()
        .statusCode(403)
        .body(
            "forbidden.message",
            equalTo("Policy doesn't allow share_snapshot:get_all_snapshots to be performed."));
    reader.req().get(reader.url("/snapshots/" + snap)).then().statusCode(200);
    admin
        .member()
        .req()
        .get(admin.url("/snapshots"))
        .then()
        .statusCode(200)
        .body("snapshots", hasSize(1));
  }

  @Test
  void unmanage_byMember_keepsTheDefault() {
    Api member = Api.admin().member();
    String snap = member.snapshot(member.share(), "keep");
    member
        .json("{\"unmanage\": null}")
        .post(member.url("/snapshots/" + snap + "/action"))
        .then()
        .statusCode(403)
        .body("forbidden.message", equalTo("Access was denied to this resource."));
  }
}
