package dev.sharesnap.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharesnap.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged service prepares its OpenAPI document on the first /q/openapi request, not while
 * starting (DeferredOpenApiDocumentService, prod only: @QuarkusTest keeps the extension's eager
 * service, so only the jar shows this), and then serves the same document in both formats.
 */
class OpenApiDocumentIT {

  private static final String PREPARED = "OpenAPI document <default> prepared on its first request";

  @Test
  void document_isPreparedOnFirstRequest_notAtStart() throws Exception {
    Map<String, String> db = new TestDatabase("sharesnap_openapi").start();
    Path work = Files.createTempDirectory(Path.of("target"), "it-openapi-").toAbsolutePath();
    Map<String, String> env = ServiceProcess.env(db, work.resolve("nfs"), false);
    try (ServiceProcess service = new ServiceProcess(work, ServiceProcess.freePort(), env)) {
      service.start();
      String atReady = service.log();
      assertFalse(atReady.contains(PREPARED), atReady);

      given()
          .baseUri(service.url())
          .get("/q/openapi")
          .then()
          .statusCode(200)
          .body(containsString("title: \"sharesnap: OpenStack Manila v2 snapshot API\""));
      String afterFirst = service.log();
      assertTrue(afterFirst.contains(PREPARED), afterFirst);

      given()
          .baseUri(service.url())
          .get("/q/openapi?format=json")
          .then()
          .statusCode(200)
          .body("info.title", containsString("sharesnap"))
          .body("paths", hasKey("/v2/snapshots"));
      String log = service.log();
      assertEquals(log.indexOf(PREPARED), log.lastIndexOf(PREPARED), "prepared once: " + log);
    }
  }
}
