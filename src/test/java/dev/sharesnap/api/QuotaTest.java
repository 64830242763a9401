package dev.sharesnap.api;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sharesnap.support.Api;
import dev.sharesnap.support.FaultInjectingDriver;
import dev.sharesnap.support.FaultInjectingDriver.Plan;
import dev.sharesnap.support.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Quotas: Manila's 413 bodies, usage kept and released as Manila does, and the usage after each
 * step.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class QuotaTest {

  private static final String SNAPSHOT_LIMIT =
      "SnapshotLimitExceeded: Maximum number of snapshots allowed (%d) either per project/user or share type quota is exceeded.";
  private static final String SNAPSHOT_GIGABYTES =
      "SnapshotSizeExceedsAvailableQuota: Requested snapshot exceeds allowed project/user or share type gigabytes quota.";

  @Inject FaultInjectingDriver faulty;

  static void setQuota(Api admin, Map<String, Object> limits) {
    admin
        .json(Map.of("quota_set", limits))
        .put(admin.url("/quota-sets/" + admin.project))
        .then()
        .statusCode(200);
  }

  static ValidatableResponse detail(Api admin) {
    return admin
        .req()
        .get(admin.url("/quota-sets/" + admin.project + "/detail"))
        .then()
        .statusCode(200);
  }

  private static ValidatableResponse createSnapshot(Api api, String share) {
    return api.json(Map.of("snapshot", Map.of("share_id", share)))
        .post(api.url("/snapshots"))
        .then();
  }

  @Test
  void createSnapshot_overSnapshotsQuota_is413WithManilasBodyAndRetryAfter() {
    Api admin = Api.admin();
    String share = admin.share();
    setQuota(admin, Map.of("snapshots", 1));
    admin.snapshot(share, "first");
    createSnapshot(admin.member(), share)
        .statusCode(413)
        .header("Retry-After", "0")
        .body("overLimit.code", equalTo(413))
        .body("overLimit.message", equalTo(String.format(SNAPSHOT_LIMIT, 1)))
        .body("overLimit.retryAfter", equalTo("0"));
    detail(admin)
        .body("quota_set.snapshots.in_use", equalTo(1))
        .body("quota_set.snapshot_gigabytes.in_use", equalTo(1));
  }

  @Test
  void createSnapshot_overBothQuotas_reportsGigabytesFirst() {
    Api admin = Api.admin();
    String share = admin.share();
    setQuota(admin, Map.of("snapshots", 1, "snapshot_gigabytes", 1));
    admin.snapshot(share, "first");
    createSnapshot(admin, share)
        .statusCode(413)
        .body("overLimit.message", equalTo(SNAPSHOT_GIGABYTES));
    setQuota(admin, Map.of("snapshot_gigabytes", -1));
    createSnapshot(admin, share)
        .statusCode(413)
        .body("overLimit.message", equalTo(String.format(SNAPSHOT_LIMIT, 1)));
  }

  @Test
  void createShare_overSharesOrGigabytes_is413WithManilasMessages() {
    Api admin = Api.admin();
    setQuota(admin, Map.of("shares", 1, "gigabytes", 3));
    admin
        .json(Map.of("share", Map.of("share_proto", "NFS", "size", 4)))
        .post(admin.url("/shares"))
        .then()
        .statusCode(413)
        .header("Retry-After", "0")
        .body(
            "overLimit.message",
            equalTo(
                "ShareSizeExceedsAvailableQuota: Requested share exceeds allowed project/user or share type gigabytes quota."));
    admin.share();
    admin
        .json(Map.of("share", Map.of("share_proto", "NFS", "size", 1)))
        .post(admin.url("/shares"))
        .then()
        .statusCode(413)
        .body(
            "overLimit.message",
            equalTo(
                "ShareLimitExceeded: Maximum number of shares allowed (1) either per project/user or share type quota is exceeded."));
    detail(admin)
        .body("quota_set.shares.in_use", equalTo(1))
        .body("quota_set.gigabytes.in_use", equalTo(1));
  }

  @Test
  void deleteSnapshot_releasesItsQuotaWhenTheDeleteCompletes() {
    Api admin = Api.admin();
    String share = admin.share();
    setQuota(admin, Map.of("snapshots", 1));
    String snap = admin.snapshot(share, "one");
    admin.req().delete(admin.url("/snapshots/" + snap)).then().statusCode(202);
    admin.awaitGone("/snapshots/" + snap);
    detail(admin)
        .body("quota_set.snapshots.in_use", equalTo(0))
        .body("quota_set.snapshot_gigabytes.in_use", equalTo(0));
    admin.snapshot(share, "two");
  }

  @Test
  void forceDeleteAndUnmanage_releaseTheirQuota() {
    Api admin = Api.admin();
    String share = admin.share();
    String a = admin.snapshot(share, "a");
    String b = admin.snapshot(share, "b");
    detail(admin).body("quota_set.snapshots.in_use", equalTo(2));
    admin
        .json("{\"force_delete\": null}")
        .post(admin.url("/snapshots/" + a + "/action"))
        .then()
        .statusCode(202);
    admin
        .json("{\"unmanage\": null}")
        .post(admin.url("/snapshots/" + b + "/action"))
        .then()
        .statusCode(202);
    admin.awaitGone("/snapshots/" + a);
    admin.awaitGone("/snapshots/" + b);
    detail(admin)
        .body("quota_set.snapshots.in_use", equalTo(0))
        .body("quota_set.snapshot_gigabytes.in_use", equalTo(0));
  }

  @Test
  void manage_addsUsageWithoutALimitCheck_onSuccessOnly() {
    Api admin = Api.admin();
    String share = admin.share();
    String snap = admin.snapshot(share, "adopt-me");
    admin
        .json("{\"unmanage\": null}")
        .post(admin.url("/snapshots/" + snap + "/action"))
        .then()
        .statusCode(202);
    admin.awaitGone("/snapshots/" + snap);
    setQuota(admin, Map.of("snapshots", 0, "snapshot_gigabytes", 0));
    String managed =
        admin
            .json(Map.of("snapshot", Map.of("share_id", share, "provider_location", snap)))
            .post(admin.url("/snapshots/manage"))
            .then()
            .statusCode(202)
            .extract()
            .path("snapshot.id");
    admin.awaitStatus("/snapshots/" + managed, "snapshot", "available");
    String failed =
        admin
            .json(
                Map.of(
                    "snapshot", Map.of("share_id", share, "provider_location", "no-such-snapshot")))
            .post(admin.url("/snapshots/manage"))
            .then()
            .statusCode(202)
            .extract()
            .path("snapshot.id");
    admin.awaitStatus("/snapshots/" + failed, "snapshot", "manage_error");
    detail(admin)
        .body("quota_set.snapshots.in_use", equalTo(1))
        .body("quota_set.snapshots.limit", equalTo(0));
    admin
        .json("{\"force_delete\": null}")
        .post(admin.url("/snapshots/" + failed + "/action"))
        .then()
        .statusCode(202);
    admin.awaitGone("/snapshots/" + failed);
    detail(admin).body("quota_set.snapshots.in_use", equalTo(1));
  }

  @Test
  void erroredSnapshot_keepsItsUsageUntilDeleted_andA413TakesNothing() {
    Api admin = Api.admin();
    String type =
        admin.shareType("faulty", "snapshot_support", "True", "share_backend_name", "faulty");
    String share = admin.share(type, 2);
    faulty.plan(share, new Plan(0, true, false, Duration.ZERO, false));
    String snap = createSnapshot(admin, share).statusCode(202).extract().path("snapshot.id");
    admin.awaitStatus("/snapshots/" + snap, "snapshot", "error");
    detail(admin)
        .body("quota_set.snapshots.in_use", equalTo(1))
        .body("quota_set.snapshot_gigabytes.in_use", equalTo(2));
    setQuota(admin, Map.of("snapshot_gigabytes", 3));
    createSnapshot(admin, share)
        .statusCode(413)
        .body("overLimit.message", equalTo(SNAPSHOT_GIGABYTES));
    detail(admin)
        .body("quota_set.snapshots.in_use", equalTo(1))
        .body("quota_set.snapshot_gigabytes.in_use", equalTo(2));
    faulty.plan(share, Plan.ok());
    admin.req().delete(admin.url("/snapshots/" + snap)).then().statusCode(202);
    admin.awaitGone("/snapshots/" + snap);
    detail(admin)
        .body("quota_set.snapshots.in_use", equalTo(0))
        .body("quota_set.snapshot_gigabytes.in_use", equalTo(0));
  }

  @Test
  void deleteShare_releasesItsQuota() {
    Api admin = Api.admin();
    String share = admin.share();
    detail(admin)
        .body("quota_set.shares.in_use", equalTo(1))
        .body("quota_set.gigabytes.in_use", equalTo(1));
    admin.req().delete(admin.url("/shares/" + share)).then().statusCode(202);
    admin.awaitGone("/shares/" + share);
    detail(admin)
        .body("quota_set.shares.in_use", equalTo(0))
        .body("quota_set.gigabytes.in_use", equalTo(0));
  }

  @Test
  void limits_showTheCallersQuotasAndUsage() {
    Api admin = Api.admin();
    admin.snapshot(admin.share(), "counted");
    Api member = admin.member();
    member
        .req()
        .get(member.url("/limits"))
        .then()
        .statusCode(200)
        .body("limits.rate.size()", equalTo(0))
        .body("limits.absolute.maxTotalShareSnapshots", equalTo(50))
        .body("limits.absolute.maxTotalSnapshotGigabytes", equalTo(1000))
        .body("limits.absolute.totalShareSnapshotsUsed", equalTo(1))
        .body("limits.absolute.totalSnapshotGigabytesUsed", equalTo(1))
        .body("limits.absolute.totalSharesUsed", equalTo(1))
        .body("limits.absolute.maxTotalShareReplicas", equalTo(100));
    member
        .at("2.52")
        .req()
        .get(member.url("/limits"))
        .then()
        .statusCode(200)
        .body("limits.absolute.containsKey('maxTotalShareReplicas')", equalTo(false));
    // Manila's 10 keys, 4 for replicas (2.53) and 4 for share groups (2.58)
    assertEquals(
        18,
        member
            .req()
            .get(member.url("/limits"))
            .then()
            .extract()
            .jsonPath()
            .getMap("limits.absolute")
            .size());
  }
}
