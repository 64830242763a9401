package dev.sharesnap.api;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharesnap.support.Api;
import dev.sharesnap.support.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code /scheduler-stats/pools}: one pool per backend, with capabilities and capacity. */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class PoolTest {

  @Test
  void pools_listEveryBackend_withManilasKeys() {
    Api admin = Api.admin();
    JsonPath pools =
        admin
            .req()
            .get(admin.url("/scheduler-stats/pools"))
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    List<String> backends = pools.getList("pools.backend");
    assertTrue(backends.containsAll(List.of("nfs", "instant")), backends.toString());
    int nfs = backends.indexOf("nfs");
    assertEquals(
        List.of("name", "host", "backend", "pool"),
        List.copyOf(pools.getMap("pools[" + nfs + "]").keySet()));
    String host = pools.getString("pools[" + nfs + "].host");
    assertEquals(host + "@nfs#pool0", pools.getString("pools[" + nfs + "].name"));
  }

  @Test
  void detail_reportsCapabilitiesAndTheExportRootsCapacity() {
    Api admin = Api.admin();
    JsonPath nfs =
        admin
            .req()
            .get(admin.url("/scheduler-stats/pools/detail?backend=nfs"))
            .then()
            .statusCode(200)
            .body("pools", hasSize(1))
            .extract()
            .jsonPath()
            .setRootPath("pools[0].capabilities");
    assertEquals(true, nfs.getBoolean("snapshot_support"));
    assertEquals(true, nfs.getBoolean("create_share_from_snapshot_support"));
    assertEquals(true, nfs.getBoolean("revert_to_snapshot_support"));
    assertEquals(false, nfs.getBoolean("driver_handles_share_servers"));
    assertEquals("NFS", nfs.getString("storage_protocol"));
    assertEquals("nfs", nfs.getString("share_backend_name"));
    long total = nfs.getLong("total_capacity_gb");
    long free = nfs.getLong("free_capacity_gb");
    assertTrue(total > 0 && free >= 0 && free <= total, total + " / " + free);
  }

  @Test
  void filters_areAnchoredExpressions_andAShareTypesSpecs() {
    Api admin = Api.admin();
    admin
        .req()
        .get(admin.url("/scheduler-stats/pools?backend=ins"))
        .then()
        .statusCode(200)
        .body("pools.backend", equalTo(List.of("instant")));
    admin
        .req()
        .get(admin.url("/scheduler-stats/pools?backend=stant"))
        .then()
        .statusCode(200)
        .body("pools", hasSize(0));
    admin
        .req()
        .get(admin.url("/scheduler-stats/pools?pool=pool0&backend=nfs"))
        .then()
        .body("pools", hasSize(1));
    admin.req().get(admin.url("/scheduler-stats/pools?backend=(")).then().statusCode(400);

    String type = admin.shareType("pools", "share_backend_name", "instant");
    admin
        .req()
        .get(admin.url("/scheduler-stats/pools/detail?share_type=" + type))
        .then()
        .statusCode(200)
        .body("pools.backend", equalTo(List.of("instant")));
    admin
        .req()
        .get(admin.url("/scheduler-stats/pools?share_type=no-such-type"))
        .then()
        .statusCode(400)
        .body("badRequest.message", equalTo("Share type no-such-type not found."));
    // before 2.23 the share_type parameter is not a filter
    Api old = admin.at("2.22");
    old.req()
        .get(old.url("/scheduler-stats/pools?share_type=" + type))
        .then()
        .statusCode(200)
        .body("pools.backend", hasItem("nfs"));
  }

  @Test
  void members_areDenied() {
    Api member = Api.admin().member();
    for (String path : List.of("/scheduler-stats/pools", "/scheduler-stats/pools/detail")) {
      member
          .req()
          .get(member.url(path))
          .then()
          .statusCode(403)
          .body("forbidden.message", equalTo("Access was denied to this resource."));
    }
  }
}
