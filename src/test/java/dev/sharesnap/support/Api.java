package dev.sharesnap.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * A Manila API caller for tests: a fresh project per instance (tests never share data), noauth
 * token, a microversion and roles. {@code Api.admin()} is an admin like Manila's noauth; {@code
 * member()} and {@code reader()} send X-Roles.
 */
public final class Api {

  public final String project;
  public final String user;
  private final String roles;
  private final String version;

  private Api(String project, String user, String roles, String version) {
    this.project = project;
    this.user = user;
    this.roles = roles;
    this.version = version;
  }

  public static Api admin() {
    return new Api(newProject(), "alice", null, "2.73");
  }

  public static String newProject() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  public Api member() {
    return new Api(project, "bob", "member,reader", version);
  }

  public Api reader() {
    return new Api(project, "carol", "reader", version);
  }

  public Api inProject(String otherProject) {
    return new Api(otherProject, user, roles, version);
  }

  public Api at(String microversion) {
    return new Api(project, user, roles, microversion);
  }

  public RequestSpecification req() {
    RequestSpecification r =
        given()
            .header("X-Auth-Token", user + ":" + project)
            .header("X-OpenStack-Manila-API-Version", version);
    if (roles != null) {
      r = r.header("X-Roles", roles);
    }
    return r;
  }

  public RequestSpecification json(Object body) {
    return req().contentType(ContentType.JSON).body(body);
  }

  /** URL under this caller's project. */
  public String url(String path) {
    return "/v2/" + project + path;
  }

  /**
   * Creates a public share type named {@code prefix-<project>} (DHSS False plus {@code specs},
   * given as key, value pairs) and returns its name.
   */
  public String shareType(String prefix, String... specs) {
    Map<String, String> extraSpecs = new java.util.LinkedHashMap<>();
    extraSpecs.put("driver_handles_share_servers", "False");
    for (int i = 0; i + 1 < specs.length; i += 2) {
      extraSpecs.put(specs[i], specs[i + 1]);
    }
    String name = prefix + "-" + project;
    json(Map.of("share_type", Map.of("name", name, "extra_specs", extraSpecs)))
        .post(url("/types"))
        .then()
        .statusCode(200);
    return name;
  }

  /**
   * Creates an available NFS share of {@code sizeGiB} and share type {@code type}; returns its id.
   */
  public String share(String type, int sizeGiB) {
    String id =
        json(Map.of("share", Map.of("share_proto", "NFS", "size", sizeGiB, "share_type", type)))
            .post(url("/shares"))
            .then()
            .statusCode(200)
            .extract()
            .path("share.id");
    awaitStatus("/shares/" + id, "share", "available");
    return id;
  }

  /** Creates an available share and returns its id. */
  public String share() {
    String id =
        json(Map.of(
                "share",
                Map.of("share_proto", "NFS", "size", 1, "name", "share-" + UUID.randomUUID())))
            .post(url("/shares"))
            .then()
            .statusCode(200)
            .extract()
            .path("share.id");
    awaitStatus("/shares/" + id, "share", "available");
    return id;
  }

  /** Creates a snapshot of {@code shareId}, waits until it is available and returns its id. */
  public String snapshot(String shareId, String name) {
    String id = startSnapshot(shareId, name);
    awaitStatus("/snapshots/" + id, "snapshot", "available");
    return id;
  }

  /** Asks for a snapshot of {@code shareId} (202) and returns its id at once. */
  public String startSnapshot(String shareId, String name) {
    return json(Map.of("snapshot", Map.of("share_id", shareId, "name", name)))
        .post(url("/snapshots"))
        .then()
        .statusCode(202)
        .extract()
        .path("snapshot.id");
  }

  public void awaitStatus(String path, String entity, String status) {
    await(
        path,
        r -> r.statusCode() == 200 && status.equals(r.path(entity + ".status")),
        entity + " " + status);
  }

  public void awaitGone(String path) {
    await(path, r -> r.statusCode() == 404, "404");
  }

  private void await(String path, Predicate<Response> done, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Response last = null;
    while (System.nanoTime() < deadline) {
      last = req().get(url(path));
      if (done.test(last)) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError(
        path
            + " never reached "
            + what
            + "; last answer: "
            + (last == null ? null : last.asString()));
  }
}
