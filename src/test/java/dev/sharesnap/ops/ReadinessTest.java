package dev.sharesnap.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.sharesnap.support.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** /q/health/ready names the database and each enabled backend. */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class ReadinessTest {

  private static final String BACKENDS = "checks.find { it.name == 'storage backends' }";

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
  void live_doesNotDependOnBackends() {
    given()
        .get("/q/health/live")
        .then()
        .statusCode(200)
        .body("checks.name", org.hamcrest.Matchers.not(hasItem("storage backends")));
  }
}
