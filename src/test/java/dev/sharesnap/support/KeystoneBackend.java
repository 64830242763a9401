package dev.sharesnap.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Keystone (Debian's python3-keystone under uWSGI, SQLite, 127.0.0.1) started and stopped by
 * src/test/keystone/*.sh, with the test cloud they make: admin, the service user manila, and
 * projects alpha and beta with a member and a reader each. Port KEYSTONE_PORT (default 19150); data
 * under target/keystone, kept between runs so later starts are warm (~5 s instead of ~10-20 s).
 */
public final class KeystoneBackend {

  private static final Path SCRIPTS = Path.of("src/test/keystone");
  private static final Pattern LINE = Pattern.compile("^([A-Z_]+)='(.*)'$");

  private final Path dataDir = Path.of("target/keystone").toAbsolutePath();
  private final String shareUrl;
  private Map<String, String> env = Map.of();

  public KeystoneBackend(String shareUrl) {
    this.shareUrl = shareUrl;
  }

  /** Why Keystone cannot run here (a package is missing), or null. */
  public static String missing() {
    for (String f :
        new String[] {
          "/usr/bin/keystone-manage",
          "/usr/bin/keystone-wsgi-public",
          "/usr/bin/uwsgi-core",
          "/usr/lib/uwsgi/plugins/python3_plugin.so"
        }) {
      if (!Files.exists(Path.of(f))) {
        return f
            + " is missing (apt-get install --no-install-recommends python3-keystone uwsgi-core uwsgi-plugin-python3)";
      }
    }
    return null;
  }

  /** Starts (or reuses) Keystone; {@code extra} environment, e.g. KEYSTONE_TOKEN_EXPIRATION. */
  public Map<String, String> start(Map<String, String> extra) {
    Map<String, String> vars = new LinkedHashMap<>(extra);
    vars.put("KEYSTONE_SHARE_URL", shareUrl);
    String out = run(vars, "start-keystone.sh", dataDir.toString());
    Map<String, String> parsed = new LinkedHashMap<>();
    for (String line : out.split("\n")) {
      Matcher m = LINE.matcher(line.trim());
      if (m.matches()) {
        parsed.put(m.group(1), m.group(2));
      }
    }
    env = parsed;
    return parsed;
  }

  public void stop() {
    run(Map.of(), "stop-keystone.sh", dataDir.toString());
  }

  /**
   * A value printed by the start script, e.g. {@code get("ALPHA_PROJECT_ID")} for
   * KEYSTONE_ALPHA_PROJECT_ID.
   */
  public String get(String key) {
    return env.get("KEYSTONE_" + key);
  }

  public String url() {
    return get("URL");
  }

  /**
   * A project-scoped token for {@code who} (e.g. "alpha-member"; password {@code <who>-secret}).
   */
  public String token(String who, String project) {
    String password = who.equals("admin") ? get("ADMIN_PASSWORD") : who + "-secret";
    String body =
        "{\"auth\": {\"identity\": {\"methods\": [\"password\"], \"password\": {\"user\": {\"name\": \""
            + who
            + "\", \"domain\": {\"id\": \"default\"}, \"password\": \""
            + password
            + "\"}}}, \"scope\": {\"project\": "
            + "{\"name\": \""
            + project
            + "\", \"domain\": {\"id\": \"default\"}}}}}";
    HttpResponse<String> r =
        send(
            HttpRequest.newBuilder(URI.create(url() + "/auth/tokens"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    if (r.statusCode() != 201) {
      throw new IllegalStateException(
          "token for " + who + ": HTTP " + r.statusCode() + " " + r.body());
    }
    return r.headers().firstValue("X-Subject-Token").orElseThrow();
  }

  /** Revokes {@code token} (DELETE /v3/auth/tokens with the admin's token). */
  public void revoke(String token) {
    String admin = token("admin", "admin");
    HttpResponse<String> r =
        send(
            HttpRequest.newBuilder(URI.create(url() + "/auth/tokens"))
                .header("X-Auth-Token", admin)
                .header("X-Subject-Token", token)
                .DELETE());
    if (r.statusCode() != 204) {
      throw new IllegalStateException("revoke: HTTP " + r.statusCode());
    }
  }

  private static HttpResponse<String> send(HttpRequest.Builder req) {
    try {
      return HttpClient.newHttpClient()
          .send(req.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("Keystone call failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String run(Map<String, String> vars, String script, String arg) {
    try {
      Path log = Files.createTempFile("keystone-" + script, ".log");
      Path out = Files.createTempFile("keystone-" + script, ".out");
      ProcessBuilder pb =
          new ProcessBuilder("bash", SCRIPTS.resolve(script).toString(), arg)
              .redirectOutput(out.toFile())
              .redirectError(log.toFile());
      pb.environment().putAll(vars);
      Process p = pb.start();
      p.getOutputStream().close();
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException(script + " did not finish in 5 minutes");
      }
      String stdout = Files.readString(out, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            script + " failed: " + Files.readString(log, StandardCharsets.UTF_8));
      }
      Files.deleteIfExists(log);
      Files.deleteIfExists(out);
      return stdout;
    } catch (IOException e) {
      throw new IllegalStateException(script + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
