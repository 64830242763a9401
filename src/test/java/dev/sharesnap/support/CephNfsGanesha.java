package dev.sharesnap.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * The CephFS backend in NFS mode against real parts: the throw-away Ceph cluster ({@link
 * CephCluster}) and a second NFS-Ganesha of its own (src/test/ganesha/start-ganesha.sh with
 * GANESHA_CEPH_CONF, data under target/ganesha-ceph, NFS port GANESHA_NFS_PORT + 1, default 18991)
 * that can load FSAL CEPH. It sets {@code sharesnap.cephfs.protocol=nfs} and points the backend's
 * Ganesha settings at that server. Started once per test JVM, stopped when the JVM exits. Without
 * Ceph, NFS-Ganesha's FSAL CEPH (nfs-ganesha-ceph), libnfs's tools or root it leaves the backend as
 * {@link CephCluster} does and {@link #skipReason()} says why, unless SHARESNAP_REQUIRE_BACKENDS=1
 * makes that a failure.
 */
public class CephNfsGanesha implements QuarkusTestResourceLifecycleManager {

  private static final List<String> BINARIES =
      List.of("ganesha.nfsd", "dbus-daemon", "dbus-send", "nfs-ls", "nfs-cat", "nfs-cp");
  private static final Pattern LINE = Pattern.compile("^([A-Z_]+)='(.*)'$");
  private static final String RUNNING = "dev.sharesnap.test.ceph-ganesha.env";
  private static final String SKIPPED = "dev.sharesnap.test.ceph-ganesha.skipped";

  /** Null when the cluster and the server run; else why the CephFS NFS tests cannot run. */
  public static String skipReason() {
    if (CephCluster.skipReason() != null) {
      return CephCluster.skipReason();
    }
    return System.getProperty(RUNNING) != null
        ? null
        : System.getProperty(SKIPPED, "the CephFS NFS-Ganesha server was not started");
  }

  /** Skips the calling test, with the reason, when the parts do not run. */
  public static void assumeRunning() {
    Assumptions.assumeTrue(skipReason() == null, () -> "CephFS NFS tests skipped: " + skipReason());
  }

  @Override
  public Map<String, String> start() {
    Map<String, String> config = new HashMap<>(new CephCluster().start());
    if (CephCluster.skipReason() != null) {
      return config;
    }
    String reason = missingPrerequisite();
    if (reason != null) {
      if ("1".equals(System.getenv("SHARESNAP_REQUIRE_BACKENDS"))) {
        throw new IllegalStateException(reason + ", and SHARESNAP_REQUIRE_BACKENDS=1");
      }
      System.setProperty(SKIPPED, reason);
      System.out.println("CephNfsGanesha: the CephFS NFS tests are skipped: " + reason);
      return config;
    }
    Map<String, String> env = startOnce(config.get("sharesnap.cephfs.conf-path"));
    config.put("sharesnap.cephfs.protocol", "nfs");
    config.put("sharesnap.cephfs.nfs.dbus-address", env.get("GANESHA_DBUS_ADDRESS"));
    config.put("sharesnap.cephfs.nfs.exports-dir", env.get("GANESHA_EXPORTS_DIR"));
    config.put("sharesnap.cephfs.nfs.export-host", env.get("NFS_HOST"));
    config.put("sharesnap.cephfs.nfs.first-export-id", "3000");
    config.put("sharesnap.cephfs.nfs.last-export-id", "3999");
    return config;
  }

  /** Nothing here: the server outlives one Quarkus start and is stopped by a JVM shutdown hook. */
  @Override
  public void stop() {}

  /** A libnfs URL (NFSv4, this server's port) of {@code path} on the server. */
  public static String url(String path) {
    Map<String, String> env = env();
    return "nfs://" + env.get("NFS_HOST") + path + "?version=4&nfsport=" + env.get("NFS_PORT");
  }

  /** The server's log (Ganesha's reasons for refusing an export or a client). */
  public static Path log() {
    return Path.of(env().get("GANESHA_LOG"));
  }

  private static String missingPrerequisite() {
    String missing =
        BINARIES.stream().filter(b -> !GaneshaServer.onPath(b)).findFirst().orElse(null);
    if (missing != null) {
      return missing
          + " is not installed (apt-get install --no-install-recommends nfs-ganesha"
          + " nfs-ganesha-vfs nfs-ganesha-ceph dbus-daemon dbus-bin libnfs-utils)";
    }
    if (!Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/ganesha/libfsalceph.so"))
        && !Files.exists(Path.of("/usr/lib/aarch64-linux-gnu/ganesha/libfsalceph.so"))) {
      return "NFS-Ganesha's FSAL CEPH is not installed (apt-get install nfs-ganesha-ceph)";
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      return "the test NFS-Ganesha must run as root (its probe export uses FSAL VFS)";
    }
    return null;
  }

  private static synchronized Map<String, String> startOnce(String cephConf) {
    if (System.getProperty(RUNNING) == null) {
      Path dir = Path.of("target", "ganesha-ceph").toAbsolutePath();
      int port = Integer.parseInt(System.getenv().getOrDefault("GANESHA_NFS_PORT", "18990")) + 1;
      long start = System.nanoTime();
      String out =
          run(
              List.of("bash", "src/test/ganesha/start-ganesha.sh", dir.toString()),
              Map.of("NFS_PORT", String.valueOf(port), "GANESHA_CEPH_CONF", cephConf));
      System.out.printf(
          "CephNfsGanesha: started in %d ms in %s%n", (System.nanoTime() - start) / 1_000_000, dir);
      System.setProperty(RUNNING, out);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () ->
                      run(
                          List.of("bash", "src/test/ganesha/stop-ganesha.sh", dir.toString()),
                          Map.of()),
                  "ceph-ganesha-stop"));
    }
    return env();
  }

  private static Map<String, String> env() {
    String out = System.getProperty(RUNNING);
    if (out == null) {
      throw new IllegalStateException("no CephFS NFS-Ganesha server: " + skipReason());
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

  /** Runs a launcher script; fails unless it exits with 0, else returns its stdout. */
  private static String run(List<String> cmd, Map<String, String> env) {
    GaneshaServer.Result r = GaneshaServer.run(cmd, env, 90);
    if (r.status() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed: " + r.err() + r.out());
    }
    return r.out();
  }
}
