package dev.sharesnap.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharesnap.support.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** /q/openapi: every route of every resource, microversion ranges and fault bodies. */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class OpenApiTest {

  private static final String SNAPSHOTS = "paths.'/v2/snapshots'";

  @Test
  void document_listsEveryRouteOfEveryResource() throws Exception {
    Map<String, Map<String, Object>> paths =
        given().get("/q/openapi?format=json").then().statusCode(200).extract().path("paths");
    Set<String> missing = new TreeSet<>();
    for (String route : declaredRoutes()) {
      String[] methodAndPath = route.split(" ", 2);
      Map<String, Object> item = paths.get(methodAndPath[1]);
      if (item == null || !item.containsKey(methodAndPath[0])) {
        missing.add(route);
      }
    }
    assertEquals(Set.of(), missing, "routes missing from /q/openapi");
    assertTrue(paths.containsKey("/v2/snapshots"));
    assertTrue(paths.containsKey("/v2/snapshots/{id}"));
  }

  @Test
  void snapshotRoutes_nameTheirMicroversionsAndFaults() {
    given()
        .get("/q/openapi?format=json")
        .then()
        .statusCode(200)
        .body(SNAPSHOTS + ".post.description", containsString("Microversions 2.0-2.73"))
        .body("paths.'/v2/snapshots/manage'.post.description", containsString("2.12-2.73"))
        .body(
            SNAPSHOTS + ".post.responses.'413'.'$ref'", equalTo("#/components/responses/overLimit"))
        .body(
            "paths.'/v2/snapshots/{id}'.get.responses.'404'.'$ref'",
            equalTo("#/components/responses/itemNotFound"))
        .body(
            "components.responses.itemNotFound.content.'application/json'.schema.'$ref'",
            equalTo("#/components/schemas/FaultBody"))
        .body(
            "components.schemas.FaultBody.additionalProperties.'$ref'",
            equalTo("#/components/schemas/Fault"));
  }

  @Test
  void swaggerUi_isOffByDefault() {
    given().get("/q/swagger-ui/").then().statusCode(404);
  }

  /** "get /v2/snapshots/{id}" for each resource method, read from the JAX-RS annotations. */
  private static Set<String> declaredRoutes() throws IOException, ClassNotFoundException {
    Set<String> routes = new TreeSet<>();
    try (Stream<java.nio.file.Path> files =
        Files.list(Paths.get("target/classes/dev/sharesnap/api/v2"))) {
      for (String name :
          files
              .map(f -> f.getFileName().toString())
              .filter(n -> n.endsWith("Resource.class"))
              .toList()) {
        Class<?> type = Class.forName("dev.sharesnap.api.v2." + name.replace(".class", ""));
        Path base = type.getAnnotation(Path.class);
        for (Method m : type.getMethods()) {
          String verb = verb(m);
          if (verb != null && base != null) {
            Path sub = m.getAnnotation(Path.class);
            routes.add(verb + " " + join(base.value(), sub == null ? "" : sub.value()));
          }
        }
      }
    }
    assertTrue(routes.size() > 40, () -> "too few routes found: " + routes);
    return routes;
  }

  private static String verb(Method m) {
    if (m.isAnnotationPresent(GET.class)) {
      return "get";
    }
    if (m.isAnnotationPresent(POST.class)) {
      return "post";
    }
    if (m.isAnnotationPresent(PUT.class)) {
      return "put";
    }
    return m.isAnnotationPresent(DELETE.class) ? "delete" : null;
  }

  private static String join(String base, String sub) {
    String path = ("/" + base + "/" + sub).replaceAll("/+", "/");
    path = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return path.replaceAll("\\{(\\w+)\\s*:[^}]*}", "{$1}");
  }
}
