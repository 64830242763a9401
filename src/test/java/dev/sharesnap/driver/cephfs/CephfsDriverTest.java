package dev.sharesnap.driver.cephfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharesnap.driver.DriverException;
import dev.sharesnap.driver.ShareRef;
import dev.sharesnap.driver.ShareResult;
import dev.sharesnap.driver.SnapshotRef;
import dev.sharesnap.driver.SnapshotResult;
import dev.sharesnap.support.CephCluster;
import dev.sharesnap.support.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The CephFS driver called directly, twice or concurrently, against the real cluster: what a
 * retried or duplicated task does. Ceph's side is read with the ceph CLI as client.admin.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@WithTestResource(CephCluster.class)
class CephfsDriverTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @Inject CephfsDriver driver;

  @BeforeEach
  void cephIsThere() {
    CephCluster.assumeRunning();
  }

  private static <T> T await(Uni<T> uni) {
    return uni.await().atMost(WAIT);
  }

  private static String snapshots(ShareRef share) {
    return CephfsSnapshotTest.subvolumeSnapshots(share.id().toString());
  }

  @Test
  void everyCall_onCephfs_madeTwice_succeedsWithTheSameResult() {
    ShareRef share = new ShareRef(UUID.randomUUID(), 1);
    ShareResult first = await(driver.createShare(share));
    assertEquals(first, await(driver.createShare(share)));

    SnapshotRef snap = new SnapshotRef(UUID.randomUUID(), share, null);
    SnapshotResult taken = await(driver.createSnapshot(snap));
    assertEquals(new SnapshotResult(snap.id().toString(), 1), taken);
    assertEquals(taken, await(driver.createSnapshot(snap)));

    SnapshotRef located = new SnapshotRef(snap.id(), share, taken.providerLocation());
    ShareRef clone = new ShareRef(UUID.randomUUID(), 1);
    ShareResult cloned = await(driver.createShareFromSnapshot(clone, located));
    assertEquals(cloned, await(driver.createShareFromSnapshot(clone, located)));
    assertTrue(
        cloned.exportPath().contains(":/volumes/sharesnap/" + clone.id() + "/"),
        cloned.exportPath());

    await(driver.deleteSnapshot(located));
    await(driver.deleteSnapshot(located));
    assertFalse(snapshots(share).contains(snap.id().toString()), snapshots(share));
    await(driver.deleteShare(clone));
    await(driver.deleteShare(clone));
    await(driver.deleteShare(share));
    await(driver.deleteShare(share));
    String left = CephfsSnapshotTest.subvolumes();
    assertFalse(left.contains(share.id().toString()) || left.contains(clone.id().toString()), left);
  }

  @Test
  void twoConcurrentCreates_ofTheSameSnapshot_bothSucceed_withOneSubvolumeSnapshot() {
    ShareRef share = new ShareRef(UUID.randomUUID(), 1);
    await(driver.createShare(share));
    SnapshotRef snap = new SnapshotRef(UUID.randomUUID(), share, null);
    var both =
        await(
            Uni.combine()
                .all()
                .unis(driver.createSnapshot(snap), driver.createSnapshot(snap))
                .asTuple());
    assertEquals(both.getItem1(), both.getItem2());
    assertEquals("[{\"name\":\"" + snap.id() + "\"}]", snapshots(share).replaceAll("\\s", ""));
  }

  @Test
  void deleteShare_withASnapshotLeft_failsPermanently_withCephsReason() {
    ShareRef share = new ShareRef(UUID.randomUUID(), 1);
    await(driver.createShare(share));
    await(driver.createSnapshot(new SnapshotRef(UUID.randomUUID(), share, null)));
    DriverException e = assertThrows(DriverException.class, () -> await(driver.deleteShare(share)));
    assertFalse(e.isTransient());
    assertTrue(e.getMessage().contains("has snapshots"), e.getMessage());
  }

  @Test
  void snapshot_beyondTheSubvolumeLimit_failsPermanently_namingTheLimit() {
    ShareRef share = new ShareRef(UUID.randomUUID(), 1);
    await(driver.createShare(share));
    // mds_max_snaps_per_dir is 100 by default
    for (int i = 0; i < 100; i++) {
      await(driver.createSnapshot(new SnapshotRef(UUID.randomUUID(), share, null)));
    }
    DriverException e =
        assertThrows(
            DriverException.class,
            () -> await(driver.createSnapshot(new SnapshotRef(UUID.randomUUID(), share, null))));
    assertFalse(e.isTransient());
    assertTrue(e.getMessage().contains("snapshot limit"), e.getMessage());
  }

  /**
   * Starts a clone of {@code snap} into {@code target} as admin; Ceph's cloner starts it after ~5 s
   * here.
   */
  private static void startClone(ShareRef share, SnapshotRef snap, UUID target) {
    CephCluster.ceph(
        "fs",
        "subvolume",
        "snapshot",
        "clone",
        CephCluster.fsName(),
        share.id().toString(),
        snap.id().toString(),
        target.toString(),
        "--group_name",
        "sharesnap",
        "--target_group_name",
        "sharesnap");
  }

  @Test
  void deleteSnapshot_withAPendingClone_failsTransiently_andSucceedsOnceTheCloneIsDone() {
    ShareRef share = new ShareRef(UUID.randomUUID(), 1);
    await(driver.createShare(share));
    SnapshotRef snap = new SnapshotRef(UUID.randomUUID(), share, null);
    snap = new SnapshotRef(snap.id(), share, await(driver.createSnapshot(snap)).providerLocation());
    ShareRef clone = new ShareRef(UUID.randomUUID(), 1);
    startClone(share, snap, clone.id());
    SnapshotRef busy = snap;
    DriverException e =
        assertThrows(DriverException.class, () -> await(driver.deleteSnapshot(busy)));
    assertTrue(e.isTransient(), e.getMessage());
    assertTrue(e.getMessage().contains("pending clones"), e.getMessage());
    // what a retried task does: the clone completes, then the delete goes through
    await(driver.createShareFromSnapshot(clone, snap));
    await(driver.deleteSnapshot(snap));
    assertFalse(snapshots(share).contains(snap.id().toString()), snapshots(share));
  }

  @Test
  void deleteShare_ofACloneStillCopying_cancelsItAndRemovesIt() {
    ShareRef share = new ShareRef(UUID.randomUUID(), 1);
    await(driver.createShare(share));
    SnapshotRef snap = new SnapshotRef(UUID.randomUUID(), share, null);
    snap = new SnapshotRef(snap.id(), share, await(driver.createSnapshot(snap)).providerLocation());
    ShareRef clone = new ShareRef(UUID.randomUUID(), 1);
    startClone(share, snap, clone.id());
    await(driver.deleteShare(clone));
    assertFalse(
        CephfsSnapshotTest.subvolumes().contains(clone.id().toString()),
        CephfsSnapshotTest.subvolumes());
    await(driver.deleteSnapshot(snap));
  }

  @Test
  void manage_withAnInvalidProviderLocation_failsPermanently() {
    ShareRef share = new ShareRef(UUID.randomUUID(), 1);
    DriverException e =
        assertThrows(
            DriverException.class,
            () ->
                await(
                    driver.manageSnapshot(new SnapshotRef(UUID.randomUUID(), share, "../escape"))));
    assertFalse(e.isTransient());
  }
}
