package dev.sharesnap.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sharesnap.support.Api;
import dev.sharesnap.support.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The admin share-instances API (2.3+) as manila-tempest-plugin's share instance tests use it, and
 * the share-replicas routes that answer "none".
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class ShareInstanceTest {

  private static final String DENIED = "Access was denied to this resource.";

  /** Manila's instance keys at {@code version} (the plugin's expected_keys). */
  private static List<String> expectedKeys(String version) {
    int minor = Integer.parseInt(version.substring(2));
    List<String> keys =
        new ArrayList<>(
            List.of(
                "host",
                "share_id",
                "id",
                "share_network_id",
                "status",
                "availability_zone",
                "share_server_id",
                "created_at"));
    if (minor < 9) {
      keys.addAll(List.of("export_location", "export_locations"));
    }
    int[] gates = {10, 11, 22, 30, 54, 71};
    String[] names = {
      "access_rules_status",
      "replica_state",
      "share_type_id",
      "cast_rules_to_readonly",
      "progress",
      "updated_at"
    };
    for (int i = 0; i < gates.length; i++) {
      if (minor >= gates[i]) {
        keys.add(names[i]);
      }
    }
    return List.copyOf(new TreeSet<>(keys));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2.3", "2.9", "2.10", "2.30", "2.54", "2.73"})
  void instanceOfShare_hasManilasKeys_perVersion(String version) {
    Api admin = Api.admin();
    String share = admin.share();
    Api at = admin.at(version);
    List<Map<String, Object>> instances =
        at.req()
            .get(at.url("/shares/" + share + "/instances"))
            .then()
            .statusCode(200)
            .body("share_instances", hasSize(1))
            .extract()
            .path("share_instances");
    String instance = (String) instances.get(0).get("id");
    Map<String, Object> shown =
        at.req()
            .get(at.url("/share_instances/" + instance))
            .then()
            .statusCode(200)
            .body("share_instance.share_id", equalTo(share))
            .body("share_instance.status", equalTo("available"))
            .extract()
            .path("share_instance");
    assertEquals(expectedKeys(version), List.copyOf(new TreeSet<>(shown.keySet())));
    assertEquals(expectedKeys(version), List.copyOf(new TreeSet<>(instances.get(0).keySet())));
  }

  @Test
  void list_containsTheShare_andExportLocationFiltersFrom235() {
    Api admin = Api.admin();
    String share = admin.share();
    admin
        .req()
        .get(admin.url("/share_instances"))
        .then()
        .statusCode(200)
        .body("share_instances.share_id", hasItem(share));
    List<Map<String, Object>> locations =
        admin
            .req()
            .get(admin.url("/share_instances/" + share + "/export_locations"))
            .then()
            .statusCode(200)
            .body("export_locations", hasSize(1))
            .body("export_locations[0].share_instance_id", equalTo(share))
            .extract()
            .path("export_locations");
    String id = (String) locations.get(0).get("id");
    String path = (String) locations.get(0).get("path");
    admin
        .req()
        .queryParam("export_location_id", id)
        .get(admin.url("/share_instances"))
        .then()
        .body("share_instances.id", equalTo(List.of(share)));
    admin
        .req()
        .queryParam("export_location_path", path)
        .get(admin.url("/share_instances"))
        .then()
        .body("share_instances.id", equalTo(List.of(share)));
    admin
        .req()
        .queryParam("export_location_path", "fake_not_exist")
        .get(admin.url("/share_instances"))
        .then()
        .body("share_instances", hasSize(0));
    Api old = admin.at("2.34");
    old.req()
        .queryParam("export_location_id", "fake")
        .get(old.url("/share_instances"))
        .then()
        .body("share_instances.id", hasItem(share));
  }

  @Test
  void unknownInstanceOrShare_is404_andBefore23_theRoutesAreNotThere() {
    Api admin = Api.admin();
    String missing = UUID.randomUUID().toString();
    admin
        .req()
        .get(admin.url("/share_instances/" + missing))
        .then()
        .statusCode(404)
        .body(
            "itemNotFound.message", equalTo("Share instance " + missing + " could not be found."));
    admin.req().get(admin.url("/share_instances/not-a-uuid")).then().statusCode(404);
    admin.req().get(admin.url("/shares/" + missing + "/instances")).then().statusCode(404);
    admin
        .req()
        .get(admin.url("/share_instances/" + missing + "/export_locations"))
        .then()
        .statusCode(404);
    Api old = admin.at("2.2");
    old.req().get(old.url("/share_instances")).then().statusCode(404);
    old.req().get(old.url("/shares/" + missing + "/instances")).then().statusCode(404);
  }

  @Test
  void members_areDeniedInstances_beforeAnyLookup() {
    Api member = Api.admin().member();
    String missing = UUID.randomUUID().toString();
    for (String path :
        List.of(
            "/share_instances",
            "/share_instances/" + missing,
            "/share_instances/" + missing + "/export_locations",
            "/shares/" + missing + "/instances")) {
      member
          .req()
          .get(member.url(path))
          .then()
          .statusCode(403)
          .body("forbidden.message", equalTo(DENIED));
    }
  }

  @Test
  void shareReplicas_areAlwaysNone_forReaders_andFrom211() {
    Api reader = Api.admin().reader();
    String missing = UUID.randomUUID().toString();
    for (String path :
        List.of(
            "/share-replicas",
            "/share-replicas/detail",
            "/share-replicas/detail?share_id=" + missing)) {
      reader.req().get(reader.url(path)).then().statusCode(200).body("share_replicas", hasSize(0));
    }
    reader
        .req()
        .get(reader.url("/share-replicas/" + missing))
        .then()
        .statusCode(404)
        .body("itemNotFound.message", equalTo("Share Replica " + missing + " could not be found."));
    Api old = reader.at("2.10");
    old.req().get(old.url("/share-replicas")).then().statusCode(404);
    // A caller of the project without the reader role.
    given()
        .header("X-Auth-Token", "dave:" + reader.project)
        .header("X-OpenStack-Manila-API-Version", "2.73")
        .header("X-Roles", "observer")
        .get(reader.url("/share-replicas"))
        .then()
        .statusCode(403)
        .body("forbidden.message", equalTo(DENIED));
  }
}
