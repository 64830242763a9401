package dev.sharesnap.api;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharesnap.driver.nfs.NfsDriver;
import dev.sharesnap.support.Api;
import dev.sharesnap.support.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Share group types, share groups and share group snapshots through the HTTP API, on real NFS. */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class ShareGroupTest {

  @Inject NfsDriver nfs;

  @Test
  void groupType_createListShowDelete_asManila() {
    Api admin = Api.admin();
    String defaultType = defaultTypeId(admin);
    String name = "gt-" + admin.project;
    Map<String, Object> created =
        admin
            .json(
                Map.of(
                    "share_group_type",
                    Map.of(
                        "name", name,
                        "share_types", List.of("default"),
                        "group_specs", Map.of("consistent_snapshot_support", "host"))))
            .post(admin.url("/share-group-types"))
            .then()
            .statusCode(200)
            .body("share_group_type.share_types", equalTo(List.of(defaultType)))
            .body("share_group_type.is_default", equalTo(false))
            .extract()
            .path("share_group_type");
    assertEquals(
        List.of("id", "name", "is_public", "group_specs", "share_types", "is_default"),
        List.copyOf(created.keySet()));
    String id = (String) created.get("id");
    admin
        .req()
        .get(admin.url("/share-group-types"))
        .then()
        .statusCode(200)
        .body("share_group_types.find { it.id == '" + id + "' }.name", equalTo(name));
    admin
        .at("2.45")
        .json(Map.of("share_group_type", Map.of("name", name, "share_types", List.of("default"))))
        .header("X-OpenStack-Manila-API-Experimental", "true")
        .post(admin.url("/share-group-types"))
        .then()
        .statusCode(409)
        .body(
            "conflictingRequest.message", equalTo("Share group type " + name + " already exists."));
    admin.req().delete(admin.url("/share-group-types/" + id)).then().statusCode(204);
    admin
        .req()
        .get(admin.url("/share-group-types/" + id))
        .then()
        .statusCode(404)
        .body("itemNotFound.message", equalTo("Share group type with id " + id + " not found."));
  }

  @Test
  void groupSpecsAndAccess_ofAPrivateType() {
    Api admin = Api.admin();
    String id =
        admin
            .json(
                Map.of(
                    "share_group_type",
                    Map.of(
                        "name",
                        "private-" + admin.project,
                        "share_types",
                        List.of("default"),
                        "is_public",
                        false)))
            .post(admin.url("/share-group-types"))
            .then()
            .statusCode(200)
            .extract()
            .path("share_group_type.id");
    String specs = admin.url("/share-group-types/" + id + "/group-specs");
    admin.json(Map.of("group_specs", Map.of("k", "v"))).post(specs).then().statusCode(200);
    admin.req().get(specs + "/k").then().statusCode(200).body("k", equalTo("v"));
    admin.req().delete(specs + "/k").then().statusCode(204);
    admin
        .req()
        .get(specs + "/k")
        .then()
        .statusCode(404)
        .body(
            "itemNotFound.message",
            equalTo("Share group type " + id + " has no group specs with key k."));
    Api other = Api.admin().member();
    String list = other.url("/share-group-types");
    other
        .req()
        .get(list)
        .then()
        .body("share_group_types.findAll { it.id == '" + id + "' }", hasSize(0));
    String action = admin.url("/share-group-types/" + id + "/action");
    admin
        .json(Map.of("addProjectAccess", Map.of("project", other.project)))
        .post(action)
        .then()
        .statusCode(202);
    admin
        .json(Map.of("addProjectAccess", Map.of("project", other.project)))
        .post(action)
        .then()
        .statusCode(409);
    admin
        .req()
        .get(admin.url("/share-group-types/" + id + "/access"))
        .then()
        .statusCode(200)
        .body("share_group_type_access[0].project_id", equalTo(other.project));
    other
        .req()
        .get(list)
        .then()
        .body("share_group_types.findAll { it.id == '" + id + "' }", hasSize(1));
    admin
        .json(Map.of("removeProjectAccess", Map.of("project", "not-a-uuid")))
        .post(action)
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("Project value (not-a-uuid) must be in uuid format."));
  }

  @ParameterizedTest(name = "{0} experimental={1} -> {2}")
  @CsvSource({
    "2.30, true, 404",
    "2.31, false, 404",
    "2.31, true, 200",
    "2.54, false, 404",
    "2.54, true, 200",
    "2.55, false, 200",
    "2.73, false, 200"
  })
  void groupRoutes_before255_needTheExperimentalHeader(
      String version, boolean experimental, int status) {
    Api api = Api.admin().at(version);
    var req = api.req();
    if (experimental) {
      req = req.header("X-OpenStack-Manila-API-Experimental", "True");
    }
    var response = req.get(api.url("/share-groups")).then().statusCode(status);
    if (experimental && status == 200) {
      response.header("X-OpenStack-Manila-API-Experimental", "True");
    }
  }

  @Test
  void groupAndGroupSnapshot_lifecycle_onRealDirectories() throws Exception {
    Api admin = Api.admin();
    String groupType = groupType(admin);
    Api member = admin.member();
    String group = group(member, groupType);
    String a = shareInGroup(member, group);
    String b = shareInGroup(member, group);
    member
        .req()
        .get(member.url("/shares/" + a))
        .then()
        .body("share.share_group_id", equalTo(group));
    // the share list's share_group_id filter (2.31+) finds exactly the group's two shares
    shareInGroupless(member);
    member
        .req()
        .get(member.url("/shares/detail?share_group_id=" + group))
        .then()
        .body("shares.id", containsInAnyOrder(a, b));
    member
        .req()
        .get(member.url("/shares?share_group_id=not-a-uuid"))
        .then()
        .statusCode(200)
        .body("shares", hasSize(0));
    Files.writeString(nfs.root().resolve("shares").resolve(a).resolve("a.txt"), "alpha");
    Files.writeString(nfs.root().resolve("shares").resolve(b).resolve("b.txt"), "beta");

    String gs =
        member
            .json(Map.of("share_group_snapshot", Map.of("share_group_id", group, "name", "gs")))
            .post(member.url("/share-group-snapshots"))
            .then()
            .statusCode(202)
            .body("share_group_snapshot.status", equalTo("creating"))
            .body("share_group_snapshot.members", hasSize(2))
            .body("share_group_snapshot.links[1].href", containsString("/share_group_snapshot/"))
            .extract()
            .path("share_group_snapshot.id");
    member.awaitStatus("/share-group-snapshots/" + gs, "share_group_snapshot", "available");
    List<Map<String, Object>> members =
        member
            .req()
            .get(member.url("/share-group-snapshots/" + gs + "/members"))
            .then()
            .statusCode(200)
            .body("share_group_snapshot_members", hasSize(2))
            .extract()
            .path("share_group_snapshot_members");
    Map<String, Object> ofA =
        members.stream().filter(m -> a.equals(m.get("share_id"))).findFirst().orElseThrow();
    assertEquals(
        List.of(
            "id",
            "created_at",
            "size",
            "share_protocol",
            "project_id",
            "share_group_snapshot_id",
            "share_id"),
        List.copyOf(ofA.keySet()));
    Path copyOfA = nfs.root().resolve("snapshots").resolve((String) ofA.get("id"));
    assertEquals("alpha", Files.readString(copyOfA.resolve("a.txt")));
    // members are not plain snapshots
    member.req().get(member.url("/snapshots")).then().statusCode(200).body("snapshots", hasSize(0));

    // step 3: a share from a member
    String clone =
        member
            .json(
                Map.of(
                    "share", Map.of("share_proto", "NFS", "snapshot_id", ofA.get("id"), "size", 1)))
            .post(member.url("/shares"))
            .then()
            .statusCode(200)
            .body("share.source_share_group_snapshot_member_id", equalTo(ofA.get("id")))
            .extract()
            .path("share.id");
    member.awaitStatus("/shares/" + clone, "share", "available");
    assertEquals(
        "alpha", Files.readString(nfs.root().resolve("shares").resolve(clone).resolve("a.txt")));

    // a whole group from the group snapshot: one share per member, each from its member, available
    // together with the group
    String copyGroup =
        member
            .json(
                Map.of(
                    "share_group",
                    Map.of("source_share_group_snapshot_id", gs, "share_group_type_id", groupType)))
            .post(member.url("/share-groups"))
            .then()
            .statusCode(202)
            .body("share_group.status", equalTo("creating"))
            .body("share_group.source_share_group_snapshot_id", equalTo(gs))
            .extract()
            .path("share_group.id");
    member.awaitStatus("/share-groups/" + copyGroup, "share_group", "available");
    List<Map<String, Object>> copies =
        member
            .req()
            .get(member.url("/shares/detail?share_group_id=" + copyGroup))
            .then()
            .statusCode(200)
            .body("shares", hasSize(2))
            .body("shares.status", everyItem(equalTo("available")))
            .body(
                "shares.source_share_group_snapshot_member_id",
                containsInAnyOrder(members.stream().map(m -> m.get("id")).toArray()))
            .extract()
            .path("shares");
    Map<String, Object> copyOfAShare =
        copies.stream()
            .filter(c -> ofA.get("id").equals(c.get("source_share_group_snapshot_member_id")))
            .findFirst()
            .orElseThrow();
    assertEquals(
        "alpha",
        Files.readString(
            nfs.root()
                .resolve("shares")
                .resolve((String) copyOfAShare.get("id"))
                .resolve("a.txt")));
    for (Map<String, Object> c : copies) {
      member.req().delete(member.url("/shares/" + c.get("id"))).then().statusCode(202);
      member.awaitGone("/shares/" + c.get("id"));
    }
    member.req().delete(member.url("/share-groups/" + copyGroup)).then().statusCode(202);
    member.awaitGone("/share-groups/" + copyGroup);

    member
        .req()
        .delete(member.url("/share-groups/" + group))
        .then()
        .statusCode(409)
        .body(
            "conflictingRequest.message",
            equalTo("Invalid share group: Cannot delete a share group with snapshots"));
    member.req().delete(member.url("/share-group-snapshots/" + gs)).then().statusCode(202);
    member.awaitGone("/share-group-snapshots/" + gs);
    assertFalse(Files.exists(copyOfA));
    member
        .req()
        .delete(member.url("/share-groups/" + group))
        .then()
        .statusCode(409)
        .body(
            "conflictingRequest.message",
            equalTo("Invalid share group: Cannot delete a share group with shares"));
    for (String s : List.of(a, b, clone)) {
      member.req().delete(member.url("/shares/" + s)).then().statusCode(202);
      member.awaitGone("/shares/" + s);
    }
    member.req().delete(member.url("/share-groups/" + group)).then().statusCode(202);
    member.awaitGone("/share-groups/" + group);
  }

  @Test
  void groupSnapshot_whenAMemberFails_isErrorWithEveryMember() throws Exception {
    Api admin = Api.admin();
    String group = group(admin, groupType(admin));
    String a = shareInGroup(admin, group);
    String b = shareInGroup(admin, group);
    // the backend loses b's data: the driver cannot copy it
    Path dirB = nfs.root().resolve("shares").resolve(b);
    Files.delete(dirB);
    String gs =
        admin
            .json(Map.of("share_group_snapshot", Map.of("share_group_id", group)))
            .post(admin.url("/share-group-snapshots"))
            .then()
            .statusCode(202)
            .extract()
            .path("share_group_snapshot.id");
    admin.awaitStatus("/share-group-snapshots/" + gs, "share_group_snapshot", "error");
    List<String> ids =
        admin
            .req()
            .get(admin.url("/share-group-snapshots/" + gs + "/members"))
            .then()
            .extract()
            .path("share_group_snapshot_members.id");
    for (String m : ids) {
      // a member is no plain snapshot (404 there, as in Manila), and an errored one is no source
      admin.req().get(admin.url("/snapshots/" + m)).then().statusCode(404);
      admin
          .json(Map.of("share", Map.of("share_proto", "NFS", "snapshot_id", m)))
          .post(admin.url("/shares"))
          .then()
          .statusCode(400)
          .body(
              "badRequest.message", equalTo("Invalid share snapshot: status must be 'available'."));
    }
    Files.createDirectory(dirB);
    admin.req().delete(admin.url("/share-group-snapshots/" + gs)).then().statusCode(202);
    admin.awaitGone("/share-group-snapshots/" + gs);
    assertTrue(Files.isDirectory(nfs.root().resolve("shares").resolve(a)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "{}|'share_group' is missing from the request body.",
        "{\"share_group\": {\"foo\": 1}}|The fields {'foo'} are invalid.",
        "{\"share_group\": {\"share_types\": [\"x\"], \"share_group_type_id\": \"%T\"}}"
            + "|The 'share_types' attribute must be a list of uuids",
        "{\"share_group\": {\"share_group_type_id\": \"nope\"}}"
            + "|The 'share_group_type_id' attribute must be a uuid.",
        "{\"share_group\": {\"share_types\": []}}"
            + "|Must specify a share group type as a default share group type has not been"
            + " configured.",
        "{\"share_group\": {\"share_group_type_id\": \"%U\"}}"
            + "|Invalid input received: The specified share group type %U does not exist."
      })
  void groupCreate_badInput_is400WithManilasMessage(String body, String message) {
    Api admin = Api.admin();
    String type = groupType(admin);
    String unknown = UUID.randomUUID().toString();
    admin
        .req()
        .contentType("application/json")
        .body(body.replace("%T", type).replace("%U", unknown))
        .post(admin.url("/share-groups"))
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo(message.replace("%U", unknown)));
  }

  @Test
  void groupSnapshotCreate_badInput_is400_andAGroupNotAvailableIs409() {
    Api admin = Api.admin();
    admin
        .json(Map.of("share_group_snapshot", Map.of("name", "x")))
        .post(admin.url("/share-group-snapshots"))
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("Must supply 'share_group_id' attribute."));
    String unknown = UUID.randomUUID().toString();
    admin
        .json(Map.of("share_group_snapshot", Map.of("share_group_id", unknown)))
        .post(admin.url("/share-group-snapshots"))
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("Share group " + unknown + " could not be found."));
    String group = group(admin, groupType(admin));
    admin
        .json(Map.of("reset_status", Map.of("status", "error")))
        .post(admin.url("/share-groups/" + group + "/action"))
        .then()
        .statusCode(202);
    admin
        .json(Map.of("share_group_snapshot", Map.of("share_group_id", group)))
        .post(admin.url("/share-group-snapshots"))
        .then()
        .statusCode(409)
        .body(
            "conflictingRequest.message",
            equalTo("Invalid share group: Share group status must be available"));
    admin
        .json(Map.of("share_group", Map.of("share_group_type_id", "x", "size", 1)))
        .put(admin.url("/share-groups/" + group))
        .then()
        .statusCode(400)
        .body(
            "badRequest.message",
            equalTo(
                "The fields {'share_group_type_id', 'size'} are invalid or not allowed to be"
                    + " updated."));
    admin
        .json(Map.of("share_group", Map.of("name", "renamed")))
        .put(admin.url("/share-groups/" + group))
        .then()
        .statusCode(200)
        .body("share_group.name", equalTo("renamed"))
        .body("share_group.status", equalTo("error"));
    admin
        .json(Map.of("force_delete", Map.of()))
        .post(admin.url("/share-groups/" + group + "/action"))
        .then()
        .statusCode(202);
    admin.awaitGone("/share-groups/" + group);
  }

  @Test
  void policies_readersCannotCreate_membersCannotAdminister() {
    Api admin = Api.admin();
    String type = groupType(admin);
    Api member = admin.member();
    member
        .json(Map.of("share_group_type", Map.of("name", "x", "share_types", List.of("default"))))
        .post(member.url("/share-group-types"))
        .then()
        .statusCode(403);
    admin
        .reader()
        .json(Map.of("share_group", Map.of("share_group_type_id", type)))
        .post(admin.url("/share-groups"))
        .then()
        .statusCode(403);
    String group = group(member, type);
    member
        .json(Map.of("reset_status", Map.of("status", "error")))
        .post(member.url("/share-groups/" + group + "/action"))
        .then()
        .statusCode(403);
    // another project's group does not exist for a member
    Api stranger = Api.admin().member();
    stranger.req().get(stranger.url("/share-groups/" + group)).then().statusCode(404);
    member
        .req()
        .get(member.url("/share-groups/" + group))
        .then()
        .statusCode(200)
        .body("share_group.share_server_id", nullValue());
  }

  @Test
  void quota_shareGroupsAndGroupSnapshots_areCountedAndLimited() {
    Api admin = Api.admin();
    String type = groupType(admin);
    admin
        .json(Map.of("quota_set", Map.of("share_groups", 1, "share_group_snapshots", 1)))
        .put(admin.url("/quota-sets/" + admin.project))
        .then()
        .statusCode(200);
    String group = group(admin, type);
    admin
        .json(Map.of("share_group", Map.of("share_group_type_id", type)))
        .post(admin.url("/share-groups"))
        .then()
        .statusCode(413)
        .body(
            "overLimit.message",
            equalTo(
                "ShareGroupsLimitExceeded: Maximum number of allowed share-groups is exceeded."));
    admin
        .req()
        .get(admin.url("/quota-sets/" + admin.project + "/detail"))
        .then()
        .statusCode(200)
        .body("quota_set.share_groups.in_use", equalTo(1));
    String gs = groupSnapshot(admin, group);
    admin
        .json(Map.of("share_group_snapshot", Map.of("share_group_id", group)))
        .post(admin.url("/share-group-snapshots"))
        .then()
        .statusCode(413);
    admin.req().delete(admin.url("/share-group-snapshots/" + gs)).then().statusCode(202);
    admin.awaitGone("/share-group-snapshots/" + gs);
    admin.req().delete(admin.url("/share-groups/" + group)).then().statusCode(202);
    admin.awaitGone("/share-groups/" + group);
    admin
        .req()
        .get(admin.url("/quota-sets/" + admin.project + "/detail"))
        .then()
        .body("quota_set.share_groups.in_use", equalTo(0))
        .body("quota_set.share_group_snapshots.in_use", equalTo(0));
  }

  /**
   * A group type asking for a consistent_snapshot_support no backend offers finds no host, as with
   * Manila's scheduler: the create is accepted and the group ends in error.
   */
  @Test
  void groupTypeWithAnUnmatchedConsistencySpec_endsInError() {
    Api admin = Api.admin();
    String type =
        admin
            .json(
                Map.of(
                    "share_group_type",
                    Map.of(
                        "name",
                        "gt-" + UUID.randomUUID(),
                        "share_types",
                        List.of(defaultTypeId(admin)),
                        "group_specs",
                        Map.of("consistent_snapshot_support", "fake"))))
            .post(admin.url("/share-group-types"))
            .then()
            .statusCode(200)
            .extract()
            .path("share_group_type.id");
    String id =
        admin
            .json(Map.of("share_group", Map.of("share_group_type_id", type)))
            .post(admin.url("/share-groups"))
            .then()
            .statusCode(202)
            .body("share_group.status", equalTo("creating"))
            .extract()
            .path("share_group.id");
    admin.awaitStatus("/share-groups/" + id, "share_group", "error");
    admin.req().delete(admin.url("/share-groups/" + id)).then().statusCode(202);
    admin.awaitGone("/share-groups/" + id);
  }

  private static String defaultTypeId(Api api) {
    return api.req()
        .get(api.url("/types/default"))
        .then()
        .statusCode(200)
        .extract()
        .path("share_type.id");
  }

  /** A public share group type holding the default share type. */
  static String groupType(Api admin) {
    return admin
        .json(
            Map.of(
                "share_group_type",
                Map.of(
                    "name",
                    "gt-" + UUID.randomUUID(),
                    "share_types",
                    List.of(defaultTypeId(admin)))))
        .post(admin.url("/share-group-types"))
        .then()
        .statusCode(200)
        .extract()
        .path("share_group_type.id");
  }

  /** An available share group of {@code type}. */
  static String group(Api api, String type) {
    String id =
        api.json(Map.of("share_group", Map.of("share_group_type_id", type, "name", "g")))
            .post(api.url("/share-groups"))
            .then()
            .statusCode(202)
            .body("share_group.status", equalTo("creating"))
            // Manila 15.1's links name the collection share_groups (its view's collection name)
            .body("share_group.links[0].href", containsString("/share_groups/"))
            .extract()
            .path("share_group.id");
    api.awaitStatus("/share-groups/" + id, "share_group", "available");
    return id;
  }

  /** An available NFS share in no group. */
  static String shareInGroupless(Api api) {
    return api.share("default", 1);
  }

  /** An available NFS share in {@code group}. */
  static String shareInGroup(Api api, String group) {
    String id =
        api.json(Map.of("share", Map.of("share_proto", "NFS", "size", 1, "share_group_id", group)))
            .post(api.url("/shares"))
            .then()
            .statusCode(200)
            .extract()
            .path("share.id");
    api.awaitStatus("/shares/" + id, "share", "available");
    return id;
  }

  static String groupSnapshot(Api api, String group) {
    String id =
        api.json(Map.of("share_group_snapshot", Map.of("share_group_id", group)))
            .post(api.url("/share-group-snapshots"))
            .then()
            .statusCode(202)
            .extract()
            .path("share_group_snapshot.id");
    api.awaitStatus("/share-group-snapshots/" + id, "share_group_snapshot", "available");
    return id;
  }
}
