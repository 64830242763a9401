package dev.sharesnap.driver.cephfs;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharesnap.driver.AccessGrant;
import dev.sharesnap.driver.ClientAccess;
import dev.sharesnap.driver.ShareRef;
import dev.sharesnap.support.Api;
import dev.sharesnap.support.CephCluster;
import dev.sharesnap.support.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Native CephFS access by cephx id through the HTTP API, against the real cluster: the key a rule
 * shows really authenticates, its level is what the OSD enforces on the share's data namespace,
 * deny and share deletion take the id's caps away. Ceph's side is read as client.admin.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@WithTestResource(CephCluster.class)
class CephxAccessTest {

  @Inject CephfsDriver driver;

  @BeforeEach
  void cephIsThere() {
    CephCluster.assumeRunning();
  }

  /** A cephx id of this test only (ids are cluster-wide). */
  private static String newId(String what) {
    return what + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String allow(Api api, String share, String id, String level) {
    return api.json(
            Map.of(
                "allow_access",
                Map.of("access_type", "cephx", "access_to", id, "access_level", level)))
        .post(api.url("/shares/" + share + "/action"))
        .then()
        .statusCode(200)
        .body("access.state", equalTo("queued_to_apply"))
        .body("access.access_key", nullValue())
        .extract()
        .path("access.id");
  }

  private static JsonPath accessList(Api api, String share) {
    return api.json(Map.of("access_list", Map.of()))
        .post(api.url("/shares/" + share + "/action"))
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  /** The share's rule {@code rule} once {@code done} holds for it (null: the rule is gone). */
  private static Map<String, Object> awaitRule(
      Api api, String share, String rule, Predicate<Map<String, Object>> done) {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    Map<String, Object> last = null;
    while (System.nanoTime() < deadline) {
      List<Map<String, Object>> rules = accessList(api, share).getList("access_list");
      last = rules.stream().filter(r -> rule.equals(r.get("id"))).findFirst().orElse(null);
      if (done.test(last)) {
        return last;
      }
      sleep();
    }
    throw new AssertionError("rule " + rule + " never got there; last seen: " + last);
  }

  private static Map<String, Object> awaitState(Api api, String share, String rule, String state) {
    return awaitRule(api, share, rule, r -> r != null && state.equals(r.get("state")));
  }

  private static void sleep() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String namespace(String share) {
    return "fsvolumens_" + share;
  }

  private static CephCluster.Outcome put(String id, String key, String share) {
    try {
      Path file = Files.createTempFile("cephx-", ".txt");
      Files.writeString(file, "written by " + id);
      try {
        return CephCluster.radosAs(id, key, namespace(share), "put", "obj-" + id, file.toString());
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void allowCephx_rwAndRo_giveKeysThatAuthenticate_withTheCapsOfTheirLevel() {
    Api api = Api.admin();
    String share = CephfsSnapshotTest.cephfsShare(api);
    String writer = newId("writer");
    String reader = newId("reader");
    String rwRule = allow(api, share, writer, "rw");
    String roRule = allow(api, share, reader, "ro");
    String rwKey = (String) awaitState(api, share, rwRule, "active").get("access_key");
    String roKey = (String) awaitState(api, share, roRule, "active").get("access_key");
    assertNotEquals(rwKey, roKey);

    CephCluster.Outcome written = put(writer, rwKey, share);
    assertEquals(0, written.exit(), written.output());
    CephCluster.Outcome refused = put(reader, roKey, share);
    assertNotEquals(0, refused.exit(), "a read-only id wrote: " + refused.output());
    assertTrue(refused.output().contains("Operation not permitted"), refused.output());
    CephCluster.Outcome listed = CephCluster.radosAs(reader, roKey, namespace(share), "ls");
    assertEquals(0, listed.exit(), listed.output());
    assertTrue(listed.output().contains("obj-" + writer), listed.output());
    CephCluster.Outcome wrongKey = CephCluster.radosAs(reader, rwKey, namespace(share), "ls");
    assertNotEquals(0, wrongKey.exit(), "another id's key authenticated: " + wrongKey.output());

    String caps = CephCluster.ceph("auth", "get", "client." + writer);
    assertTrue(caps.contains("allow rw path=/volumes/sharesnap/" + share + "/"), caps);
    caps = CephCluster.ceph("auth", "get", "client." + reader);
    assertTrue(caps.contains("allow r path=/volumes/sharesnap/" + share + "/"), caps);
  }

  @Test
  void denyCephx_deauthorizesTheId_andItsKeyNoLongerAuthenticates() {
    Api api = Api.admin();
    String share = CephfsSnapshotTest.cephfsShare(api);
    String id = newId("leaver");
    String rule = allow(api, share, id, "rw");
    String key = (String) awaitState(api, share, rule, "active").get("access_key");
    assertEquals(0, CephCluster.radosAs(id, key, namespace(share), "ls").exit());

    api.json(Map.of("deny_access", Map.of("access_id", rule)))
        .post(api.url("/shares/" + share + "/action"))
        .then()
        .statusCode(202);
    awaitRule(api, share, rule, r -> r == null);
    CephCluster.Outcome auth = CephCluster.cephOutcome("auth", "get", "client." + id);
    assertNotEquals(0, auth.exit(), "client." + id + " is still there: " + auth.output());
    String listed =
        CephCluster.ceph(
            "fs",
            "subvolume",
            "authorized_list",
            CephCluster.fsName(),
            share,
            "--group_name",
            "sharesnap");
    assertTrue(!listed.contains(id), listed);
    CephCluster.Outcome after = CephCluster.radosAs(id, key, namespace(share), "ls");
    assertNotEquals(0, after.exit(), "a denied key still authenticates: " + after.output());
  }

  @Test
  void accessKey_isShownFrom2_21_only() {
    Api api = Api.admin();
    String share = CephfsSnapshotTest.cephfsShare(api);
    String rule = allow(api, share, newId("versions"), "ro");
    String key = (String) awaitState(api, share, rule, "active").get("access_key");
    assertTrue(key != null && key.endsWith("=="), "a base64 cephx key: " + key);
    api.at("2.20")
        .json(Map.of("access_list", Map.of()))
        .post(api.url("/shares/" + share + "/action"))
        .then()
        .statusCode(200)
        .body("access_list[0]", not(hasKey("access_key")));
    api.at("2.45")
        .req()
        .get("/v2/share-access-rules/" + rule)
        .then()
        .statusCode(200)
        .body("access.access_key", equalTo(key))
        .body("access.metadata", equalTo(Map.of()));
  }

  @Test
  void servicesOwnId_andAnotherProjectsId_endInError_andOtherRulesStillApply() {
    Api api = Api.admin();
    String share = CephfsSnapshotTest.cephfsShare(api);
    Api other = Api.admin();
    String otherShare = CephfsSnapshotTest.cephfsShare(other);
    String taken = newId("taken");
    String otherRule = allow(other, otherShare, taken, "rw");
    awaitState(other, otherShare, otherRule, "active");

    String own = allow(api, share, "manila", "rw");
    String stolen = allow(api, share, taken, "rw");
    String fine = allow(api, share, newId("fine"), "rw");
    awaitState(api, share, own, "error");
    Map<String, Object> stolenRule = awaitState(api, share, stolen, "error");
    assertEquals(null, stolenRule.get("access_key"));
    awaitState(api, share, fine, "active");
    String caps = CephCluster.ceph("auth", "get", "client." + taken);
    assertTrue(!caps.contains(share), "the other project's id got caps on this share: " + caps);
    caps = CephCluster.ceph("auth", "get", "client.manila");
    assertTrue(!caps.contains(share), "the service's id got caps on a share: " + caps);
  }

  @Test
  void badCephxRules_andRulesOfTheWrongType_areManilasBadRequests() {
    Api api = Api.admin();
    String share = CephfsSnapshotTest.cephfsShare(api);
    String action = api.url("/shares/" + share + "/action");
    Map<String, String> cases =
        Map.of(
            "client.alice", "Ceph IDs may not contain periods.",
            "al\u00efce", "Ceph IDs must consist of ASCII printable characters.");
    cases.forEach(
        (to, message) ->
            api.json(Map.of("allow_access", Map.of("access_type", "cephx", "access_to", to)))
                .post(action)
                .then()
                .statusCode(400)
                .body("badRequest.message", equalTo(message)));
    api.json(Map.of("allow_access", Map.of("access_type", "ip", "access_to", "10.0.0.1")))
        .post(action)
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("Invalid or unsupported share access type: ip."));
    String dup = newId("dup");
    allow(api, share, dup, "rw");
    api.json(Map.of("allow_access", Map.of("access_type", "cephx", "access_to", dup)))
        .post(action)
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("Share access cephx:" + dup + " exists."));
  }

  @Test
  void updateClientAccess_madeTwice_givesTheSameKey_andALevelChangeMovesTheCaps() {
    ShareRef share = new ShareRef(UUID.randomUUID(), 1);
    driver.createShare(share).await().atMost(Duration.ofSeconds(60));
    String id = newId("twice");
    String project = Api.newProject();
    List<ClientAccess> first = update(share, project, new AccessGrant(id, false));
    List<ClientAccess> second = update(share, project, new AccessGrant(id, false));
    assertEquals(first, second);
    assertTrue(first.get(0).isGranted(), first.toString());
    List<ClientAccess> ro = update(share, project, new AccessGrant(id, true));
    assertEquals(first.get(0).accessKey(), ro.get(0).accessKey());
    String caps = CephCluster.ceph("auth", "get", "client." + id);
    assertTrue(caps.contains("allow r path=/volumes/sharesnap/" + share.id() + "/"), caps);
    assertTrue(!caps.contains("allow rw path="), caps);

    driver.deleteShare(share).await().atMost(Duration.ofSeconds(60));
    // what a retried share delete does after the subvolume went: nothing left to revoke
    assertEquals(List.of(), update(share, null));
  }

  @Test
  void deleteShare_withCephxRules_takesTheCapsAway() {
    Api api = Api.admin();
    String share = CephfsSnapshotTest.cephfsShare(api);
    String id = newId("gone");
    String rule = allow(api, share, id, "rw");
    awaitState(api, share, rule, "active");
    api.req().delete(api.url("/shares/" + share)).then().statusCode(202);
    api.awaitGone("/shares/" + share);
    CephCluster.Outcome auth = CephCluster.cephOutcome("auth", "get", "client." + id);
    assertNotEquals(0, auth.exit(), "client." + id + " outlived its share: " + auth.output());
  }

  private List<ClientAccess> update(ShareRef share, String project, AccessGrant... grants) {
    return driver
        .updateClientAccess(share, project, List.of(grants))
        .await()
        .atMost(Duration.ofSeconds(60));
  }
}
