package dev.sharesnap.driver.nfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharesnap.config.NfsConfig;
import dev.sharesnap.driver.AccessGrant;
import dev.sharesnap.driver.ExportTarget;
import dev.sharesnap.driver.ShareRef;
import dev.sharesnap.driver.SnapshotRef;
import dev.sharesnap.driver.SnapshotResult;
import dev.sharesnap.driver.ganesha.GaneshaExports;
import dev.sharesnap.support.GaneshaServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The NFS driver's Ganesha exports against a real NFS-Ganesha ({@link GaneshaServer}), read and
 * written with libnfs's tools over NFSv4 (no mount): the driver called directly, without Quarkus.
 */
class GaneshaExportsTest {

  private static final AtomicInteger IDS = new AtomicInteger(2000);
  private static NfsDriver driver;

  @BeforeAll
  static void start() {
    Map<String, String> cfg = new GaneshaServer().start();
    Assumptions.assumeTrue(
        GaneshaServer.skipReason() == null,
        () -> "Ganesha tests skipped: " + GaneshaServer.skipReason());
    driver = new NfsDriver(config(cfg));
  }

  @AfterAll
  static void stop() {
    if (driver != null) {
      driver.close();
    }
  }

  @Test
  void updateAccess_withClientRule_servesTheShareReadWriteToThatClient() throws Exception {
    UUID id = UUID.randomUUID();
    ShareRef share = new ShareRef(id, 1);
    String export = driver.createShare(share).await().indefinitely().exportPath();
    assertEquals("127.0.0.1:/shares/" + id, export);
    Files.writeString(driver.root().resolve("shares/" + id + "/hello.txt"), "hello\n");
    ExportTarget target = new ExportTarget(IDS.incrementAndGet(), share, null);

    driver
        .updateAccess(target, List.of(new AccessGrant("127.0.0.1/32", false)))
        .await()
        .indefinitely();
    // a retry changes nothing
    driver
        .updateAccess(target, List.of(new AccessGrant("127.0.0.1/32", false)))
        .await()
        .indefinitely();

    assertEquals("hello\n", cat("/shares/" + id + "/hello.txt").out());
    Path local = Files.createTempFile("ganesha-test", ".txt");
    Files.writeString(local, "from a client\n");
    GaneshaServer.Result cp =
        GaneshaServer.nfs(
            "nfs-cp", local.toString(), GaneshaServer.url("/shares/" + id + "/new.txt"));
    assertEquals(0, cp.status(), cp.err());
    assertEquals(
        "from a client\n", Files.readString(driver.root().resolve("shares/" + id + "/new.txt")));

    driver.updateAccess(target, List.of()).await().indefinitely();
    driver.updateAccess(target, List.of()).await().indefinitely();
    GaneshaServer.Result gone = cat("/shares/" + id + "/hello.txt");
    assertNotEquals(0, gone.status());
    driver.deleteShare(share).await().indefinitely();
  }

  @Test
  void updateAccess_forOtherClientsOnly_refuses127001() {
    UUID id = UUID.randomUUID();
    ShareRef share = new ShareRef(id, 1);
    driver.createShare(share).await().indefinitely();
    ExportTarget target = new ExportTarget(IDS.incrementAndGet(), share, null);
    driver
        .updateAccess(target, List.of(new AccessGrant("10.9.0.0/16", false)))
        .await()
        .indefinitely();
    GaneshaServer.Result ls = GaneshaServer.nfs("nfs-ls", GaneshaServer.url("/shares/" + id));
    assertNotEquals(0, ls.status(), ls.out());
    driver.updateAccess(target, List.of()).await().indefinitely();
  }

