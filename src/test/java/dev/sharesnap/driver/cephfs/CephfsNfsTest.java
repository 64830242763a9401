package dev.sharesnap.driver.cephfs;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharesnap.support.Api;
import dev.sharesnap.support.CephCluster;
import dev.sharesnap.support.CephNfsGanesha;
import dev.sharesnap.support.GaneshaServer;
import dev.sharesnap.support.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The CephFS backend's NFS mode through the HTTP API, against the real cluster and a real
 * NFS-Ganesha loading FSAL CEPH ({@link CephNfsGanesha}); files are written and read over NFSv4
 * with libnfs's tools, without mounting, and Ceph's side is read as client.admin.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@WithTestResource(CephNfsGanesha.class)
class CephfsNfsTest {

  @BeforeEach
  void partsAreThere() {
    CephNfsGanesha.assumeRunning();
  }

  private static String nfsType(Api api) {
    return api.shareType(
        "cephnfs",
        "share_backend_name",
        "cephfs",
        "snapshot_support",
        "True",
        "create_share_from_snapshot_support",
        "True");
  }

  private static String share(Api api, Map<String, Object> more) {
    Map<String, Object> body = new java.util.HashMap<>(more);
    body.put("share_proto", "NFS");
    body.put("size", 1);
    String id =
        api.json(Map.of("share", body))
            .post(api.url("/shares"))
            .then()
            .statusCode(200)
            .body("share.host", equalTo("sharesnap@cephfs#pool0"))
            .extract()
            .path("share.id");
    api.awaitStatus("/shares/" + id, "share", "available");
    return id;
  }

  /** The share's export location, {@code 127.0.0.1:/volumes/sharesnap/<share>/<uuid>}. */
  private static String exportPath(Api api, String share) {
    String location =
        api.req()
            .get(api.url("/shares/" + share + "/export_locations"))
            .then()
            .statusCode(200)
            .extract()
            .path("export_locations[0].path");
    assertTrue(location.startsWith("127.0.0.1:/volumes/sharesnap/" + share + "/"), location);
    return location.substring("127.0.0.1:".length());
  }

  private static String allow(Api api, String share, String to, String level) {
    return api.json(
            Map.of(
                "allow_access",
                Map.of("access_type", "ip", "access_to", to, "access_level", level)))
        .post(api.url("/shares/" + share + "/action"))
        .then()
        .statusCode(200)
        .extract()
        .path("access.id");
  }

  private static void deny(Api api, String share, String rule) {
    api.json(Map.of("deny_access", Map.of("access_id", rule)))
        .post(api.url("/shares/" + share + "/action"))
        .then()
        .statusCode(202);
  }

