package dev.sharesnap.driver.nfs;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharesnap.support.Api;
import dev.sharesnap.support.GaneshaServer;
import dev.sharesnap.support.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Share and snapshot access rules through the HTTP API, served by a real NFS-Ganesha ({@link
 * GaneshaServer}) and checked from the client side with libnfs over NFSv4, without mounting.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@WithTestResource(GaneshaServer.class)
class NfsExportTest {

  @BeforeEach
  void ganeshaIsThere() {
    Assumptions.assumeTrue(
        GaneshaServer.skipReason() == null,
        () -> "Ganesha tests skipped: " + GaneshaServer.skipReason());
  }

  private static String mountableShare(Api api) {
    String type =
        api.shareType("ganesha", "snapshot_support", "True", "mount_snapshot_support", "True");
    return api.share(type, 1);
  }

  private static Path shareDir(String id) {
    return Path.of("target", "test-nfs", "shares", id);
  }

  private static GaneshaServer.Result cat(String path) {
    return GaneshaServer.nfs("nfs-cat", GaneshaServer.url(path));
  }

  private static GaneshaServer.Result put(String content, String path) throws Exception {
    Path local = Files.createTempFile("nfs-export-test", ".txt");
    Files.writeString(local, content);
    return GaneshaServer.nfs("nfs-cp", local.toString(), GaneshaServer.url(path));
  }

  private static Response allow(Api api, String share, String to, String level) {
    return api.json(
            Map.of(
                "allow_access",
                Map.of("access_type", "ip", "access_to", to, "access_level", level)))
        .post(api.url("/shares/" + share + "/action"));
  }

  private static Response accessList(Api api, String share) {
    return api.json(Map.of("access_list", Map.of())).post(api.url("/shares/" + share + "/action"));
  }

  @Test
  void allowAccess_thenDenyAccess_servesTheShareTo127001OnlyWhileTheRuleLives() throws Exception {
    Api api = Api.admin();
    String share = mountableShare(api);
    api.req()
        .get(api.url("/shares/" + share + "/export_locations"))
        .then()
        .statusCode(200)
        .body("export_locations[0].path", equalTo("127.0.0.1:/shares/" + share));
    Files.writeString(shareDir(share).resolve("hello.txt"), "hello from the share\n");
    assertRefused(cat("/shares/" + share + "/hello.txt"));

    String rule =
        allow(api, share, "127.0.0.1", "rw")
            .then()
            .statusCode(200)
            .body("access.share_id", equalTo(share))
            .body("access.access_to", equalTo("127.0.0.1"))
            .body("access.access_level", equalTo("rw"))
            .body("access.state", equalTo("queued_to_apply"))
            .extract()
            .path("access.id");
    await(() -> accessList(api, share), r -> "active".equals(r.path("access_list[0].state")));

    GaneshaServer.Result read = cat("/shares/" + share + "/hello.txt");
    assertEquals(0, read.status(), read.err());
    assertEquals("hello from the share\n", read.out());
    GaneshaServer.Result write = put("written over NFS\n", "/shares/" + share + "/new.txt");
    assertEquals(0, write.status(), write.err());
    assertEquals("written over NFS\n", Files.readString(shareDir(share).resolve("new.txt")));

    api.json(Map.of("deny_access", Map.of("access_id", rule)))
        .post(api.url("/shares/" + share + "/action"))
        .then()
        .statusCode(202);
    await(() -> accessList(api, share), r -> ((List<?>) r.path("access_list")).isEmpty());
    assertRefused(cat("/shares/" + share + "/hello.txt"));
  }

  @Test
  void allowAccess_readOnly_servesReadsAndRefusesWrites() throws Exception {
    Api api = Api.admin();
    String share = mountableShare(api);
    Files.writeString(shareDir(share).resolve("ro.txt"), "read me\n");
    allow(api, share, "127.0.0.0/8", "ro").then().statusCode(200);
    await(() -> accessList(api, share), r -> "active".equals(r.path("access_list[0].state")));

    assertEquals("read me\n", cat("/shares/" + share + "/ro.txt").out());
    GaneshaServer.Result write = put("no\n", "/shares/" + share + "/x.txt");
    assertNotEquals(0, write.status());
    assertTrue(write.err().contains("NFS4ERR_ROFS"), write.err());
  }

