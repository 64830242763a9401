package dev.sharesnap.driver.nfs;

import dev.sharesnap.driver.DriverException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * One point in time for several share directories of one filesystem. A reflink (or any) copy into a
 * frozen filesystem blocks until the thaw, so the members cannot be copied in place while it is
 * frozen; instead every member is read under the freeze (reads pass a frozen filesystem) and
 * written to a staging directory on another filesystem, then the filesystem is thawed. The freeze
 * is bounded: a watchdog thaws after {@code maxFreeze} whatever the copies' state, and that attempt
 * fails. Runs only on the NFS driver's pool.
 */
final class GroupFreeze {

  private static final Logger LOG = Logger.getLogger(GroupFreeze.class);

  private final String fsfreeze;
  private final Path mountPoint;
  private final Path staging;
  private final Duration maxFreeze;
  private final ScheduledExecutorService watchdog =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "nfs-freeze-watchdog");
            t.setDaemon(true);
            return t;
          });

  private GroupFreeze(String fsfreeze, Path mountPoint, Path staging, Duration maxFreeze) {
    this.fsfreeze = fsfreeze;
    this.mountPoint = mountPoint;
    this.staging = staging;
    this.maxFreeze = maxFreeze;
  }

  /**
   * The freeze for {@code root}'s filesystem, or null with the reason logged when it cannot be used
   * (not root, export root on {@code /}, staging on the same filesystem, no fsfreeze). A filesystem
   * left frozen by a crash during a freeze is thawed here.
   */
  static GroupFreeze detect(Path root, Path staging, Duration maxFreeze) {
    try {
      Files.createDirectories(root);
      Files.createDirectories(staging);
      String refusal = refusal(root, staging);
      if (refusal != null) {
        LOG.infof("NFS group snapshots in %s: members one after another (%s)", root, refusal);
        return null;
      }
      String fsfreeze = executable("fsfreeze");
      Path mount = Path.of(findmnt(root));
      GroupFreeze freeze = new GroupFreeze(fsfreeze, mount, staging, maxFreeze);
      freeze.thaw(); // a crash while frozen leaves the filesystem frozen
      LOG.infof(
          "NFS group snapshots in %s: one point in time (fsfreeze of %s, staged in %s)",
          root, mount, staging);
      return freeze;
    } catch (IOException e) {
      LOG.infof("NFS group snapshots in %s: members one after another (%s)", root, e.getMessage());
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static String refusal(Path root, Path staging) throws IOException, InterruptedException {
    if (!"0".equals(effectiveUid())) {
      return "fsfreeze needs root";
    }
    if (executable("fsfreeze") == null) {
      return "no fsfreeze (util-linux)";
    }
    String mount = findmnt(root);
    if (mount.equals("/")) {
      return "the export root is on the root filesystem, which is never frozen";
    }
    if (mount.equals(findmnt(staging))) {
      return "the staging directory " + staging + " is on the export filesystem";
    }
    return null;
  }

  /** The program's path: on PATH or in the sbin directories a service's PATH may lack. */
  static String executable(String name) {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return Path.of(dir, name).toString();
      }
    }
    return null;
  }

  private static String effectiveUid() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("Uid:")) {
        return line.split("\\s+")[2];
      }
    }
    return "";
  }

  private static String findmnt(Path p) throws IOException, InterruptedException {
    return command(List.of("findmnt", "-n", "-o", "TARGET", "-T", p.toString()), true).trim();
  }

  /**
   * Copies every source tree to its own directory under a fresh staging directory while the
   * filesystem is frozen, and answers those directories in order. The caller removes them.
   */
  List<Path> stage(List<Path> sources, String name) throws IOException, InterruptedException {
    Path dir = staging.resolve(name + "." + System.nanoTime());
    Files.createDirectories(dir);
    List<Path> staged = new ArrayList<>();
    try {
      frozenCopies(sources, dir, staged);
    } catch (IOException | InterruptedException | RuntimeException e) {
      command(List.of("rm", "-rf", dir.toString()), false);
      throw e;
    }
    return staged;
  }

  private void frozenCopies(List<Path> sources, Path dir, List<Path> staged)
      throws IOException, InterruptedException {
    AtomicBoolean expired = new AtomicBoolean();
    command(List.of(fsfreeze, "--freeze", mountPoint.toString()), true);
    ScheduledFuture<?> bound =
        watchdog.schedule(
            () -> {
              expired.set(true);
              thaw();
            },
            maxFreeze.toMillis(),
            TimeUnit.MILLISECONDS);
    try {
      for (int i = 0; i < sources.size(); i++) {
        Path target = dir.resolve(Integer.toString(i));
        Files.createDirectories(target);
        command(List.of("cp", "-a", sources.get(i) + "/.", target.toString()), true);
        staged.add(target);
      }
    } finally {
      bound.cancel(false);
      thaw();
    }
    if (expired.get()) {
      throw DriverException.transientFailure(
          "Group snapshot: the copies took longer than the longest freeze ("
              + maxFreeze
              + "); the filesystem was thawed and the attempt is retried.",
          null);
    }
  }

  Path stagingRoot() {
    return staging;
  }

  /** Thaws; a filesystem that is not frozen is no error. */
  private void thaw() {
    try {
      command(List.of(fsfreeze, "--unfreeze", mountPoint.toString()), false);
    } catch (IOException e) {
      LOG.warnf("thaw of %s failed: %s", mountPoint, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String command(List<String> argv, boolean check)
      throws IOException, InterruptedException {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(1, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", argv) + " did not finish");
    }
    if (check && p.exitValue() != 0) {
      throw new IOException(String.join(" ", argv) + " failed: " + out.trim());
    }
    return out;
  }

  void close() {
    watchdog.shutdownNow();
  }
}
