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
import org.junit.jupiter.api.Assumptions;

/**
 * A real, throw-away single-node Ceph cluster (src/test/ceph/start-ceph.sh: mon, mgr, OSD on
 * memstore, MDS, one CephFS volume, cephx with a client.manila key), started once per test JVM by
 * the first class that uses this resource and stopped when the JVM exits, so that several test
 * classes (each maybe with its own Quarkus start) share one cluster instead of waiting 15-20 s
 * each. It points {@code sharesnap.cephfs.*} at the cluster as client.manila. Without the Ceph
 * packages it turns the backend off and {@link #skipReason()} says why, so tests skip visibly,
 * unless SHARESNAP_REQUIRE_BACKENDS=1 (CI) makes that a failure.
 */
public class CephCluster implements QuarkusTestResourceLifecycleManager {

  private static final List<String> DAEMONS =
      List.of("ceph", "ceph-mon", "ceph-mgr", "ceph-osd", "ceph-mds");
  private static final Pattern LINE = Pattern.compile("^([A-Z_]+)='(.*)'$");

  /** JVM-wide, as Quarkus may load this class once per application start. */
  private static final String RUNNING = "dev.sharesnap.test.ceph.env";

  private static final String SKIPPED = "dev.sharesnap.test.ceph.skipped";

  /** Null when the cluster runs; else why the CephFS tests cannot run. */
  public static String skipReason() {
    return System.getProperty(RUNNING) != null
        ? null
        : System.getProperty(SKIPPED, "the Ceph cluster was not started");
  }

  /** Skips the calling test, with the reason, when the cluster does not run. */
  public static void assumeRunning() {
    Assumptions.assumeTrue(skipReason() == null, () -> "CephFS tests skipped: " + skipReason());
  }

  @Override
  public Map<String, String> start() {
    String missing = DAEMONS.stream().filter(b -> !onPath(b)).findFirst().orElse(null);
    if (missing != null) {
      String reason =
          missing
              + " is not installed (apt-get install --no-install-recommends ceph-mon"
              + " ceph-mgr ceph-osd ceph-mds ceph-common)";
      if ("1".equals(System.getenv("SHARESNAP_REQUIRE_BACKENDS"))) {
        throw new IllegalStateException(reason + ", and SHARESNAP_REQUIRE_BACKENDS=1");
      }
      System.setProperty(SKIPPED, reason);
      System.out.println("CephCluster: the CephFS tests are skipped: " + reason);
      return Map.of("sharesnap.cephfs.enabled", "false");
    }
    Map<String, String> env = startOnce();
    Map<String, String> config = new HashMap<>();
    config.put("sharesnap.cephfs.enabled", "true");
    config.put("sharesnap.cephfs.conf-path", env.get("CEPH_CONF"));
    config.put("sharesnap.cephfs.client-id", env.get("CEPH_MANILA_ID"));
    config.put("sharesnap.cephfs.keyring", env.get("CEPH_MANILA_KEYRING"));
    config.put("sharesnap.cephfs.volume-name", env.get("CEPH_FS_NAME"));
    config.put("sharesnap.cephfs.clone-poll-interval", "200ms");
    // short, so that a test can make a command time out (a clone status may take ~7 s here)
    config.put("sharesnap.cephfs.command-timeout", "10s");
    config.put("sharesnap.cephfs.slow-command-timeout", "45s");
    config.put("quarkus.log.category.\"dev.sharesnap.driver.cephfs\".level", "DEBUG");
    // Ceph calls take 10 ms to seconds (a clone status can take several): more than the 3 s the
    // other
    // tests give a task attempt to provoke timeouts
    config.put("sharesnap.tasks.operation-timeout", "2m");
    return config;
  }

  /** Nothing here: the cluster outlives one Quarkus start and is stopped by a JVM shutdown hook. */
  @Override
  public void stop() {}