  @Test
  void allowCephx_onAnNfsShare_isManilasInvalidAccessType() {
    Api api = Api.admin();
    String share = mountableShare(api);
    api.json(Map.of("allow_access", Map.of("access_type", "cephx", "access_to", "alice")))
        .post(api.url("/shares/" + share + "/action"))
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("Invalid or unsupported share access type: cephx."));
  }

  @Test
  void allowAccess_forAnotherNetworkOnly_doesNotServe127001() throws Exception {
    Api api = Api.admin();
    String share = mountableShare(api);
    Files.writeString(shareDir(share).resolve("f.txt"), "x\n");
    allow(api, share, "10.20.0.0/16", "rw").then().statusCode(200);
    await(() -> accessList(api, share), r -> "active".equals(r.path("access_list[0].state")));
    assertRefused(cat("/shares/" + share + "/f.txt"));
  }

  @Test
  void snapshotAccess_servesTheSnapshotContentReadOnly_untilDenied() throws Exception {
    Api api = Api.admin();
    String share = mountableShare(api);
    Files.writeString(shareDir(share).resolve("data.txt"), "at snapshot time\n");
    String snap = api.snapshot(share, "s1");
    Files.writeString(shareDir(share).resolve("data.txt"), "changed later\n");

    String path = "127.0.0.1:/snapshots/" + snap;
    String elId =
        api.req()
            .get(api.url("/snapshots/" + snap + "/export-locations"))
            .then()
            .statusCode(200)
            .body("share_snapshot_export_locations", hasSize(1))
            .body("share_snapshot_export_locations[0].path", equalTo(path))
            .body("share_snapshot_export_locations[0].is_admin_only", equalTo(false))
            .extract()
            .path("share_snapshot_export_locations[0].id");
    api.req()
        .get(api.url("/snapshots/" + snap + "/export-locations/" + elId))
        .then()
        .statusCode(200)
        .body("share_snapshot_export_location.path", equalTo(path));
    // the admin snapshot-instances API shows the same location (each snapshot has one instance)
    api.req()
        .get(api.url("/snapshot-instances/" + snap + "/export-locations"))
        .then()
        .statusCode(200)
        .body("share_snapshot_export_locations.id", contains(elId))
        .body("share_snapshot_export_locations[0].share_snapshot_instance_id", equalTo(snap));
    api.req()
        .get(api.url("/snapshot-instances/" + snap + "/export-locations/" + elId))
        .then()
        .statusCode(200)
        .body("share_snapshot_export_location.path", equalTo(path))
        .body("share_snapshot_export_location.created_at", notNullValue());

    String action = api.url("/snapshots/" + snap + "/action");
    String rule =
        api.json(Map.of("allow_access", Map.of("access_type", "ip", "access_to", "127.0.0.1")))
            .post(action)
            .then()
            .statusCode(202)
            .body("snapshot_access.access_to", equalTo("127.0.0.1"))
            .body("snapshot_access.state", equalTo("queued_to_apply"))
            .extract()
            .path("snapshot_access.id");
    String list = api.url("/snapshots/" + snap + "/access-list");
    await(() -> api.req().get(list), r -> "active".equals(r.path("snapshot_access_list[0].state")));

    GaneshaServer.Result read = cat("/snapshots/" + snap + "/data.txt");
    assertEquals(0, read.status(), read.err());
    assertEquals("at snapshot time\n", read.out());
    GaneshaServer.Result write = put("no\n", "/snapshots/" + snap + "/x.txt");
    assertNotEquals(0, write.status());
    assertTrue(write.err().contains("NFS4ERR_ROFS"), write.err());

    api.json(Map.of("deny_access", Map.of("access_id", rule))).post(action).then().statusCode(202);
    await(() -> api.req().get(list), r -> ((List<?>) r.path("snapshot_access_list")).isEmpty());
    assertRefused(cat("/snapshots/" + snap + "/data.txt"));
  }

  @Test
  void shareDelete_removesItsExport() throws Exception {
    Api api = Api.admin();
    String share = mountableShare(api);
    Files.writeString(shareDir(share).resolve("f.txt"), "x\n");
    allow(api, share, "127.0.0.1", "rw").then().statusCode(200);
    await(() -> accessList(api, share), r -> "active".equals(r.path("access_list[0].state")));
    assertEquals(0, cat("/shares/" + share + "/f.txt").status());

    api.req().delete(api.url("/shares/" + share)).then().statusCode(202);
    api.awaitGone("/shares/" + share);
    GaneshaServer.Result ls = GaneshaServer.nfs("nfs-ls", GaneshaServer.url("/shares/" + share));
    assertNotEquals(0, ls.status(), ls.out());
    assertTrue(ls.err().contains("NFS4ERR_NOENT"), ls.err());
  }

  @Test
  void allowAccess_badInput_isManilasBadRequest() {
    Api api = Api.admin();
    String share = mountableShare(api);
    String action = api.url("/shares/" + share + "/action");
    allow(api, share, "1.2.3.256", "rw")
        .then()
        .statusCode(400)
        .body(
            "badRequest.message",
            equalTo("'1.2.3.256' does not appear to be an IPv4 or IPv6 network"));
    allow(api, share, "1.2.3.4/24", "rw")
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("1.2.3.4/24 has host bits set"));
    allow(api, share, "10.0.0.1", "admin")
        .then()
        .statusCode(400)
        .body(
            "badRequest.message",
            equalTo("Invalid access rule: Invalid share access level: admin."));
    api.at("2.37")
        .json(Map.of("allow_access", Map.of("access_type", "ip", "access_to", "::1")))
        .post(action)
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("'::1' does not appear to be an IPv4 network"));
    api.json(Map.of("allow_access", Map.of("access_type", "user", "access_to", "alice")))
        .post(action)
        .then()
        .statusCode(400);
    api.json(Map.of("allow_access", Map.of("access_type", "ip")))
        .post(action)
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("Required parameter access_to not found."));

    allow(api, share, "10.0.0.1", "rw").then().statusCode(200);
    // the same network written differently is the same rule, as in Manila
    allow(api, share, "10.0.0.1/32", "ro")
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("Share access ip:10.0.0.1/32 exists."));
    api.json(Map.of("deny_access", Map.of("access_id", java.util.UUID.randomUUID().toString())))
        .post(action)
        .then()
        .statusCode(404);
    api.reader().json(Map.of("allow_access", Map.of())).post(action).then().statusCode(403);
  }

  @Test
  void shareAccessRules_route_listsAndShowsRules_from245() {
    Api api = Api.admin();
    String share = mountableShare(api);
    String rule =
        api.json(
                Map.of(
                    "allow_access",
                    Map.of(
                        "access_type",
                        "ip",
                        "access_to",
                        "10.1.0.0/16",
                        "metadata",
                        Map.of("purpose", "csi"))))
            .post(api.url("/shares/" + share + "/action"))
            .then()
            .statusCode(200)
            .body("access.metadata.purpose", equalTo("csi"))
            .extract()
            .path("access.id");
    api.req()
        .get(api.url("/share-access-rules?share_id=" + share))
        .then()
        .statusCode(200)
        .body("access_list", hasSize(1))
        .body("access_list[0].id", equalTo(rule))
        .body("access_list[0].access_level", equalTo("rw"))
        .body("access_list[0].metadata.purpose", equalTo("csi"));
    api.req()
        .get(api.url("/share-access-rules/" + rule))
        .then()
        .statusCode(200)
        .body("access.share_id", equalTo(share));
    api.req().get(api.url("/share-access-rules")).then().statusCode(400);
    api.at("2.44")
        .req()
        .get(api.url("/share-access-rules?share_id=" + share))
        .then()
        .statusCode(404);
    Api.admin().member().req().get("/v2/share-access-rules/" + rule).then().statusCode(404);
    // the CSI driver's calls at 2.37: access_list action, rules without metadata
    api.at("2.37")
        .json(Map.of("access_list", Map.of()))
        .post(api.url("/shares/" + share + "/action"))
        .then()
        .statusCode(200)
        .body("access_list[0].access_to", equalTo("10.1.0.0/16"));
  }

  @Test
  void snapshotAccess_badInput_isManilasBadRequest() {
    Api api = Api.admin();
    String share = mountableShare(api);
    String snap = api.snapshot(share, "s");
    String action = api.url("/snapshots/" + snap + "/action");
    api.json(Map.of("allow_access", Map.of("access_type", "ip", "access_to", "300.1.1.1")))
        .post(action)
        .then()
        .statusCode(400)
        .body(
            "badRequest.message",
            equalTo("'300.1.1.1' does not appear to be an IPv4 or IPv6 network"));
    api.json(Map.of("allow_access", Map.of("access_type", "cephx", "access_to", "alice")))
        .post(action)
        .then()
        .statusCode(400)
        .body(
            "badRequest.message",
            equalTo("Only 'ip', 'user' or 'cert' access types are supported."));
    api.json(Map.of("allow_access", Map.of("access_type", "ip", "access_to", "10.0.0.7")))
        .post(action)
        .then()
        .statusCode(202);
    api.json(Map.of("allow_access", Map.of("access_type", "ip", "access_to", "10.0.0.7/32")))
        .post(action)
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("Share snapshot access ip:10.0.0.7/32 exists."));
    api.json(Map.of("deny_access", Map.of("access_id", java.util.UUID.randomUUID().toString())))
        .post(action)
        .then()
        .statusCode(404);
  }

  @Test
  void snapshotOfShareWithoutMountSupport_hasNoExportAndRefusesRules() {
    Api api = Api.admin();
    String share = api.share(api.shareType("plain", "snapshot_support", "True"), 1);
    String snap = api.snapshot(share, "s");
    api.req()
        .get(api.url("/snapshots/" + snap + "/export-locations"))
        .then()
        .statusCode(200)
        .body("share_snapshot_export_locations", hasSize(0));
    api.json(Map.of("allow_access", Map.of("access_type", "ip", "access_to", "10.0.0.1")))
        .post(api.url("/snapshots/" + snap + "/action"))
        .then()
        .statusCode(400)
        .body(
            "badRequest.message",
            equalTo(
                "Cannot control access to the snapshot "
                    + snap
                    + " since the parent share "
                    + share
                    + " does not support mounting its snapshots."));
  }

  /**
   * The real manila CLI (2.72: allow through the share action, list through
   * /share-access-rules?share_id=) grants 127.0.0.1, which can then read the share over NFS.
   */
  @Test
  void manilaCli_accessAllowAndAccessList_grantNfsAccess() throws Exception {
    boolean installed = Files.isExecutable(Path.of("/usr/bin/manila"));
    if (!installed && "1".equals(System.getenv("SHARESNAP_REQUIRE_CLIENTS"))) {
      throw new IllegalStateException("manila is not installed but SHARESNAP_REQUIRE_CLIENTS=1");
    }
    Assumptions.assumeTrue(installed, "the manila CLI is not installed");
    Api api = Api.admin();
    String share = mountableShare(api);
    Files.writeString(shareDir(share).resolve("cli.txt"), "via the manila CLI\n");

    GaneshaServer.Result allowed =
        manila(api, "access-allow", share, "ip", "127.0.0.1", "--access-level", "rw");
    assertEquals(0, allowed.status(), allowed.err() + allowed.out());
    assertTrue(allowed.out().contains("127.0.0.1"), allowed.out());
    await(() -> accessList(api, share), r -> "active".equals(r.path("access_list[0].state")));
    GaneshaServer.Result listed = manila(api, "access-list", share);
    assertEquals(0, listed.status(), listed.err() + listed.out());
    assertTrue(listed.out().contains("127.0.0.1") && listed.out().contains("active"), listed.out());

    assertEquals("via the manila CLI\n", cat("/shares/" + share + "/cli.txt").out());
  }

  private static GaneshaServer.Result manila(Api api, String... args) {
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of(
                "manila",
                "--os-token",
                api.user + ":" + api.project,
                "--bypass-url",
                "http://127.0.0.1:" + io.restassured.RestAssured.port + "/v2/" + api.project));
    cmd.addAll(List.of(args));
    return GaneshaServer.nfs(cmd.toArray(new String[0]));
  }

  /** The server answered and refused (an NFS error), rather than the call timing out. */
  private static void assertRefused(GaneshaServer.Result r) {
    assertNotEquals(0, r.status(), r.out());
    assertTrue(r.err().contains("NFS4ERR_"), r.err());
  }

  private static void await(java.util.function.Supplier<Response> call, Predicate<Response> done) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Response last = null;
    while (System.nanoTime() < deadline) {
      last = call.get();
      if (last.statusCode() == 200 && done.test(last)) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("condition never met; last answer: " + last.asString());
  }
}
