package dev.sharesnap.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import dev.sharesnap.support.Api;
import dev.sharesnap.support.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The quota-sets API: shapes per microversion, admin set and reset, who may read, Manila's 400s.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class QuotaSetApiTest {

  private static final String DENIED = "Access was denied to this resource.";

  @Test
  void show_freshProject_hasManilasDefaultsAndShape() {
    Api admin = Api.admin();
    admin
        .req()
        .get(admin.url("/quota-sets/" + admin.project))
        .then()
        .statusCode(200)
        .body("quota_set.id", equalTo(admin.project))
        .body("quota_set.shares", equalTo(50))
        .body("quota_set.gigabytes", equalTo(1000))
        .body("quota_set.snapshots", equalTo(50))
        .body("quota_set.snapshot_gigabytes", equalTo(1000))
        .body("quota_set.share_networks", equalTo(10))
        .body("quota_set.share_groups", equalTo(50))
        .body("quota_set.share_group_snapshots", equalTo(50))
        .body("quota_set.share_replicas", equalTo(100))
        .body("quota_set.replica_gigabytes", equalTo(1000))
        .body("quota_set.per_share_gigabytes", equalTo(-1))
        .body("quota_set.size()", equalTo(11));
  }

  @ParameterizedTest(name = "at {0}: share_groups {1}, share_replicas {2}, per_share_gigabytes {3}")
  @CsvSource({
    "2.7, false, false, false",
    "2.40, true, false, false",
    "2.53, true, true, false",
    "2.62, true, true, true"
  })
  void show_keysFollowTheMicroversion(
      String version, boolean groups, boolean replicas, boolean perShare) {
    Api admin = Api.admin().at(version);
    var body = admin.req().get(admin.url("/quota-sets/" + admin.project)).then().statusCode(200);
    body.body("quota_set", groups ? hasKey("share_groups") : not(hasKey("share_groups")));
    body.body("quota_set", replicas ? hasKey("share_replicas") : not(hasKey("share_replicas")));
    body.body(
        "quota_set", perShare ? hasKey("per_share_gigabytes") : not(hasKey("per_share_gigabytes")));
  }

  @Test
  void detail_showsInUseLimitAndReserved() {
    Api admin = Api.admin();
    admin.snapshot(admin.share(), "counted");
    admin
        .req()
        .get(admin.url("/quota-sets/" + admin.project + "/detail"))
        .then()
        .statusCode(200)
        .body("quota_set.id", equalTo(admin.project))
        .body("quota_set.snapshots", equalTo(Map.of("in_use", 1, "limit", 50, "reserved", 0)))
        .body(
            "quota_set.snapshot_gigabytes",
            equalTo(Map.of("in_use", 1, "limit", 1000, "reserved", 0)))
        .body("quota_set.shares.in_use", equalTo(1))
        .body("quota_set.share_networks", equalTo(Map.of("in_use", 0, "limit", 10, "reserved", 0)));
  }

  @Test
  void routes_followManilasMicroversions() {
    Api admin = Api.admin();
    String id = admin.project;
    admin
        .at("2.6")
        .req()
        .get(admin.url("/os-quota-sets/" + id))
        .then()
        .statusCode(200)
        .body("quota_set.snapshots", equalTo(50));
    admin.at("2.6").req().get(admin.url("/quota-sets/" + id)).then().statusCode(404);
    admin.at("2.7").req().get(admin.url("/os-quota-sets/" + id)).then().statusCode(404);
    admin.at("2.24").req().get(admin.url("/quota-sets/" + id + "/detail")).then().statusCode(404);
    admin.at("2.25").req().get(admin.url("/quota-sets/" + id + "/detail")).then().statusCode(200);
    admin
        .at("2.0")
        .req()
        .get(admin.url("/os-quota-sets/" + id + "/defaults"))
        .then()
        .statusCode(200);
    admin.req().get("/v2/quota-sets/" + id).then().statusCode(200);
  }

  @Test
  void update_byAdmin_setsLimits_andDeleteRestoresDefaults() {
    Api admin = Api.admin();
    Api target = Api.admin();
    String url = admin.url("/quota-sets/" + target.project);
    admin
        .json(
            Map.of(
                "quota_set",
                Map.of("snapshots", 10, "snapshot_gigabytes", "20", "tenant_id", target.project)))
        .put(url)
        .then()
        .statusCode(200)
        .body("quota_set.snapshots", equalTo(10))
        .body("quota_set.snapshot_gigabytes", equalTo(20))
        .body("quota_set.shares", equalTo(50))
        .body("quota_set.id", equalTo(target.project));
    target
        .member()
        .req()
        .get(target.url("/quota-sets/" + target.project))
        .then()
        .statusCode(200)
        .body("quota_set.snapshots", equalTo(10));
    admin
        .req()
        .get(url + "/defaults")
        .then()
        .statusCode(200)
        .body("quota_set.snapshots", equalTo(50));
    admin.req().delete(url).then().statusCode(202);
    admin
        .req()
        .get(url)
        .then()
        .statusCode(200)
        .body("quota_set.snapshots", equalTo(50))
        .body("quota_set.snapshot_gigabytes", equalTo(1000));
  }

  @Test
  void quotaSets_byMemberOrReader_readOwnOnly_writeNothing() {
    Api admin = Api.admin();
    Api member = admin.member();
    Api reader = admin.reader();
    String own = member.url("/quota-sets/" + admin.project);
    String other = member.url("/quota-sets/" + Api.newProject());
    member.req().get(own).then().statusCode(200);
    reader.req().get(own + "/detail").then().statusCode(200);
    reader.req().get(other + "/defaults").then().statusCode(200);
    member.req().get(other).then().statusCode(403).body("forbidden.message", equalTo(DENIED));
    member
        .req()
        .get(other + "/detail")
        .then()
        .statusCode(403)
        .body("forbidden.message", equalTo(DENIED));
    member
        .json(Map.of("quota_set", Map.of("snapshots", 1000)))
        .put(own)
        .then()
        .statusCode(403)
        .body("forbidden.message", equalTo(DENIED));
    member.req().delete(own).then().statusCode(403).body("forbidden.message", equalTo(DENIED));
    reader.json(Map.of("quota_set", Map.of("snapshots", 1000))).put(own).then().statusCode(403);
    admin
        .req()
        .get(admin.url("/quota-sets/" + admin.project))
        .then()
        .body("quota_set.snapshots", equalTo(50));
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"quota_set\": {\"snapshots\": 5, \"foo\": 1, \"bar\": 2}} | Bad key(s) foo,bar in quota_set.",
        "{\"quota_set\": {\"snapshots\": \"many\"}} | Quota 'many' for snapshots should be integer.",
        "{\"quota_set\": {\"snapshots\": -2}} | Quota limit must be -1 or greater.",
        "{\"quota_set\": {\"snapshots\": 0}} | Quota value 0 for snapshots is smaller than already used and reserved 1.",
        "{\"quota_set\": {\"snapshot_gigabytes\": 0}} | Quota value 0 for snapshot_gigabytes is smaller than already used and reserved 1."
      })
  void update_invalid_is400WithManilasMessage_andChangesNothing(String body, String message) {
    Api admin = Api.admin();
    admin.snapshot(admin.share(), "in-use");
    String url = admin.url("/quota-sets/" + admin.project);
    admin.json(body).put(url).then().statusCode(400).body("badRequest.message", equalTo(message));
    admin.req().get(url).then().body("quota_set.snapshots", equalTo(50));
  }

  @Test
  void update_belowUsageWithForce_isAccepted_andUnlimitedNeedsNoForce() {
    Api admin = Api.admin();
    admin.snapshot(admin.share(), "in-use");
    String url = admin.url("/quota-sets/" + admin.project);
    admin
        .json(Map.of("quota_set", Map.of("snapshots", 0, "force", true)))
        .put(url)
        .then()
        .statusCode(200)
        .body("quota_set.snapshots", equalTo(0));
    admin
        .json(Map.of("quota_set", Map.of("snapshots", -1)))
        .put(url)
        .then()
        .statusCode(200)
        .body("quota_set.snapshots", equalTo(-1));
    Map<String, Object> partial = new LinkedHashMap<>();
    partial.put("snapshots", null);
    partial.put("shares", "");
    admin
        .json(Map.of("quota_set", partial))
        .put(url)
        .then()
        .statusCode(200)
        .body("quota_set.snapshots", equalTo(-1));
  }

  @Test
  void update_versionedKeys_needTheirMicroversion_andUserQuotasAreRefused() {
    Api admin = Api.admin();
    String url = admin.url("/quota-sets/" + admin.project);
    admin
        .at("2.52")
        .json(Map.of("quota_set", Map.of("share_replicas", 5)))
        .put(url)
        .then()
        .statusCode(400)
        .body(
            "badRequest.message",
            equalTo(
                "'share_replicas' key is not supported by this microversion. Use 2.53 or greater microversion to be able to use 'share_replicas' quotas."));
    admin
        .json(Map.of("quota_set", Map.of("share_replicas", 5)))
        .put(url)
        .then()
        .statusCode(200)
        .body("quota_set.share_replicas", equalTo(5));
    Api old = admin.at("2.38");
    old.req()
        .get(url + "?share_type=default")
        .then()
        .statusCode(400)
        .body(
            "badRequest.message",
            equalTo(
                "'share_type' key is not supported by this microversion. Use 2.39 or greater"
                    + " microversion to be able to use 'share_type' quotas."));
    admin
        .req()
        .get(url + "?user_id=bob&share_type=default")
        .then()
        .statusCode(400)
        .body(
            "badRequest.message",
            equalTo("'user_id' and 'share_type' values are mutually exclusive"));
    admin
        .req()
        .get(url + "?share_type=no-such-type")
        .then()
        .statusCode(404)
        .body(
            "itemNotFound.message",
            equalTo("Share type with name or id 'no-such-type' not found."));
  }

  /**
   * Manila's per-user quotas: a user's limits default to the project's, may not exceed them, are
   * enforced for that user only, and go with a DELETE ?user_id=.
   */
  @Test
  void userQuota_defaultsToTheProjects_isCapped_andLimitsOnlyThatUser() {
    Api admin = Api.admin();
    String url = admin.url("/quota-sets/" + admin.project);
    admin
        .req()
        .get(url + "?user_id=dave")
        .then()
        .statusCode(200)
        .body("quota_set.snapshots", equalTo(50))
        .body("quota_set.share_networks", equalTo(10));
    admin
        .json(Map.of("quota_set", Map.of("snapshots", 51)))
        .put(url + "?user_id=dave")
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("Quota limit must be less than 50."));
    // bob, a member of the admin's (alice's) project, is the one held
    String share = admin.share(admin.shareType("uq", "snapshot_support", "True"), 1);
    admin
        .json(Map.of("quota_set", Map.of("snapshots", 1)))
        .put(url + "?user_id=bob")
        .then()
        .statusCode(200)
        .body("quota_set.snapshots", equalTo(1))
        .body("quota_set.id", equalTo(admin.project));
    Api bob = admin.member();
    bob.snapshot(share, "first");
    bob.json(Map.of("snapshot", Map.of("share_id", share)))
        .post(bob.url("/snapshots"))
        .then()
        .statusCode(413)
        .body("overLimit.message", containsString("SnapshotLimitExceeded"));
    // another user of the project is not held by bob's limit
    admin.snapshot(share, "admin's");
    admin
        .req()
        .get(admin.url("/quota-sets/" + admin.project + "/detail?user_id=bob"))
        .then()
        .body("quota_set.snapshots.in_use", equalTo(1))
        .body("quota_set.snapshots.limit", equalTo(1));
    admin
        .req()
        .get(admin.url("/quota-sets/" + admin.project + "/detail"))
        .then()
        .body("quota_set.snapshots.in_use", equalTo(2))
        .body("quota_set.snapshots.limit", equalTo(50));
    admin
        .json(Map.of("quota_set", Map.of("snapshots", 0)))
        .put(url + "?user_id=bob")
        .then()
        .statusCode(400)
        .body(
            "badRequest.message",
            equalTo("Quota value 0 for snapshots is smaller than already used and reserved 1."));
    admin.req().delete(url + "?user_id=bob").then().statusCode(202);
    admin.req().get(url + "?user_id=bob").then().body("quota_set.snapshots", equalTo(50));
    bob.snapshot(share, "second");
  }

  /** Per-share-type quotas (2.39+): by type name or id, no group or network keys, enforced. */
  @Test
  void shareTypeQuota_byNameOrId_withoutGroupKeys_enforcedForThatType() {
    Api admin = Api.admin();
    String url = admin.url("/quota-sets/" + admin.project);
    String typeName = admin.shareType("tq", "snapshot_support", "True");
    String type =
        admin
            .req()
            .get(admin.url("/types"))
            .then()
            .extract()
            .path("share_types.find { it.name == '" + typeName + "' }.id");
    admin
        .req()
        .get(url + "?share_type=" + typeName)
        .then()
        .statusCode(200)
        .body("quota_set.snapshots", equalTo(50))
        .body("quota_set", not(hasKey("share_networks")))
        .body("quota_set", not(hasKey("share_groups")));
    admin
        .json(Map.of("quota_set", Map.of("share_groups", 3)))
        .put(url + "?share_type=" + type)
        .then()
        .statusCode(400)
        .body(
            "badRequest.message",
            equalTo("Share type quotas cannot constrain share groups and share group snapshots."));
    admin
        .json(Map.of("quota_set", Map.of("snapshots", 1)))
        .put(url + "?share_type=" + type)
        .then()
        .statusCode(200)
        .body("quota_set.snapshots", equalTo(1));
    String share = admin.share(type, 1);
    admin.snapshot(share, "one");
    admin
        .json(Map.of("snapshot", Map.of("share_id", share)))
        .post(admin.url("/snapshots"))
        .then()
        .statusCode(413);
    // a share of another type is not held by it
    String other = admin.share(admin.shareType("tq2", "snapshot_support", "True"), 1);
    admin.snapshot(other, "elsewhere");
    admin.req().delete(url + "?share_type=" + typeName).then().statusCode(202);
    admin.snapshot(share, "two");
  }
}
