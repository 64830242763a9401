package dev.sharesnap.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharesnap.driver.nfs.NfsDriver;
import dev.sharesnap.support.Metrics;
import dev.sharesnap.support.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** /q/health/ready names the database and each enabled backend. */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class ReadinessTest {

  private static final String BACKENDS = "checks.find { it.name == 'storage backends' }";

  @Inject NfsDriver nfs;

  @Test
  void ready_listsTheDatabaseAndEachBackendAsUp() {
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", hasItem(containsString("PostgreSQL")))
        .body(BACKENDS + ".status", equalTo("UP"))
        .body(BACKENDS + ".data.nfs", equalTo("UP"))
        // the tests' fault-injecting backend is a bean too, so it is checked like any other
        .body(BACKENDS + ".data.faulty", equalTo("UP"));
  }

  @Test
  void ready_reportsTheNfsBackendsSpace_asTheFileSystemHasIt_andNoneForBackendsThatCannotTell()
      throws Exception {
    long total = Files.getFileStore(nfs.root()).getTotalSpace();
    var data =
        given()
            .get("/q/health/ready")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getMap(BACKENDS + ".data");
    assertEquals(total, ((Number) data.get("nfs_total_bytes")).longValue(), data.toString());
    long free = ((Number) data.get("nfs_free_bytes")).longValue();
    assertTrue(free > 0 && free <= total, data.toString());
    // the fault-injecting test backend keeps the SPI default: capacity unknown
    assertFalse(data.containsKey("faulty_total_bytes"), data.toString());
  }

  @Test
  void capacityGauges_showEachBackendsSpace_inBytes() {
    long total;
    try {
      total = Files.getFileStore(nfs.root()).getTotalSpace();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Metrics m = Metrics.scrape();
    while (Double.isNaN(gauge(m, "nfs", "total")) && System.nanoTime() < deadline) {
      m = Metrics.scrape();
    }
    assertEquals((double) total, gauge(m, "nfs", "total"));
    double free = gauge(m, "nfs", "free");
    assertTrue(free > 0 && free <= total, "free " + free);
    assertTrue(Double.isNaN(gauge(m, "faulty", "total")), "unknown is NaN");
  }

  private static double gauge(Metrics m, String backend, String kind) {
    var samples = m.find("sharesnap_backend_capacity_bytes", "backend", backend, "kind", kind);
    assertEquals(1, samples.size(), m.text());
    return samples.get(0).value();
  }

  @Test
  void live_doesNotDependOnBackends() {
    given()
        .get("/q/health/live")
        .then()
        .statusCode(200)
        .body("checks.name", org.hamcrest.Matchers.not(hasItem("storage backends")));
  }
}
