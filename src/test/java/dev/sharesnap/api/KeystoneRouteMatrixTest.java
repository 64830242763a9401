package dev.sharesnap.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sharesnap.support.KeystoneBackend;
import dev.sharesnap.support.KeystoneProfile;
import dev.sharesnap.support.KeystoneResource;
import dev.sharesnap.support.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Manila's default policies with real Keystone tokens (tempest's rbac/test_snapshots.py matrix):
 * the admin (of project admin), and a member and a reader of project alpha, against snapshots of
 * alpha and of beta, on every snapshot route plus the share and quota reads. Destructive routes get
 * a snapshot of their own.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@TestProfile(KeystoneProfile.class)
class KeystoneRouteMatrixTest {

  private KeystoneBackend keystone;

  @BeforeEach
  void keystone() {
    keystone = KeystoneResource.requireKeystone();
  }

  private static RequestSpecification as(String token) {
    return given().header("X-Auth-Token", token).header("X-OpenStack-Manila-API-Version", "2.73");
  }

  private static RequestSpecification json(String token, Object body) {
    return as(token).contentType(ContentType.JSON).body(body);
  }

  /** An available share and snapshot of {@code project}, made by its member. */
  private String[] fixture(String project) {
    String owner = keystone.token(project + "-member", project);
    String share =
        json(owner, Map.of("share", Map.of("share_proto", "NFS", "size", 1)))
            .post("/v2/shares")
            .then()
            .statusCode(200)
            .extract()
            .path("share.id");
    await(owner, "/v2/shares/" + share, "share");
    return new String[] {share, snapshot(owner, share)};
  }

  private String snapshot(String owner, String share) {
    String snap =
        json(owner, Map.of("snapshot", Map.of("share_id", share)))
            .post("/v2/snapshots")
            .then()
            .statusCode(202)
            .extract()
            .path("snapshot.id");
    await(owner, "/v2/snapshots/" + snap, "snapshot");
    return snap;
  }

  private static void await(String token, String path, String entity) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if ("available".equals(as(token).get(path).then().extract().path(entity + ".status"))) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new AssertionError(path + " never became available");
  }

  /**
   * Expected codes per route, in this order: show, list, metadata get, export locations, update,
   * metadata set, create, share show, quota show, reset_status, force_delete, unmanage, manage,
   * delete.
   */
  @ParameterizedTest(name = "{0} of {1} on {2}''s snapshots")
  @CsvSource({
    "admin,  admin, alpha, 200 200 200 200 200 200 202 200 200 202 202 202 202 202",
    "admin,  admin, beta,  200 200 200 200 200 200 202 200 200 202 202 202 202 202",
    "member, alpha, alpha, 200 200 200 200 200 200 202 200 200 403 403 403 403 202",
    "member, alpha, beta,  404 200 404 404 404 404 404 404 403 403 403 403 403 404",
    "reader, alpha, alpha, 200 200 200 200 403 403 403 200 200 403 403 403 403 403",
    "reader, alpha, beta,  404 200 404 404 403 403 404 404 403 403 403 403 403 403"
  })
  void everyRoute_answersAsManilasDefaultPolicies(
      String role, String callerProject, String owner, String codes) {
    String token =
        keystone.token(role.equals("admin") ? "admin" : callerProject + "-" + role, callerProject);
    String ownerToken = keystone.token(owner + "-member", owner);
    String ownerProject = keystone.get(owner.toUpperCase() + "_PROJECT_ID");
    String[] f = fixture(owner);
    String share = f[0];
    String snap = f[1];
    String path = "/v2/snapshots/" + snap;
    List<Integer> got = new ArrayList<>();
    got.add(as(token).get(path).statusCode());
    got.add(as(token).get("/v2/snapshots/detail").statusCode());
    got.add(as(token).get(path + "/metadata").statusCode());
    got.add(as(token).get(path + "/export-locations").statusCode());
    got.add(
        json(token, Map.of("snapshot", Map.of("display_name", "renamed"))).put(path).statusCode());
    got.add(
        json(token, Map.of("metadata", Map.of("k", "v"))).post(path + "/metadata").statusCode());
    got.add(
        json(token, Map.of("snapshot", Map.of("share_id", share)))
            .post("/v2/snapshots")
            .statusCode());
    got.add(as(token).get("/v2/shares/" + share).statusCode());
    got.add(as(token).get("/v2/quota-sets/" + ownerProject).statusCode());
    got.add(
        action(
                token,
                snapshot(ownerToken, share),
                Map.of("reset_status", Map.of("status", "error")))
            .statusCode());
    got.add(action(token, snapshot(ownerToken, share), "{\"force_delete\": null}").statusCode());
    got.add(action(token, snapshot(ownerToken, share), "{\"unmanage\": null}").statusCode());
    got.add(
        json(token, Map.of("snapshot", Map.of("share_id", share, "provider_location", "nowhere")))
            .post("/v2/snapshots/manage")
            .statusCode());
    got.add(as(token).delete(path).statusCode());
    assertEquals(codes, String.join(" ", got.stream().map(String::valueOf).toList()));
  }

  private static Response action(String token, String snap, Object body) {
    return json(token, body).post("/v2/snapshots/" + snap + "/action");
  }
}
