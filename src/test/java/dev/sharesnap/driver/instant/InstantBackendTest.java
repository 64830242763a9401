package dev.sharesnap.driver.instant;

import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import dev.sharesnap.support.Api;
import dev.sharesnap.support.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The benchmark backend: placed by share type, and a snapshot round trip through the pipeline. */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class InstantBackendTest {

  @Test
  void snapshotRoundTrip_onTheInstantBackend() {
    Api api = Api.admin();
    String type =
        api.shareType("instant", "share_backend_name", "instant", "snapshot_support", "True");
    String share = api.share(type, 3);
    api.req()
        .get(api.url("/shares/" + share))
        .then()
        .statusCode(200)
        .body("share.host", endsWith("@instant#pool0"));

    String snap = api.snapshot(share, "fast");
    api.req()
        .get(api.url("/snapshots/" + snap))
        .then()
        .statusCode(200)
        .body("snapshot.provider_location", equalTo(snap))
        .body("snapshot.size", equalTo(3));

    api.req().delete(api.url("/snapshots/" + snap)).then().statusCode(202);
    api.awaitGone("/snapshots/" + snap);
  }
}