  @Test
  void snapshotExport_servesTheSnapshotReadOnly_evenForAnRwGrant() throws Exception {
    UUID id = UUID.randomUUID();
    ShareRef share = new ShareRef(id, 1);
    driver.createShare(share).await().indefinitely();
    Files.writeString(driver.root().resolve("shares/" + id + "/data.txt"), "v1\n");
    UUID snapId = UUID.randomUUID();
    SnapshotResult snap =
        driver.createSnapshot(new SnapshotRef(snapId, share, null)).await().indefinitely();
    assertEquals("127.0.0.1:/snapshots/" + snapId, snap.exportPath());
    Files.writeString(driver.root().resolve("shares/" + id + "/data.txt"), "v2\n");
    ExportTarget target =
        new ExportTarget(
            IDS.incrementAndGet(), share, new SnapshotRef(snapId, share, snap.providerLocation()));

    driver
        .updateAccess(target, List.of(new AccessGrant("0.0.0.0/0", false)))
        .await()
        .indefinitely();

    assertEquals("v1\n", cat("/snapshots/" + snapId + "/data.txt").out());
    Path local = Files.createTempFile("ganesha-test", ".txt");
    GaneshaServer.Result cp =
        GaneshaServer.nfs(
            "nfs-cp", local.toString(), GaneshaServer.url("/snapshots/" + snapId + "/x.txt"));
    assertNotEquals(0, cp.status());
    assertTrue(cp.err().contains("NFS4ERR_ROFS"), cp.err());
    driver.updateAccess(target, List.of()).await().indefinitely();
  }

  @Test
  void restartedGanesha_servesTheExportsStillGranted_andNotTheRemovedOnes() throws Exception {
    ShareRef kept = new ShareRef(UUID.randomUUID(), 1);
    ShareRef removed = new ShareRef(UUID.randomUUID(), 1);
    ExportTarget keptExport = new ExportTarget(IDS.incrementAndGet(), kept, null);
    ExportTarget removedExport = new ExportTarget(IDS.incrementAndGet(), removed, null);
    for (ShareRef s : List.of(kept, removed)) {
      driver.createShare(s).await().indefinitely();
      Files.writeString(driver.root().resolve("shares/" + s.id() + "/f.txt"), s.id() + "\n");
    }
    List<AccessGrant> local = List.of(new AccessGrant("127.0.0.1/32", false));
    driver.updateAccess(keptExport, local).await().indefinitely();
    driver.updateAccess(removedExport, local).await().indefinitely();
    driver.updateAccess(removedExport, List.of()).await().indefinitely();

    // the restarted process has none of the D-Bus additions: only ganesha.conf's %include of
    // sharesnap's index can bring the export back
    GaneshaServer.restart();

    assertEquals(kept.id() + "\n", cat("/shares/" + kept.id() + "/f.txt").out());
    assertNotEquals(0, cat("/shares/" + removed.id() + "/f.txt").status());
    // and the driver keeps managing it: a later change updates the export Ganesha loaded itself
    driver.updateAccess(keptExport, List.of()).await().indefinitely();
    assertNotEquals(0, cat("/shares/" + kept.id() + "/f.txt").status());
    driver.deleteShare(kept).await().indefinitely();
    driver.deleteShare(removed).await().indefinitely();
  }

  @Test
  void render_putsTheMostSpecificClientFirst_andMapsEveryoneToStar() {
    String conf =
        GaneshaExports.render(
            7,
            "/x",
            "/shares/x",
            List.of(new AccessGrant("0.0.0.0/0", true), new AccessGrant("10.0.0.5/32", false)),
            false,
            GaneshaExports.FSAL_VFS);
    assertTrue(
        conf.indexOf("Clients = 10.0.0.5/32; Access_Type = RW")
            < conf.indexOf("Clients = *; Access_Type = RO"),
        conf);
    assertTrue(conf.contains("Access_Type = None;"), conf);
  }

  private static GaneshaServer.Result cat(String path) {
    return GaneshaServer.nfs("nfs-cat", GaneshaServer.url(path));
  }

  private static NfsConfig config(Map<String, String> cfg) {
    Path root = Path.of("target", "ganesha-driver-test").toAbsolutePath();
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
        return CopyStrategy.AUTO;
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
            return true;
          }

          public String dbusAddress() {
            return cfg.get("sharesnap.nfs.ganesha.dbus-address");
          }

          public String exportsDir() {
            return cfg.get("sharesnap.nfs.ganesha.exports-dir");
          }

          public int firstExportId() {
            return 2000;
          }

          public int lastExportId() {
            return 2999;
          }

          public Duration commandTimeout() {
            return Duration.ofSeconds(10);
          }
        };
      }
    };
  }
}
