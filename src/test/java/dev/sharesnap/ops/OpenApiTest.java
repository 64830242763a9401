package dev.sharesnap.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharesnap.api.microversion.ApiVersion;
import dev.sharesnap.api.microversion.Versions;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** /q/openapi: every route of every resource, microversion ranges and fault bodies. */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class OpenApiTest {

  private static final String SNAPSHOTS = "paths.'/v2/snapshots'";

  /** "Microversions 2.12-2.73" or "Microversions 2.73+", as the operations' descriptions say. */
  private static final Pattern RANGE =
      Pattern.compile("Microversions (\\d+\\.\\d+)(?:-(\\d+\\.\\d+)|\\+)");

  private static final String EXTENSION_ROOT = "/v2/sharesnap/";
  private static final String EXTENSION_MARKER = "x-sharesnap-extension";
  private static final String EXTENSION_TAG = "sharesnap extensions";
  private static final Set<String> HTTP_METHODS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

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

  /**
   * Issue 7: every operation of the generated document names the microversion range it exists in
   * (within the served 2.0-2.73), and every /v2/sharesnap operation is marked as a sharesnap
   * extension, so a new route without its annotations fails here. Only the unversioned root ("/",
   * outside /v2) says so instead of naming a range.
   */
  @Test
  void everyOperation_namesItsMicroversionRange_andExtensionsAreMarked() {
    Map<String, Map<String, Map<String, Object>>> paths =
        given().get("/q/openapi?format=json").then().statusCode(200).extract().path("paths");
    Set<String> problems = new TreeSet<>();
    int operations = 0;
    for (var path : paths.entrySet()) {
      for (var op : path.getValue().entrySet()) {
        if (HTTP_METHODS.contains(op.getKey())) {
          operations++;
          String route = op.getKey() + " " + path.getKey();
          problems.addAll(rangeProblems(route, path.getKey(), op.getValue()));
          problems.addAll(extensionProblems(route, path.getKey(), op.getValue()));
        }
      }
    }
    assertTrue(operations > 50, "too few operations in /q/openapi: " + operations);
    assertEquals(Set.of(), problems, "operations in /q/openapi without their description");
  }

  /** Every fault an operation refers to is one of the document's shared fault responses. */
  @Test
  void everyOperation_refersToDefinedFaultResponses() {
    @SuppressWarnings("unchecked")
    Map<String, Object> doc =
        given().get("/q/openapi?format=json").then().statusCode(200).extract().as(Map.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> shared =
        (Map<String, Object>) ((Map<String, Object>) doc.get("components")).get("responses");
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Map<String, Object>>> paths =
        (Map<String, Map<String, Map<String, Object>>>) doc.get("paths");
    Set<String> problems = new TreeSet<>();
    for (var path : paths.entrySet()) {
      for (var op : path.getValue().entrySet()) {
        if (!HTTP_METHODS.contains(op.getKey())) {
          continue;
        }
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> responses =
            (Map<String, Map<String, Object>>) op.getValue().get("responses");
        String route = op.getKey() + " " + path.getKey();
        boolean anyFault = false;
        for (var r : responses.entrySet()) {
          if (r.getKey().startsWith("4")) {
            Object ref = r.getValue().get("$ref");
            anyFault = true;
            if (!(ref instanceof String s)
                || !s.startsWith("#/components/responses/")
                || !shared.containsKey(s.substring("#/components/responses/".length()))) {
              problems.add(
                  route + " " + r.getKey() + ": not a shared fault response (" + ref + ")");
            }
          }
        }
        if (!anyFault && path.getKey().startsWith("/v2")) {
          problems.add(route + ": no fault responses");
        }
      }
    }
    assertEquals(Set.of(), problems);
  }

  @Test
  void routesOfEveryGroup_nameTheirRangeAndFaults() {
    given()
        .get("/q/openapi?format=json")
        .then()
        .statusCode(200)
        .body(
            "paths.'/v2/snapshot-instances'.get.description",
            containsString("Microversions 2.19-2.73"))
        .body("paths.'/v2/messages/{id}'.delete.description", containsString("2.37-2.73"))
        .body("paths.'/v2/share-access-rules'.get.description", containsString("2.45-2.73"))
        .body(
            "paths.'/v2/shares/{id}/export_locations'.get.description", containsString("2.9-2.73"))
        .body(
            "paths.'/v2/quota-sets/{project}/detail'.get.description", containsString("2.25-2.73"))
        .body("paths.'/v2/os-quota-sets/{project}'.get.description", containsString("2.0-2.6"))
        .body("paths.'/v2/snapshots/{id}/metadata'.get.description", containsString("2.73+"))
        .body(
            "paths.'/v2/shares'.post.responses.'413'.'$ref'",
            equalTo("#/components/responses/overLimit"))
        .body(
            "paths.'/v2/sharesnap/snapshots/{id}/pull'.post.responses.'404'.'$ref'",
            equalTo("#/components/responses/itemNotFound"))
        .body(
            "paths.'/v2/sharesnap/snapshots/{id}/pull'.post.description",
            containsString("sharesnap extension"))
        .body("paths.'/v2/snapshots/{id}'.get.parameters.name", hasItem("X-Sharesnap-Extensions"))
        .body(
            "components.responses.unprocessableEntity.content.'application/json'.schema.'$ref'",
            equalTo("#/components/schemas/FaultBody"));
  }

  @Test
  void swaggerUi_isOffByDefault() {
    given().get("/q/swagger-ui/").then().statusCode(404);
  }

  private static List<String> rangeProblems(String route, String path, Map<String, Object> op) {
    String description = String.valueOf(op.get("description"));
    if (path.equals("/")) {
      return description.startsWith("Unversioned")
          ? List.of()
          : List.of(route + ": neither a microversion range nor Unversioned");
    }
    Matcher m = RANGE.matcher(description);
    if (!m.find()) {
      return List.of(route + ": no microversion range in the description");
    }
    ApiVersion min = ApiVersion.parse(m.group(1));
    ApiVersion max = m.group(2) == null ? Versions.MAX : ApiVersion.parse(m.group(2));
    if (min.compareTo(Versions.MIN) < 0
        || max.compareTo(Versions.MAX) > 0
        || min.compareTo(max) > 0) {
      return List.of(route + ": range " + m.group() + " outside 2.0-2.73");
    }
    return List.of();
  }

  private static List<String> extensionProblems(String route, String path, Map<String, Object> op) {
    boolean marked = Boolean.TRUE.equals(op.get(EXTENSION_MARKER));
    if (!path.startsWith(EXTENSION_ROOT)) {
      return marked ? List.of(route + ": a Manila route marked as an extension") : List.of();
    }
    Object tags = op.get("tags");
    boolean tagged = tags instanceof List<?> l && l.contains(EXTENSION_TAG);
    boolean described = String.valueOf(op.get("description")).startsWith("sharesnap extension");
    return marked && tagged && described
        ? List.of()
        : List.of(
            route
                + ": not marked as a sharesnap extension ("
                + EXTENSION_MARKER
                + ", tag,"
                + " description)");
  }

  /**
   * "get /v2/snapshots/{id}" for each resource method of api/v2 and api/ext, read from the JAX-RS
   * annotations.
   */
  private static Set<String> declaredRoutes() throws IOException, ClassNotFoundException {
    Set<String> routes = new TreeSet<>();
    for (String pkg : List.of("v2", "ext")) {
      routes.addAll(declaredRoutes(pkg));
    }
    assertTrue(routes.size() > 40, () -> "too few routes found: " + routes);
    return routes;
  }

  private static Set<String> declaredRoutes(String pkg) throws IOException, ClassNotFoundException {
    Set<String> routes = new TreeSet<>();
    try (Stream<java.nio.file.Path> files =
        Files.list(Paths.get("target/classes/dev/sharesnap/api/" + pkg))) {
      for (String name :
          files
              .map(f -> f.getFileName().toString())
              .filter(n -> n.endsWith("Resource.class"))
              .toList()) {
        Class<?> type =
            Class.forName("dev.sharesnap.api." + pkg + "." + name.replace(".class", ""));
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