  private static synchronized Map<String, String> startOnce() {
    if (System.getProperty(RUNNING) == null) {
      Path dir = dataDir();
      long start = System.nanoTime();
      String out = exec(List.of("bash", "src/test/ceph/start-ceph.sh", dir.toString()), 240);
      System.out.printf(
          "CephCluster: started in %d ms in %s%n", (System.nanoTime() - start) / 1_000_000, dir);
      System.setProperty(RUNNING, out);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    long t = System.nanoTime();
                    exec(List.of("bash", "src/test/ceph/stop-ceph.sh", dir.toString()), 60);
                    System.out.printf(
                        "CephCluster: stopped in %d ms%n", (System.nanoTime() - t) / 1_000_000);
                  },
                  "ceph-cluster-stop"));
    }
    return env();
  }

  /** The KEY='VALUE' lines start-ceph.sh printed. */
  private static Map<String, String> env() {
    String out = System.getProperty(RUNNING);
    if (out == null) {
      throw new IllegalStateException("no Ceph cluster: " + skipReason());
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

  /** Runs the ceph CLI as client.admin with {@code --format json} and returns its output. */
  public static String ceph(String... args) {
    return exec(cephCommand(args), 70);
  }

  /** As {@link #ceph}, for a command that may fail: its exit status and output. */
  public static Outcome cephOutcome(String... args) {
    return run(cephCommand(args), 70);
  }

  private static List<String> cephCommand(String... args) {
    List<String> cmd =
        new ArrayList<>(
            List.of("timeout", "60", "ceph", "-c", env().get("CEPH_CONF"), "--format", "json"));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /**
   * Stops the manager process (SIGSTOP) for {@code seconds} while {@code during} runs, then lets it
   * go on: the cluster is unreachable for volumes commands, as in a manager failover, and nothing
   * is lost.
   */
  public static void freezeManager(int seconds, Runnable during) {
    String pid;
    try {
      pid =
          Files.readString(
                  Path.of(env().get("CEPH_CONF")).resolveSibling("run").resolve("mgr.x.pid"))
              .strip();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    exec(List.of("kill", "-STOP", pid), 10);
    try {
      long until = System.nanoTime() + seconds * 1_000_000_000L;
      during.run();
      Thread.sleep(Math.max(0, (until - System.nanoTime()) / 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      exec(List.of("kill", "-CONT", pid), 10);
    }
  }

  /**
   * Stops the manager process (SIGSTOP) and leaves it stopped: commands to it hang until {@link
   * #restartWhole} ends the outage.
   */
  public static void pauseManager() {
    exec(List.of("kill", "-STOP", managerPid()), 10);
  }

  private static String managerPid() {
    try {
      return Files.readString(
              Path.of(env().get("CEPH_CONF")).resolveSibling("run").resolve("mgr.x.pid"))
          .strip();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A whole-cluster outage: every daemon stopped (a paused manager is killed as it is, with the
   * commands it holds unanswered), {@code downSeconds} with none running, then all started again on
   * the same data (src/test/ceph/restart-ceph.sh). Returns once subvolume calls work again.
   */
  public static void restartWhole(int downSeconds) {
    Path dir = Path.of(env().get("CEPH_CONF")).getParent();
    exec(
        List.of(
            "bash", "src/test/ceph/restart-ceph.sh", dir.toString(), String.valueOf(downSeconds)),
        400);
  }

  /** The volume's name, as the cluster was made. */
  public static String fsName() {
    return env().get("CEPH_FS_NAME");
  }

  /** A command's exit status and its output (stdout, then stderr). */
  public record Outcome(int exit, String output) {}

  /**
   * Runs {@code rados} on the volume's data pool in {@code namespace} as client {@code id} with
   * {@code key} (no keyring): what a CephFS client holding that key may do with the share's data.
   */
  public static Outcome radosAs(String id, String key, String namespace, String... args) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "timeout",
                "60",
                "rados",
                "-c",
                env().get("CEPH_CONF"),
                "--keyring",
                "/dev/null",
                "--id",
                id,
                "--key",
                key,
                "-p",
                "cephfs." + fsName() + ".data",
                "-N",
                namespace));
    cmd.addAll(List.of(args));
    return run(cmd, 70);
  }

  /** Runs a command; fails unless it exits with 0, else returns its stdout. */
  private static String exec(List<String> cmd, int timeoutSeconds) {
    Outcome o = run(cmd, timeoutSeconds);
    if (o.exit() != 0) {
      throw new IllegalStateException(
          String.join(" ", cmd) + " failed (" + o.exit() + "): " + o.output());
    }
    return o.output();
  }

  /** Runs a command with its output in files, so that a hung child cannot hang the read. */
  private static Outcome run(List<String> cmd, int timeoutSeconds) {
    try {
      Path out = Files.createTempFile("sharesnap-ceph-", ".out");
      Path err = Files.createTempFile("sharesnap-ceph-", ".err");
      try {
        ProcessBuilder pb =
            new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putIfAbsent("CEPH_PORT_BASE", "18950");
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new IllegalStateException(
              String.join(" ", cmd) + " did not finish in " + timeoutSeconds + " s");
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        if (p.exitValue() == 0) {
          return new Outcome(0, stdout);
        }
        return new Outcome(p.exitValue(), stdout + Files.readString(err, StandardCharsets.UTF_8));
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

  /**
   * Ceph's unix socket paths must stay short: target/ceph when it is, else a directory under /tmp.
   */
  private static Path dataDir() {
    Path dir = Path.of("target", "ceph").toAbsolutePath();
    if (dir.toString().length() <= 60) {
      return dir;
    }
    try {
      return Files.createTempDirectory("sharesnap-ceph-");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean onPath(String binary) {
    for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (Files.isExecutable(Path.of(d, binary))) {
        return true;
      }
    }
    return false;
  }
}
