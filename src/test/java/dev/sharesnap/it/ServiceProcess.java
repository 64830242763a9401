package dev.sharesnap.it;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service (target/quarkus-app) as a real process: started, killed, stopped, restarted.
 */
final class ServiceProcess implements AutoCloseable {

  private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
  private final Path workDir;
  private final Map<String, String> env;
  private final int port;
  private Process process;

  ServiceProcess(Path workDir, int port, Map<String, String> env) {
    this.workDir = workDir;
    this.port = port;
    this.env = env;
  }

  /**
   * Environment of a service on the given database and NFS root; {@code fastTakeover} shortens the
   * lease and the sweep so that tests see a dead worker's tasks taken over within seconds.
   */
  static Map<String, String> env(
      String reactiveUrl, String jdbcUrl, Path nfsRoot, boolean fastTakeover) {
    Map<String, String> env = new java.util.HashMap<>();
    env.put("QUARKUS_DATASOURCE_REACTIVE_URL", reactiveUrl);
    env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
    env.put("SHARESNAP_DB_USER", "postgres");
    env.put("SHARESNAP_NFS_ROOT", nfsRoot.toString());
    if (fastTakeover) {
      env.put("SHARESNAP_TASKS_LEASE", "3s");
      env.put("SHARESNAP_TASKS_POLL_INTERVAL", "200ms");
    }
    return env;
  }

  static Map<String, String> env(Map<String, String> db, Path nfsRoot, boolean fastTakeover) {
    return env(
        db.get("quarkus.datasource.reactive.url"),
        db.get("quarkus.datasource.jdbc.url"),
        nfsRoot,
        fastTakeover);
  }

  /** A port nobody listens on now, so that an IT needs no fixed port. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** A request to this service as an admin of {@code project} at microversion 2.73. */
  RequestSpecification api(String project) {
    return given()
        .baseUri(url())
        .header("X-Auth-Token", "alice:" + project)
        .header("X-OpenStack-Manila-API-Version", "2.73")
        .contentType(ContentType.JSON);
  }

  /** Creates a 1 GiB NFS share in {@code project} and waits until it is available. */
  String createShare(String project) throws Exception {
    String id =
        api(project)
            .body(Map.of("share", Map.of("share_proto", "NFS", "size", 1)))
            .post("/v2/" + project + "/shares")
            .then()
            .statusCode(200)
            .extract()
            .path("share.id");
    awaitStatus(project, "/shares/" + id, "share", "available");
    return id;
  }

  /** Polls {@code /v2/<project><path>} until {@code <entity>.status} is {@code status} (90 s). */
  void awaitStatus(String project, String path, String entity, String status) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    String last = null;
    while (System.nanoTime() < deadline) {
      var response = api(project).get("/v2/" + project + path);
      last = response.asString();
      if (response.statusCode() == 200 && status.equals(response.path(entity + ".status"))) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(path + " never became " + status + ": " + last + "\n" + log());
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  /**
   * Longest wait for a start to answer ready. A quiet start takes about 11 s here, but one start
   * beside builds and benchmarks on two loaded CPUs took up to 150 s.
   */
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(240);

  /** Starts the jar and waits until /q/health/ready answers 200; returns the time that took. */
  Duration start() throws Exception {
    long t0 = System.nanoTime();
    process = launch();
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("service exited: " + log());
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return Duration.ofNanos(System.nanoTime() - t0);
        }
      } catch (IOException e) {
        // not listening yet, or no answer within the request's timeout
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(
        "service not ready in " + READY_TIMEOUT.toSeconds() + " s: " + log());
  }

  /**
   * Runs the jar to its end (a mode that exits by itself, or a refused start); returns its exit
   * status. Fails when it is still running after {@code timeout}.
   */
  int runToExit(Duration timeout) throws Exception {
    process = launch();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("still running after " + timeout + ": " + log());
    }
    return process.exitValue();
  }

  private Process launch() throws IOException {
    Files.createDirectories(workDir);
    ProcessBuilder pb =
        new ProcessBuilder("java", "-Xmx256m", "-jar", JAR.toString())
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(workDir.resolve("service.log").toFile()));
    pb.environment().putAll(env);
    pb.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
    return pb.start();
  }

  /** SIGKILL: the process dies mid-work, as on a crash or OOM kill. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM: graceful shutdown. */
  void stop() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }

  String log() throws IOException {
    Path log = workDir.resolve("service.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  @Override
  public void close() throws Exception {
    if (process != null && process.isAlive()) {
      stop();
    }
  }

  /**
   * Whether an attempt's temporary copy of {@code name} (NfsTree's .tmp-NAME.ATTEMPT) is in {@code
   * dir}.
   */
  static boolean copyInProgress(java.nio.file.Path dir, String name) throws java.io.IOException {
    if (!java.nio.file.Files.isDirectory(dir)) {
      return false;
    }
    try (var children = java.nio.file.Files.list(dir)) {
      return children.anyMatch(p -> p.getFileName().toString().startsWith(".tmp-" + name + "."));
    }
  }
}
