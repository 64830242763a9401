package dev.sharesnap.api;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.sharesnap.support.Api;
import dev.sharesnap.support.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Admin share type routes as manila-tempest-plugin's share type tests drive them: delete, extra
 * specs, update (2.50+) and the access lists of private types.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class ShareTypeAdminTest {

  private static final String DENIED = "Access was denied to this resource.";

  /** Creates a type (DHSS False plus key1=value1) and returns its id. */
  private static String type(Api admin, String name, boolean isPublic) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name + "-" + admin.project);
    body.put("share_type_access:is_public", isPublic);
    body.put("extra_specs", Map.of("driver_handles_share_servers", false, "key1", "value1"));
    return admin
        .json(Map.of("share_type", body))
        .post(admin.url("/types"))
        .then()
        .statusCode(200)
        .extract()
        .path("share_type.id");
  }

  @Test
  void delete_unusedType_is202_thenGone_andUnknownIs404() {
    Api admin = Api.admin();
    String id = type(admin, "del", true);
    admin.req().delete(admin.url("/types/" + id)).then().statusCode(202);
    admin.req().get(admin.url("/types/" + id)).then().statusCode(404);
    admin
        .req()
        .delete(admin.url("/types/" + id))
        .then()
        .statusCode(404)
        .body("itemNotFound.message", equalTo("The resource could not be found."));
    admin.req().delete(admin.url("/types/fake-type")).then().statusCode(404);
  }

  @Test
  void delete_typeInUseByAShare_is400_untilTheShareIsGone() {
    Api admin = Api.admin();
    String id = type(admin, "used", true);
    String share = admin.share("used-" + admin.project, 1);
    admin
        .req()
        .delete(admin.url("/types/" + id))
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("Target share type is still in use."));
    admin.req().delete(admin.url("/shares/" + share)).then().statusCode(202);
    admin.awaitGone("/shares/" + share);
    admin.req().delete(admin.url("/types/" + id)).then().statusCode(202);
  }

  @Test
  void members_areDenied_everyAdminRoute_beforeAnyLookup() {
    Api member = Api.admin().member();
    String missing = UUID.randomUUID().toString();
    String base = "/types/" + missing;
    List.of(
            member.req().delete(member.url(base)),
            member
                .json(Map.of("extra_specs", Map.of("k", "v")))
                .post(member.url(base + "/extra_specs")),
            member.req().get(member.url(base + "/extra_specs/k")),
            member.json(Map.of("k", "v")).put(member.url(base + "/extra_specs/k")),
            member.req().delete(member.url(base + "/extra_specs/k")),
            member.json(Map.of("share_type", Map.of("name", "x"))).put(member.url(base)),
            member.req().get(member.url(base + "/share_type_access")),
            member
                .json(Map.of("addProjectAccess", Map.of("project", member.project)))
                .post(member.url(base + "/action")))
        .forEach(r -> r.then().statusCode(403).body("forbidden.message", equalTo(DENIED)));
  }

  @Test
  void extraSpecs_setShowUpdateDelete_roundTrip() {
    Api admin = Api.admin();
    String id = type(admin, "specs", true);
    String specs = admin.url("/types/" + id + "/extra_specs");
    admin
        .json(Map.of("extra_specs", Map.of("key2", "value2", "snapshot_support", true)))
        .post(specs)
        .then()
        .statusCode(200)
        .body("extra_specs.key2", equalTo("value2"))
        .body("extra_specs.snapshot_support", equalTo("True"));
    admin
        .req()
        .get(specs)
        .then()
        .statusCode(200)
        .body(
            "extra_specs",
            equalTo(
                Map.of(
                    "driver_handles_share_servers", "False",
                    "key1", "value1",
                    "key2", "value2",
                    "snapshot_support", "True")));
    admin
        .req()
        .get(specs + "/key1")
        .then()
        .statusCode(200)
        .body("", equalTo(Map.of("key1", "value1")));
    admin
        .json(Map.of("key1", "updated"))
        .put(specs + "/key1")
        .then()
        .statusCode(200)
        .body("", equalTo(Map.of("key1", "updated")));
    admin.req().get(specs + "/key1").then().body("key1", equalTo("updated"));
    admin.req().delete(specs + "/key1").then().statusCode(202);
    admin.req().get(specs + "/key1").then().statusCode(404);
    admin
        .req()
        .delete(specs + "/key1")
        .then()
        .statusCode(404)
        .body(
            "itemNotFound.message",
            equalTo("Share Type " + id + " has no extra specs with key key1."));
    // Shares created after a change get the new capability (snapshot_support True now).
    admin
        .req()
        .get(admin.url("/types/" + id))
        .then()
        .body("share_type.extra_specs.key1", nullValue());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"extra_specs\": \"\"}",
        "{\"extra_specs\": {\"\": \"value\"}}",
        "{\"extra_specs\": {\"key\": \"\"}}",
        "{\"extra_specs\": {\"key\": 5}}",
        "{\"extra_specs\": {\"driver_handles_share_servers\": \"maybe\"}}",
        "{\"extra_specs\": {\"snapshot_support\": \"sometimes\"}}",
        "{\"extra_specs\": {\"bad key!\": \"v\"}}",
        "{\"nothing\": {}}"
      })
  void extraSpecs_invalidBody_is400(String body) {
    Api admin = Api.admin();
    String id = type(admin, "bad", true);
    admin
        .req()
        .contentType("application/json")
        .body(body)
        .post(admin.url("/types/" + id + "/extra_specs"))
        .then()
        .statusCode(400)
        .body("badRequest.code", equalTo(400));
  }

  @Test
  void extraSpecs_tooLongKeyOrValue_is400_withManilasMessage() {
    Api admin = Api.admin();
    String id = type(admin, "long", true);
    String specs = admin.url("/types/" + id + "/extra_specs");
    admin
        .json(Map.of("extra_specs", Map.of("k".repeat(256), "v")))
        .post(specs)
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("Invalid extra_spec: " + "k".repeat(256) + ": v"));
    admin
        .json(Map.of("key1", "v".repeat(256)))
        .put(specs + "/key1")
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("Invalid extra_spec: key1: " + "v".repeat(256)));
    admin
        .json(Map.of("other", "v"))
        .put(specs + "/key1")
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("Request body and URI mismatch"));
    admin
        .json(Map.of("key1", "v", "key2", "w"))
        .put(specs + "/key1")
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("Request body contains too many items"));
  }

  @Test
  void extraSpecs_unknownTypeOrKey_is404() {
    Api admin = Api.admin();
    String missing = UUID.randomUUID().toString();
    admin
        .json(Map.of("extra_specs", Map.of("key1", "value1")))
        .post(admin.url("/types/" + missing + "/extra_specs"))
        .then()
        .statusCode(404)
        .body("itemNotFound.message", equalTo("Share type " + missing + " could not be found."));
    admin.json(Map.of("k", "v")).put(admin.url("/types/fake/extra_specs/k")).then().statusCode(404);
    admin.req().delete(admin.url("/types/fake/extra_specs/k")).then().statusCode(404);
    String id = type(admin, "nokey", true);
    admin.req().get(admin.url("/types/" + id + "/extra_specs/fake")).then().statusCode(404);
  }

  @Test
  void deleteRequiredSpec_isForbidden_andSnapshotSupportOnlyBefore224() {
    Api admin = Api.admin();
    String id = type(admin, "req", true);
    String specs = admin.url("/types/" + id + "/extra_specs");
    admin
        .req()
        .delete(specs + "/driver_handles_share_servers")
        .then()
        .statusCode(403)
        .body(
            "forbidden.message",
            equalTo("Extra spec 'driver_handles_share_servers' can't be deleted."));
    admin
        .json(Map.of("snapshot_support", "True"))
        .put(specs + "/snapshot_support")
        .then()
        .statusCode(200);
    for (String v : List.of("2.0", "2.23")) {
      Api old = admin.at(v);
      old.req()
          .delete(specs + "/snapshot_support")
          .then()
          .statusCode(403)
          .body("forbidden.message", equalTo("Extra spec 'snapshot_support' can't be deleted."));
    }
    admin.at("2.24").req().delete(specs + "/snapshot_support").then().statusCode(202);
    admin.req().get(specs).then().body("extra_specs.snapshot_support", nullValue());
  }

  @Test
  void update_from250_changesNameDescriptionAndVisibility() {
    Api admin = Api.admin();
    String id = type(admin, "upd", true);
    String url = admin.url("/types/" + id);
    admin
        .at("2.49")
        .json(Map.of("share_type", Map.of("name", "x")))
        .put(url)
        .then()
        .statusCode(404);
    String renamed = "renamed-" + admin.project;
    Map<String, Object> change = new LinkedHashMap<>();
    change.put("name", renamed);
    change.put("description", "described");
    change.put("share_type_access:is_public", false);
    admin
        .at("2.50")
        .json(Map.of("share_type", change))
        .put(url)
        .then()
        .statusCode(200)
        .body("share_type.name", equalTo(renamed))
        .body("share_type.description", equalTo("described"))
        .body("share_type.'share_type_access:is_public'", equalTo(false))
        .body("volume_type.name", equalTo(renamed));
    admin
        .json(Map.of("share_type", Map.of("description", "")))
        .put(url)
        .then()
        .statusCode(200)
        .body("share_type.description", nullValue())
        .body("share_type.name", equalTo(renamed));
  }

  @Test
  void update_invalidOrTakenName_isAFault() {
    Api admin = Api.admin();
    String id = type(admin, "upd2", true);
    String other = type(admin, "upd3", true);
    String url = admin.url("/types/" + id);
    admin
        .json(Map.of("share_type", Map.of()))
        .put(url)
        .then()
        .statusCode(400)
        .body(
            "badRequest.message",
            equalTo(
                "Specify share type name, description, share_type_access:is_public or a"
                    + " combination thereof."));
    admin
        .json(Map.of("share_type", Map.of("name", " ")))
        .put(url)
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("Share type name cannot be empty."));
    admin
        .json(Map.of("share_type", Map.of("share_type_access:is_public", "maybe")))
        .put(url)
        .then()
        .statusCode(400)
        .body(
            "badRequest.message", equalTo("share_type_access:is_public has a non-boolean value."));
    String taken = admin.req().get(admin.url("/types/" + other)).path("share_type.name");
    admin
        .json(Map.of("share_type", Map.of("name", taken)))
        .put(url)
        .then()
        .statusCode(409)
        .body("conflictingRequest.message", equalTo("Share Type " + taken + " already exists."));
    admin
        .json(Map.of("share_type", Map.of("name", "n")))
        .put(admin.url("/types/" + UUID.randomUUID()))
        .then()
        .statusCode(404);
  }

  @Test
  void privateType_accessList_grantsAndRevokesAProject() {
    Api admin = Api.admin();
    String id = type(admin, "priv", false);
    Api member = Api.admin().member();
    String accessUrl = admin.url("/types/" + id + "/share_type_access");
    String action = admin.url("/types/" + id + "/action");

    member.req().get(member.url("/types")).then().body("share_types.id", not(hasItem(id)));
    member.req().get(member.url("/types/" + id)).then().statusCode(404);
    admin.req().get(accessUrl).then().statusCode(200).body("share_type_access", hasSize(0));

    admin
        .json(Map.of("addProjectAccess", Map.of("project", member.project)))
        .post(action)
        .then()
        .statusCode(202);
    member.req().get(member.url("/types")).then().body("share_types.id", hasItem(id));
    member.req().get(member.url("/types/" + id)).then().statusCode(200);
    member.share("priv-" + admin.project, 1);
    admin
        .req()
        .get(accessUrl)
        .then()
        .body(
            "share_type_access",
            equalTo(List.of(Map.of("share_type_id", id, "project_id", member.project))));
    admin
        .at("2.6")
        .req()
        .get(admin.url("/types/" + id + "/os-share-type-access"))
        .then()
        .statusCode(200)
        .body("share_type_access", hasSize(1));
    admin.at("2.6").req().get(accessUrl).then().statusCode(404);
    admin.req().get(admin.url("/types/" + id + "/os-share-type-access")).then().statusCode(404);
    admin
        .json(Map.of("addProjectAccess", Map.of("project", member.project)))
        .post(action)
        .then()
        .statusCode(409);

    admin
        .json(Map.of("removeProjectAccess", Map.of("project", member.project)))
        .post(action)
        .then()
        .statusCode(202);
    member.req().get(member.url("/types")).then().body("share_types.id", not(hasItem(id)));
    member
        .json(
            Map.of(
                "share",
                Map.of("share_proto", "NFS", "size", 1, "share_type", "priv-" + admin.project)))
        .post(member.url("/shares"))
        .then()
        .statusCode(404);
    admin.req().get(accessUrl).then().body("share_type_access", hasSize(0));
    admin
        .json(Map.of("removeProjectAccess", Map.of("project", member.project)))
        .post(action)
        .then()
        .statusCode(404)
        .body(
            "itemNotFound.message",
            equalTo(
                "Share type access not found for "
                    + id
                    + " / "
                    + member.project
                    + " combination."));
  }

  @Test
  void adminsDefaultList_addsThePrivateTypesSharedWithTheirProject() {
    Api admin = Api.admin();
    String id = type(admin, "mine", false);
    admin.req().get(admin.url("/types")).then().body("share_types.id", not(hasItem(id)));
    admin
        .json(Map.of("addProjectAccess", Map.of("project", admin.project)))
        .post(admin.url("/types/" + id + "/action"))
        .then()
        .statusCode(202);
    admin.req().get(admin.url("/types")).then().body("share_types.id", hasItem(id));
    admin.req().get(admin.url("/types?is_public=false")).then().body("share_types.id", hasItem(id));
  }

  @Test
  void extraSpecWithAnEmptyKey_is404_notTheList() {
    Api admin = Api.admin();
    String id = type(admin, "emptykey", true);
    admin.req().get(admin.url("/types/" + id + "/extra_specs/")).then().statusCode(404);
    admin.req().get(admin.url("/types/" + id + "/extra_specs")).then().statusCode(200);
  }

  @Test
  void publicType_hasNoAccessList_andBadProjectsAre400() {
    Api admin = Api.admin();
    String id = type(admin, "pub", true);
    String action = admin.url("/types/" + id + "/action");
    admin
        .req()
        .get(admin.url("/types/" + id + "/share_type_access"))
        .then()
        .statusCode(404)
        .body("itemNotFound.message", equalTo("Access list not available for public share types."));
    admin
        .json(Map.of("addProjectAccess", Map.of("project", admin.project)))
        .post(action)
        .then()
        .statusCode(409)
        .body(
            "conflictingRequest.message",
            equalTo("Type access modification is not applicable to public share type."));
    admin
        .json(Map.of("addProjectAccess", Map.of("project", "not a project")))
        .post(action)
        .then()
        .statusCode(400)
        .body(
            "badRequest.message",
            equalTo("Bad project format: project is not in proper format (not a project)"));
    admin
        .json(Map.of("addProjectAccess", Map.of("project", admin.project)))
        .post(admin.url("/types/fake/action"))
        .then()
        .statusCode(404);
  }
}
