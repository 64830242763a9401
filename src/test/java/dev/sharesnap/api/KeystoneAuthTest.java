package dev.sharesnap.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import dev.sharesnap.support.KeystoneBackend;
import dev.sharesnap.support.KeystoneProfile;
import dev.sharesnap.support.KeystoneResource;
import dev.sharesnap.support.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The keystone strategy with real Keystone tokens: identity from the token, 401s with Manila's body
 * and Keystone's challenge, 503 while Keystone is down and recovery once it is back, expired tokens
 * refused. The Keystone restarts run last (ordered), as they change the token lifetime.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@TestProfile(KeystoneProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeystoneAuthTest {

  private static final String UNAUTHORIZED = "The request you have made requires authentication.";

  private KeystoneBackend keystone;

  @BeforeEach
  void keystone() {
    keystone = KeystoneResource.requireKeystone();
  }

  private static RequestSpecification as(String token) {
    return given().header("X-Auth-Token", token).header("X-OpenStack-Manila-API-Version", "2.73");
  }

  @Test
  @Order(1)
  void token_ofAlphaMember_actsAsThatUserInAlpha() {
    String token = keystone.token("alpha-member", "alpha");
    String share =
        as(token)
            .contentType(ContentType.JSON)
            .body(Map.of("share", Map.of("share_proto", "NFS", "size", 1)))
            .post("/v2/shares")
            .then()
            .statusCode(200)
            .body("share.project_id", equalTo(keystone.get("ALPHA_PROJECT_ID")))
            .body("share.user_id", equalTo(keystone.get("ALPHA_MEMBER_USER_ID")))
            .extract()
            .path("share.id");
    as(token)
        .get("/v2/" + keystone.get("ALPHA_PROJECT_ID") + "/shares/" + share)
        .then()
        .statusCode(200);
    as(token)
        .get("/v2/" + keystone.get("BETA_PROJECT_ID") + "/shares/" + share)
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("Malformed request url"));
  }

  @Test
  @Order(2)
  void noauthTokensAndTrustedHeaders_areRefused() {
    String alpha = keystone.get("ALPHA_PROJECT_ID");
    given()
        .header("X-Auth-Token", "alice:" + alpha)
        .get("/v2/snapshots")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", "Keystone uri=\"" + keystone.url() + "\"")
        .body("unauthorized.code", equalTo(401))
        .body("unauthorized.message", equalTo(UNAUTHORIZED));
    given()
        .header("X-User-Id", "alice")
        .header("X-Project-Id", alpha)
        .header("X-Roles", "admin")
        .get("/v2/snapshots")
        .then()
        .statusCode(401)
        .body("unauthorized.message", equalTo(UNAUTHORIZED));
    given()
        .get("/v2/snapshots")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", "Keystone uri=\"" + keystone.url() + "\"");
    given().get("/v2/").then().statusCode(200);
  }

  @Test
  @Order(3)
  void garbageAndRevokedTokens_are401_andStay401() {
    for (int i = 0; i < 2; i++) {
      given()
          .header("X-Auth-Token", "gAAAAABgarbage")
          .get("/v2/snapshots")
          .then()
          .statusCode(401)
          .body("unauthorized.message", equalTo(UNAUTHORIZED));
    }
    String revoked = keystone.token("beta-member", "beta");
    keystone.revoke(revoked);
    as(revoked)
        .get("/v2/snapshots")
        .then()
        .statusCode(401)
        .header("x-compute-request-id", startsWith("req-"));
  }

  @Test
  @Order(4)
  void readerToken_getsReaderRoles() {
    String token = keystone.token("alpha-reader", "alpha");
    as(token).get("/v2/snapshots/detail").then().statusCode(200);
    as(token)
        .contentType(ContentType.JSON)
        .body(Map.of("share", Map.of("share_proto", "NFS", "size", 1)))
        .post("/v2/shares")
        .then()
        .statusCode(403)
        .body("forbidden.message", equalTo("Policy doesn't allow share:create to be performed."));
    as(keystone.token("admin", "admin"))
        .get("/v2/snapshots/detail?all_tenants=1")
        .then()
        .statusCode(200);
  }

  @Test
  @Order(5)
  void manilaCli_authenticatesThroughKeystone_listsAndCreatesSnapshots() throws Exception {
    boolean present = Files.isExecutable(Path.of("/usr/bin/manila"));
    if (!present) {
      Assertions.assertNotEquals(
          "1", System.getenv("SHARESNAP_REQUIRE_CLIENTS"), "manila CLI missing");
      Assumptions.abort("the manila CLI is not installed (src/test/clients/install-clients.sh)");
    }
    Path log = Files.createTempFile("manila-keystone", ".log");
    ProcessBuilder pb =
        new ProcessBuilder("bash", "src/test/keystone/manila-keystone-workflow.sh")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("KEYSTONE_OPENRC_DIR", keystone.get("OPENRC_DIR"));
    pb.environment().put("ADMIN_PROJECT_OF_CHECK", keystone.get("ALPHA_PROJECT_ID"));
    Process p = pb.start();
    p.getOutputStream().close();
    boolean done = p.waitFor(5, TimeUnit.MINUTES);
    if (!done) {
      p.destroyForcibly();
    }
    String output = Files.readString(log);
    System.out.println("---- manila-keystone-workflow.sh ----\n" + output);
    Assertions.assertTrue(done && p.exitValue() == 0, output);
  }

  @Test
  @Order(10)
  void keystoneDown_is503_cachedTokensStillWork_andRecoveryAfterRestart() {
    String cached = keystone.token("alpha-member", "alpha");
    as(cached).get("/v2/snapshots").then().statusCode(200);
    String fresh = keystone.token("alpha-member", "alpha");
    keystone.stop();
    try {
      as(fresh)
          .get("/v2/snapshots")
          .then()
          .statusCode(503)
          .body("serviceUnavailable.code", equalTo(503))
          .body(
              "serviceUnavailable.message",
              equalTo("The Keystone service is temporarily unavailable."));
      as(cached).get("/v2/snapshots").then().statusCode(200);
    } finally {
      keystone.start(Map.of());
    }
    as(fresh).get("/v2/snapshots").then().statusCode(200);
  }

  @Test
  @Order(11)
  void expiredToken_is401() throws InterruptedException {
    // long enough for the start script's own provisioning calls with its admin token
    keystone.start(Map.of("KEYSTONE_TOKEN_EXPIRATION", "15"));
    try {
      String token = keystone.token("alpha-member", "alpha");
      as(token).get("/v2/snapshots").then().statusCode(200);
      Thread.sleep(16_000);
      as(token)
          .get("/v2/snapshots")
          .then()
          .statusCode(401)
          .body("unauthorized.message", equalTo(UNAUTHORIZED));
    } finally {
      keystone.start(Map.of());
    }
    as(keystone.token("alpha-member", "alpha"))
        .get("/v2/limits")
        .then()
        .statusCode(200)
        .body("limits.absolute.keySet()", hasItem("maxTotalShareSnapshots"));
  }
}