  /** Waits until the share's rule {@code rule} satisfies {@code done} (null: the rule is gone). */
  private static void awaitRule(
      Api api, String share, String rule, Predicate<Map<String, Object>> done) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Map<String, Object> last = null;
    while (System.nanoTime() < deadline) {
      JsonPath rules =
          api.json(Map.of("access_list", Map.of()))
              .post(api.url("/shares/" + share + "/action"))
              .then()
              .statusCode(200)
              .extract()
              .jsonPath();
      List<Map<String, Object>> all = rules.getList("access_list");
      last = all.stream().filter(r -> rule.equals(r.get("id"))).findFirst().orElse(null);
      if (done.test(last)) {
        return;
      }
      sleep(200);
    }
    throw new AssertionError("rule " + rule + " never got there; last seen: " + last);
  }

  private static void awaitActive(Api api, String share, String rule) {
    awaitRule(api, share, rule, r -> r != null && "active".equals(r.get("state")));
  }

  private static GaneshaServer.Result put(String content, String path) throws Exception {
    Path local = Files.createTempFile("cephfs-nfs-test", ".txt");
    try {
      Files.writeString(local, content);
      return GaneshaServer.nfs("nfs-cp", local.toString(), CephNfsGanesha.url(path));
    } finally {
      Files.deleteIfExists(local);
    }
  }

  private static GaneshaServer.Result cat(String path) {
    return GaneshaServer.nfs("nfs-cat", CephNfsGanesha.url(path));
  }

  private static List<String> ls(String path) {
    GaneshaServer.Result r = GaneshaServer.nfs("nfs-ls", CephNfsGanesha.url(path));
    assertEquals(0, r.status(), "nfs-ls " + path + ": " + r.err());
    // nfs-ls prints one entry per line, the name last
    return Arrays.stream(r.out().split("\n"))
        .map(String::strip)
        .filter(l -> !l.isEmpty())
        .map(l -> l.substring(l.lastIndexOf(' ') + 1))
        .toList();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void nfsShare_writeSnapshotAndClone_overNfs_snapshotReadableUnderDotSnap() throws Exception {
    Api api = Api.admin();
    String type = nfsType(api);
    String share = share(api, Map.of("share_type", type));
    String path = exportPath(api, share);
    GaneshaServer.Result before = cat(path + "/hello.txt");
    assertNotEquals(0, before.status(), "served without a rule: " + before.out());

    awaitActive(api, share, allow(api, share, "127.0.0.1", "rw"));
    GaneshaServer.Result written = put("v1\n", path + "/hello.txt");
    assertEquals(0, written.status(), written.err());
    assertEquals("v1\n", cat(path + "/hello.txt").out());

    String snap = api.snapshot(share, "over-nfs");
    assertEquals(0, put("later\n", path + "/after.txt").status());
    // Ceph shows the subvolume snapshot in the share's directory as _<snapshot name>_<inode>
    String entry =
        ls(path + "/.snap").stream()
            .filter(n -> n.startsWith("_" + snap + "_"))
            .findFirst()
            .orElseThrow(
                () -> new AssertionError("no snapshot under .snap: " + ls(path + "/.snap")));
    assertEquals("v1\n", cat(path + "/.snap/" + entry + "/hello.txt").out());
    assertFalse(ls(path + "/.snap/" + entry).contains("after.txt"));

    String clone = share(api, Map.of("share_type", type, "snapshot_id", snap));
    String clonePath = exportPath(api, clone);
    assertNotEquals(path, clonePath);
    GaneshaServer.Result unexported = cat(clonePath + "/hello.txt");
    assertNotEquals(0, unexported.status(), "the clone was served without a rule");
    awaitActive(api, clone, allow(api, clone, "127.0.0.1", "ro"));
    assertEquals("v1\n", cat(clonePath + "/hello.txt").out());
    GaneshaServer.Result refused = put("no\n", clonePath + "/x.txt");
    assertNotEquals(0, refused.status(), "a read-only rule let a client write");

    api.req().delete(api.url("/shares/" + clone)).then().statusCode(202);
    api.awaitGone("/shares/" + clone);
    assertNotEquals(0, cat(clonePath + "/hello.txt").status(), "a deleted share is still served");
    CephCluster.Outcome auth = CephCluster.cephOutcome("auth", "get", "client.ganesha-" + clone);
    assertNotEquals(0, auth.exit(), "Ganesha's id outlived its share: " + auth.output());
    api.req().delete(api.url("/snapshots/" + snap)).then().statusCode(202);
    api.awaitGone("/snapshots/" + snap);
    api.req().delete(api.url("/shares/" + share)).then().statusCode(202);
    api.awaitGone("/shares/" + share);
    String left =
        CephCluster.ceph(
            "fs", "subvolume", "ls", CephCluster.fsName(), "--group_name", "sharesnap");
    assertFalse(left.contains(share) || left.contains(clone), left);
  }

  @Test
  void denyAccess_removesThatClient_andTheLastRuleRemovesTheExport() throws Exception {
    Api api = Api.admin();
    String share = share(api, Map.of("share_type", nfsType(api)));
    String path = exportPath(api, share);
    api.json(
            Map.of(
                "allow_access",
                Map.of("access_type", "cephx", "access_to", "alice", "access_level", "rw")))
        .post(api.url("/shares/" + share + "/action"))
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("Invalid or unsupported share access type: cephx."));
    String local = allow(api, share, "127.0.0.1", "rw");
    String other = allow(api, share, "10.9.9.0/24", "ro");
    awaitActive(api, share, local);
    awaitActive(api, share, other);
    GaneshaServer.Result written = put("x\n", path + "/x.txt");
    assertEquals(0, written.status(), written.err());
    String caps = CephCluster.ceph("auth", "get", "client.ganesha-" + share);
    assertTrue(caps.contains("allow rw path=/volumes/sharesnap/" + share + "/"), caps);

    deny(api, share, local);
    awaitRule(api, share, local, r -> r == null);
    GaneshaServer.Result denied = cat(path + "/x.txt");
    assertNotEquals(0, denied.status(), "a denied client still reads: " + denied.out());
    assertTrue(
        CephCluster.cephOutcome("auth", "get", "client.ganesha-" + share).exit() == 0,
        "the export still serves 10.9.9.0/24, so Ganesha's id stays");

    deny(api, share, other);
    awaitRule(api, share, other, r -> r == null);
    CephCluster.Outcome auth = CephCluster.cephOutcome("auth", "get", "client.ganesha-" + share);
    assertNotEquals(0, auth.exit(), "no export left, yet Ganesha's id stays: " + auth.output());
    // the data stays: a new rule serves it again
    awaitActive(api, share, allow(api, share, "127.0.0.1", "ro"));
    assertEquals("x\n", cat(path + "/x.txt").out());
  }

  @Test
  void mountableSnapshotType_onCephfsNfs_findsNoHost() {
    Api api = Api.admin();
    String type =
        api.shareType(
            "cephnfs-mount",
            "share_backend_name",
            "cephfs",
            "snapshot_support",
            "True",
            "mount_snapshot_support",
            "True");
    api.json(Map.of("share", Map.of("share_proto", "NFS", "size", 1, "share_type", type)))
        .post(api.url("/shares"))
        .then()
        .statusCode(400)
        .body("badRequest.message", containsString("mount_snapshot_support"));
  }

  @Test
  void cephfsProtocolShare_onTheNfsModeBackend_findsNoHost() {
    Api api = Api.admin();
    api.json(
            Map.of("share", Map.of("share_proto", "CEPHFS", "size", 1, "share_type", nfsType(api))))
        .post(api.url("/shares"))
        .then()
        .statusCode(400)
        .body("badRequest.message", containsString("does not export CEPHFS"));
  }
}
