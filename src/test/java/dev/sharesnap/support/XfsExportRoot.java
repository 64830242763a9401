package dev.sharesnap.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Test profile: the NFS export root on an XFS filesystem of its own (a loop-mounted image under
 * target/, with reflink), so that the driver can freeze it for group snapshots; staging stays on
 * the build's filesystem. Needs root, mkfs.xfs, fsfreeze and loop devices; tests using it are
 * skipped otherwise. The image is unmounted when the test JVM exits.
 */
public class XfsExportRoot implements QuarkusTestProfile {

  private static final Path IMAGE = Path.of("target/xfs-export.img").toAbsolutePath();
  private static final Path MOUNT = Path.of("target/xfs-export").toAbsolutePath();

  /** Whether this machine can provide the filesystem. */
  public static boolean usable() {
    try {
      return "0".equals(run("id", "-u").trim())
          && Files.exists(Path.of("/dev/loop-control"))
          && run(
                  "sh",
                  "-c",
                  "PATH=$PATH:/usr/sbin:/sbin; for c in mkfs.xfs fsfreeze findmnt; do command -v $c; done"
                      + " | wc -l")
              .trim()
              .equals("3");
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  @Override
  public Map<String, String> getConfigOverrides() {
    mount();
    return Map.of(
        "sharesnap.nfs.root", MOUNT.resolve("nfs").toString(),
        "sharesnap.nfs.group-snapshots.staging-dir",
            Path.of("target/group-staging").toAbsolutePath().toString());
  }

  private static synchronized void mount() {
    try {
      if (!run("findmnt", "-n", "-o", "TARGET", MOUNT.toString()).isBlank()) {
        return;
      }
      Files.createDirectories(MOUNT);
      Files.deleteIfExists(IMAGE);
      run("truncate", "-s", "512M", IMAGE.toString());
      check(
          run(
              "sh",
              "-c",
              "PATH=$PATH:/usr/sbin:/sbin; mkfs.xfs -q -m reflink=1 " + IMAGE + " && echo ok"));
      check(run("sh", "-c", "mount -o loop " + IMAGE + " " + MOUNT + " && echo ok"));
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      run("sh", "-c", "PATH=$PATH:/usr/sbin:/sbin; fsfreeze --unfreeze " + MOUNT);
                      // lazily: the test NFS server may still hold the export open at exit, and
                      // a plain umount then failed and left the mount behind after every run
                      run("umount", "--lazy", MOUNT.toString());
                      Files.deleteIfExists(IMAGE);
                    } catch (IOException | InterruptedException e) {
                      // best effort at exit
                    }
                  }));
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("cannot mount the XFS export root: " + e, e);
    }
  }

  private static void check(String output) throws IOException {
    if (!output.trim().endsWith("ok")) {
      throw new IOException(output);
    }
  }

  private static String run(String... argv) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(List.of(argv)).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor(2, TimeUnit.MINUTES);
    return out;
  }
}
