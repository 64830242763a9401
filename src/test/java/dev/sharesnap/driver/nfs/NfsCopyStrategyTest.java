package dev.sharesnap.driver.nfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharesnap.config.NfsConfig;
import dev.sharesnap.driver.ShareRef;
import dev.sharesnap.driver.SnapshotRef;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The NFS backend's copy strategy, detected at start: full copies on this machine's ext4, reflink
 * copies on a loop-mounted XFS image with reflink (made and unmounted here; needs root and
 * xfsprogs, else skipped unless SHARESNAP_REQUIRE_BACKENDS=1).
 */
class NfsCopyStrategyTest {

  private static final int MIB = 1 << 20;

  @Test
  void auto_onExt4_copiesInFull_andReflinkRequiredRefusesToStart() throws Exception {
    Path root = Path.of("target", "copy-strategy-ext4").toAbsolutePath();
    Files.createDirectories(root);
    Assumptions.assumeTrue(
        "ext4".equals(run(List.of("stat", "-f", "-c", "%T", root.toString())).strip())
            || "ext2/ext3".equals(run(List.of("stat", "-f", "-c", "%T", root.toString())).strip()),
        "target/ is not on ext4 here");
    NfsDriver driver = new NfsDriver(config(root, NfsConfig.CopyStrategy.AUTO));
    try {
      assertFalse(driver.reflinkCopies());
    } finally {
      driver.close();
    }
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> new NfsDriver(config(root, NfsConfig.CopyStrategy.REFLINK)));
    assertTrue(e.getMessage().contains("cannot clone files"), e.getMessage());
  }

  @Test
  void auto_onXfsWithReflink_snapshotsShareExtents_andStayIndependent() throws Exception {
    String missing = xfsPrerequisite();
    if (missing != null && "1".equals(System.getenv("SHARESNAP_REQUIRE_BACKENDS"))) {
      throw new IllegalStateException(missing + ", and SHARESNAP_REQUIRE_BACKENDS=1");
    }
    Assumptions.assumeTrue(missing == null, () -> "XFS reflink test skipped: " + missing);
    Path img = Path.of("target", "xfs-reflink.img").toAbsolutePath();
    Path mnt = Path.of("target", "xfs-reflink-mnt").toAbsolutePath();
    Files.deleteIfExists(img);
    Files.createDirectories(mnt);
    run(List.of("truncate", "-s", "512M", img.toString()));
    run(List.of("mkfs.xfs", "-q", "-m", "reflink=1", img.toString()));
    run(List.of("mount", "-o", "loop", img.toString(), mnt.toString()));
    NfsDriver driver = null;
    try {
      driver = new NfsDriver(config(mnt.resolve("nfs"), NfsConfig.CopyStrategy.AUTO));
      assertTrue(driver.reflinkCopies());
      ShareRef share = new ShareRef(UUID.randomUUID(), 1);
      driver.createShare(share).await().indefinitely();
      Path data = driver.root().resolve("shares/" + share.id() + "/data.bin");
      byte[] original = new byte[64 * MIB];
      new Random(7).nextBytes(original);
      Files.write(data, original);
      run(List.of("sync"));
      long freeBefore = Files.getFileStore(mnt).getUsableSpace();

      UUID snapId = UUID.randomUUID();
      driver.createSnapshot(new SnapshotRef(snapId, share, null)).await().indefinitely();
      run(List.of("sync"));
      long used = freeBefore - Files.getFileStore(mnt).getUsableSpace();
      // a full copy would take 64 MiB; a reflink copy only metadata
      assertTrue(used < 8 * MIB, "the snapshot used " + used / MIB + " MiB");

      try (RandomAccessFile f = new RandomAccessFile(data.toFile(), "rw")) {
        f.write(new byte[MIB]); // in place, as an NFS client writes
      }
      Path snapData = driver.root().resolve("snapshots/" + snapId + "/data.bin");
      assertArrayEquals(original, Files.readAllBytes(snapData));
      assertEquals(0, Files.readAllBytes(data)[0]);
    } finally {
      if (driver != null) {
        driver.close();
      }
      run(List.of("umount", mnt.toString()));
      Files.deleteIfExists(img);
    }
  }

  private static String xfsPrerequisite() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return "loop mounts need root";
    }
    for (String b : List.of("/usr/sbin/mkfs.xfs", "/usr/bin/mount", "/usr/bin/truncate")) {
      if (!Files.isExecutable(Path.of(b))) {
        return b + " is missing (apt-get install xfsprogs)";
      }
    }
    return null;
  }

  private static String run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
    }
    return out;
  }

  private static NfsConfig config(Path root, NfsConfig.CopyStrategy strategy) {
    return new NfsConfig() {
      public String root() {
        return root.toString();
      }

      public String exportHost() {
        return "127.0.0.1";
      }

      public String backendName() {
        return "nfs";
      }

      public int taskConcurrency() {
        return 8;
      }

      public int workerThreads() {
        return 2;
      }

      public Duration operationTimeout() {
        return Duration.ofMinutes(1);
      }

      public CopyStrategy copyStrategy() {
        return strategy;
      }

      public Duration progressInterval() {
        return Duration.ofSeconds(2);
      }

      public java.util.List<String> copyCommand() {
        return java.util.List.of("cp");
      }

      public GroupSnapshots groupSnapshots() {
        return new NoGroupFreeze();
      }

      public Ganesha ganesha() {
        return new Ganesha() {
          public boolean enabled() {
            return false;
          }

          public String dbusAddress() {
            return "unix:path=/nonexistent";
          }

          public String exportsDir() {
            return root.resolve("exports").toString();
          }

          public int firstExportId() {
            return 1000;
          }

          public int lastExportId() {
            return 1999;
          }

          public Duration commandTimeout() {
            return Duration.ofSeconds(1);
          }
        };
      }
    };
  }
}
