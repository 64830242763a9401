package dev.sharesnap.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real NFS-Ganesha server on 127.0.0.1 (src/test/ganesha/start-ganesha.sh: NFSv4 in user space, a
 * private dbus-daemon for its export manager, data under target/ganesha), started once per test JVM
 * by the first class that uses this resource and stopped when the JVM exits. It turns on the NFS
 * driver's Ganesha exports ({@code sharesnap.nfs.ganesha.*}) pointed at that server. Without the
 * packages (or without root, which FSAL VFS needs) it leaves Ganesha off and {@link #skipReason()}
 * says why, so tests skip visibly, unless SHARESNAP_REQUIRE_BACKENDS=1 (CI) makes that a failure.
 * The NFS port is GANESHA_NFS_PORT, default 18990.
 */
public class GaneshaServer implements QuarkusTestResourceLifecycleManager {

  private static final List<String> BINARIES =
      List.of("ganesha.nfsd", "dbus-daemon", "dbus-send", "nfs-ls", "nfs-cat", "nfs-cp");
  private static final Pattern LINE = Pattern.compile("^([A-Z_]+)='(.*)'$");

  /** JVM-wide, as Quarkus may load this class once per application start. */
  private static final String RUNNING = "dev.sharesnap.test.ganesha.env";

  private static final String SKIPPED = "dev.sharesnap.test.ganesha.skipped";

  /** Null when the server runs; else why the Ganesha tests cannot run. */
  public static String skipReason() {
    return System.getProperty(RUNNING) != null
        ? null
        : System.getProperty(SKIPPED, "the NFS-Ganesha server was not started");
  }

  @Override
  public Map<String, String> start() {
    String reason = missingPrerequisite();
    if (reason != null) {
      if ("1".equals(System.getenv("SHARESNAP_REQUIRE_BACKENDS"))) {
        throw new IllegalStateException(reason + ", and SHARESNAP_REQUIRE_BACKENDS=1");
      }
      System.setProperty(SKIPPED, reason);
      System.out.println("GaneshaServer: the NFS export tests are skipped: " + reason);
      return Map.of("sharesnap.nfs.ganesha.enabled", "false");
    }
    Map<String, String> env = startOnce();
    Map<String, String> config = new HashMap<>();
    config.put("sharesnap.nfs.ganesha.enabled", "true");
    config.put("sharesnap.nfs.ganesha.dbus-address", env.get("GANESHA_DBUS_ADDRESS"));
    config.put("sharesnap.nfs.ganesha.exports-dir", env.get("GANESHA_EXPORTS_DIR"));
    config.put("sharesnap.nfs.export-host", env.get("NFS_HOST"));
    config.put("quarkus.log.category.\"dev.sharesnap.driver.nfs\".level", "DEBUG");
    return config;
  }

  /** Nothing here: the server outlives one Quarkus start and is stopped by a JVM shutdown hook. */
  @Override
  public void stop() {}

  /** The NFS port the server listens on. */
  public static int port() {
    return Integer.parseInt(env().get("NFS_PORT"));
  }

  /** A libnfs URL (NFSv4, the server's port) of {@code path} on the server, e.g. /shares/x/f. */
  public static String url(String path) {
    return "nfs://" + env().get("NFS_HOST") + path + "?version=4&nfsport=" + port();
  }

  /**
   * Runs a libnfs tool ({@code nfs-ls}, {@code nfs-cat}, {@code nfs-cp}) and returns its exit
   * status and output (stdout, then stderr).
   */
  public static Result nfs(String... cmd) {
    List<String> full = new ArrayList<>(List.of("timeout", "20"));
    full.addAll(List.of(cmd));
    return run(full, 30);
  }

  /** Exit status and the output of a finished command. */
  public record Result(int status, String out, String err) {}

  private static String missingPrerequisite() {
    String missing = BINARIES.stream().filter(b -> !onPath(b)).findFirst().orElse(null);
    if (missing != null) {
      return missing
          + " is not installed (apt-get install --no-install-recommends nfs-ganesha"
          + " nfs-ganesha-vfs dbus-daemon dbus-bin libnfs-utils)";
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      return "NFS-Ganesha's FSAL VFS must run as root";
    }
    return null;
  }

  private static synchronized Map<String, String> startOnce() {
    if (System.getProperty(RUNNING) == null) {
      Path dir = Path.of("target", "ganesha").toAbsolutePath();
      long start = System.nanoTime();
      Result r = run(List.of("bash", "src/test/ganesha/start-ganesha.sh", dir.toString()), 90);
      if (r.status() != 0) {
        throw new IllegalStateException("start-ganesha.sh failed: " + r.err() + r.out());
      }
      System.out.printf(
          "GaneshaServer: started in %d ms in %s%n", (System.nanoTime() - start) / 1_000_000, dir);
      System.setProperty(RUNNING, r.out());
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () ->
                      run(List.of("bash", "src/test/ganesha/stop-ganesha.sh", dir.toString()), 30),
                  "ganesha-stop"));
    }
    return env();
  }

  /**
   * Restarts the ganesha.nfsd process alone (src/test/ganesha/restart-ganesha.sh), as an operator's
   * service restart does: exports added over D-Bus are forgotten and only what its configuration
   * includes comes back.
   */
  public static synchronized void restart() {
    env();
    Path dir = Path.of("target", "ganesha").toAbsolutePath();
    Result r = run(List.of("bash", "src/test/ganesha/restart-ganesha.sh", dir.toString()), 90);
    if (r.status() != 0) {
      throw new IllegalStateException("restart-ganesha.sh failed: " + r.err() + r.out());
    }
    System.setProperty(RUNNING, r.out());
  }

  /** The KEY='VALUE' lines start-ganesha.sh printed. */
  private static Map<String, String> env() {
    String out = System.getProperty(RUNNING);
    if (out == null) {
      throw new IllegalStateException("no NFS-Ganesha server: " + skipReason());
    }
    Map<String, String> values = new HashMap<>();
    for (String line : out.split("\n")) {
      Matcher m = LINE.matcher(line.strip());
      if (m.matches()) {
        values.put(m.group(1), m.group(2));
      }
    }
    return values;
  }

  /** Runs a command with its output in files, so that a hung child cannot hang the read. */
  private static Result run(List<String> cmd, int timeoutSeconds) {
    return run(
        cmd,
        Map.of("NFS_PORT", System.getenv().getOrDefault("GANESHA_NFS_PORT", "18990")),
        timeoutSeconds);
  }

  /**
   * Runs a command (a launcher script) with {@code env} added to this process's environment, its
   * output in files so that a hung child cannot hang the read; its exit status and output.
   */
  static Result run(List<String> cmd, Map<String, String> env, int timeoutSeconds) {
    try {
      Path out = Files.createTempFile("sharesnap-ganesha-", ".out");
      Path err = Files.createTempFile("sharesnap-ganesha-", ".err");
      try {
        ProcessBuilder pb =
            new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new IllegalStateException(
              String.join(" ", cmd) + " did not finish in " + timeoutSeconds + " s");
        }
        return new Result(
            p.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new IllegalStateException("could not run " + cmd, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static boolean onPath(String binary) {
    for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (Files.isExecutable(Path.of(d, binary))) {
        return true;
      }
    }
    return false;
  }
}
