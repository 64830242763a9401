package dev.sharesnap.driver.nfs;

import dev.sharesnap.config.NfsConfig;
import dev.sharesnap.driver.AccessGrant;
import dev.sharesnap.driver.BackendSnapshot;
import dev.sharesnap.driver.BlockingExecutor;
import dev.sharesnap.driver.Capacity;
import dev.sharesnap.driver.CopyProgress;
import dev.sharesnap.driver.DriverException;
import dev.sharesnap.driver.ExportIdRange;
import dev.sharesnap.driver.ExportTarget;
import dev.sharesnap.driver.ManagedShare;
import dev.sharesnap.driver.PoolCapabilities;
import dev.sharesnap.driver.ShareDriver;
import dev.sharesnap.driver.ShareRef;
import dev.sharesnap.driver.ShareResult;
import dev.sharesnap.driver.SnapshotRef;
import dev.sharesnap.driver.SnapshotResult;
import dev.sharesnap.driver.SnapshotState;
import dev.sharesnap.driver.ganesha.GaneshaExports;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * NFS backend. Design: a share is a directory {@code <root>/shares/<share id>}; a snapshot is a
 * point-in-time copy of that tree in {@code <root>/snapshots/<snapshot id>} (reflinked where the
 * filesystem can, a full copy otherwise), and its provider_location is that directory's name.
 * Copies are built in a hidden temporary directory and renamed into place, so a directory under its
 * final name is always complete: a retry after a crash finds it and succeeds, or throws the partial
 * copy away and starts again. All file work runs on the driver's own bounded pool.
 *
 * <p>With {@code sharesnap.nfs.ganesha.enabled}, clients reach shares through NFS-Ganesha: a share
 * is exported at pseudo path {@code /shares/<id>} and a snapshot (read-only) at {@code
 * /snapshots/<id>}, each only while it has access rules, whose clients are the export's CLIENT
 * blocks (Manila's Ganesha driver does the same). Export locations are then Manila's {@code
 * host:/pseudo} form. Exports are changed through {@link GaneshaExports}, also on this pool.
 */
@Startup // the copy strategy is detected and logged at start, on the main thread, not on a request
@ApplicationScoped
public class NfsDriver implements ShareDriver {

  private static final Logger LOG = Logger.getLogger(NfsDriver.class);
  private static final Pattern LOCATION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");

  private final NfsConfig config;
  private final NfsTree tree;
  private final NfsWork blocking;
  private final GaneshaExports ganesha;
  private final GroupFreeze freeze;
  private final NfsGroupSnapshots groups;

  public NfsDriver(NfsConfig config) {
    this.config = config;
    Path root = Path.of(config.root()).toAbsolutePath().normalize();
    this.tree =
        new NfsTree(
            root,
            NfsStartup.reflink(config.copyStrategy(), root),
            new NfsCopy(config.copyCommand(), config.progressInterval()));
    this.blocking =
        new NfsWork(
            new BlockingExecutor("nfs-driver", config.workerThreads(), config.operationTimeout()));
    this.ganesha =
        config.ganesha().enabled()
            ? new GaneshaExports(
                config.ganesha().dbusAddress(),
                config.ganesha().exportsDir(),
                config.ganesha().commandTimeout())
            : null;
    this.freeze = NfsStartup.groupFreeze(config, root);
    this.groups = freeze == null ? null : new NfsGroupSnapshots(tree, freeze);
    if (ganesha != null) {
      LOG.infof(
          "NFS exports through NFS-Ganesha (D-Bus %s, export ids %d-%d)",
          config.ganesha().dbusAddress(),
          config.ganesha().firstExportId(),
          config.ganesha().lastExportId());
    }
  }

  /** Whether snapshots here are reflink copies (tests and docs read it). */
  public boolean reflinkCopies() {
    return tree.reflink();
  }

  @PreDestroy
  void close() {
    tree.stopCopies();
    if (freeze != null) {
      freeze.close();
    }
    blocking.close();
  }

  @Override
  public String backendName() {
    return config.backendName();
  }

  @Override
  public int taskConcurrency() {
    return config.taskConcurrency();
  }

  @Override
  public PoolCapabilities capabilities() {
    // snapshots are mountable where Ganesha exports them
    return new PoolCapabilities(true, true, true, ganesha != null);
  }

  /** The file system holding the export root (statvfs, on a worker thread). */
  @Override
  public Uni<Capacity> capacity() {
    return Uni.createFrom()
        .item(
            () -> {
              try {
                FileStore store = Files.getFileStore(tree.root());
                return new Capacity(store.getTotalSpace(), store.getUsableSpace());
              } catch (IOException e) {
                LOG.warnf("capacity of %s unknown: %s", tree.root(), e.getMessage());
                return Capacity.unknown();
              }
            })
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
  }

  /** Root of this backend's tree (tests and docs read it). */
  public Path root() {
    return tree.root();
  }

  /**
   * The export root is a directory this service can write to (a lost or read-only mount is not). It
   * is created when missing, as the first share would.
   */
  @Override
  public Uni<Void> checkHealth() {
    return run(
            "check export root",
            () -> {
              Path root = Files.createDirectories(tree.root());
              if (!Files.isWritable(root)) {
                throw new IOException("export root " + root + " is not writable");
              }
              return root;
            })
        .replaceWithVoid();
  }

  @Override
  public Uni<ShareResult> createShare(ShareRef share) {
    return run(
        "create share " + share.id(),
        () -> exportOf(share.id(), tree.createEmpty(tree.share(share.id()))));
  }

  @Override
  public Uni<ShareResult> createShareFromSnapshot(ShareRef share, SnapshotRef snapshot) {
    return createShareFromSnapshot(share, snapshot, CopyProgress.NONE);
  }

  @Override
  public Uni<ShareResult> createShareFromSnapshot(
      ShareRef share, SnapshotRef snapshot, CopyProgress progress) {
    return run(
        "create share " + share.id() + " from snapshot " + snapshot.id(),
        () -> {
          Path source = tree.snapshot(location(snapshot));
          requireDirectory(source, "Snapshot data " + source + " is missing on the backend.");
          return exportOf(share.id(), tree.copyInto(source, tree.share(share.id()), progress));
        });
  }

  @Override
  public Uni<Void> deleteShare(ShareRef share) {
    return run("delete share " + share.id(), () -> tree.removeWithAttempts(tree.share(share.id())))
        .replaceWithVoid();
  }

  @Override
  public Uni<SnapshotResult> createSnapshot(SnapshotRef snapshot) {
    return createSnapshot(snapshot, CopyProgress.NONE);
  }

  /**
   * Copies the share into {@code <root>/snapshots/<id>} through this attempt's temporary tree,
   * reporting the copy's progress; a cancelled copy is killed and its temporary tree removed.
   */
  @Override
  public Uni<SnapshotResult> createSnapshot(SnapshotRef snapshot, CopyProgress progress) {
    return run(
        "create snapshot " + snapshot.id(),
        () -> {
          Path source = tree.share(snapshot.share().id());
          requireDirectory(source, "Share data " + source + " is missing on the backend.");
          String name = snapshot.id().toString();
          tree.copyInto(source, tree.snapshot(name), progress);
          return new SnapshotResult(
              name, snapshot.share().sizeGiB(), snapshotExport(snapshot.id()));
        });
  }

  /** "host" when group snapshots freeze the export filesystem (one point in time), else null. */
  @Override
  public String groupSnapshotConsistency() {
    return freeze == null ? null : "host";
  }

  /**
   * All members at one point in time when the export filesystem can be frozen ({@link
   * NfsGroupSnapshots}, one take at a time); else one after another.
   */
  @Override
  public Uni<List<SnapshotResult>> createGroupSnapshot(List<SnapshotRef> members) {
    if (groups == null || members.size() < 2) {
      return ShareDriver.super.createGroupSnapshot(members);
    }
    return run(
        "create group snapshot of " + members.size() + " shares",
        () -> {
          groups.take(members);
          return members.stream()
              .map(
                  m ->
                      new SnapshotResult(
                          m.id().toString(), m.share().sizeGiB(), snapshotExport(m.id())))
              .toList();
        });
  }

  /**
   * Removes the snapshot's directory and any attempt's temporary tree beside it. Without a
   * provider_location (a snapshot deleted while it was being created) the directory a create would
   * have made, {@code <root>/snapshots/<id>}, is removed.
   */
  @Override
  public Uni<Void> deleteSnapshot(SnapshotRef snapshot) {
    return run(
            "delete snapshot " + snapshot.id(),
            () ->
                tree.removeWithAttempts(
                    tree.snapshot(
                        snapshot.providerLocation() == null
                            ? snapshot.id().toString()
                            : location(snapshot))))
        .replaceWithVoid();
  }

  @Override
  public Uni<Void> revertToSnapshot(ShareRef share, SnapshotRef snapshot) {
    return run(
            "revert share " + share.id() + " to snapshot " + snapshot.id(),
            () -> {
              Path source = tree.snapshot(location(snapshot));
              requireDirectory(source, "Snapshot data " + source + " is missing on the backend.");
              return tree.replaceContents(tree.share(share.id()), source);
            })
        .replaceWithVoid();
  }

  @Override
  public Uni<SnapshotResult> manageSnapshot(SnapshotRef snapshot) {
    return run(
        "manage snapshot " + snapshot.id(),
        () -> {
          Path dir = tree.snapshot(location(snapshot));
          requireDirectory(
              dir, "Snapshot " + snapshot.providerLocation() + " was not found on the backend.");
          return new SnapshotResult(
              snapshot.providerLocation(), tree.sizeGiB(dir), snapshotExport(snapshot.id()));
        });
  }

  @Override
  public boolean managesShares() {
    return true;
  }

  /**
   * The directory name in {@code host:/shares/<name>} (the Ganesha pseudo path) or {@code
   * host:<root>/shares/<name>} (the directory itself), the two forms of this backend's export
   * locations; null for anything else.
   */
  @Override
  public String shareNameOf(String exportPath) {
    String prefix = config.exportHost() + ":";
    if (exportPath == null || !exportPath.startsWith(prefix)) {
      return null;
    }
    String path = exportPath.substring(prefix.length());
    while (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    for (String dir : List.of("/shares/", tree.shares() + "/")) {
      if (path.startsWith(dir) && LOCATION.matcher(path.substring(dir.length())).matches()) {
        return path.substring(dir.length());
      }
    }
    return null;
  }

  /**
   * Renames {@code <root>/shares/<name>} to {@code <root>/shares/<share id>} (as Manila's LVM
   * driver renames the volume it manages), so the adopted share is handled like any other; its size
   * is the data it holds. A retry finds the directory already renamed.
   */
  @Override
  public Uni<ManagedShare> manageShare(ShareRef share, String name) {
    return run(
        "manage share " + share.id() + " (directory " + name + ")",
        () -> {
          if (name == null || !LOCATION.matcher(name).matches()) {
            throw DriverException.permanent(
                "Invalid share name '" + name + "' for the NFS backend.");
          }
          Path target = tree.share(share.id());
          Path source = tree.shares().resolve(name);
          if (!source.equals(target) && Files.isDirectory(source)) {
            if (Files.exists(target)) {
              throw DriverException.permanent("Share directory " + target + " already exists.");
            }
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
          }
          requireDirectory(target, "Share " + name + " was not found on the backend.");
          return new ManagedShare(exportOf(share.id(), target).exportPath(), tree.sizeGiB(target));
        });
  }

  @Override
  public ExportIdRange exportIds() {
    return ganesha == null
        ? null
        : new ExportIdRange(
            config.ganesha().firstExportId(),
            config.ganesha().lastExportId(),
            config.ganesha().dbusAddress());
  }

  @Override
  public Uni<Void> updateAccess(ExportTarget target, List<AccessGrant> grants) {
    if (ganesha == null) {
      return ShareDriver.super.updateAccess(target, grants);
    }
    String what =
        target.isSnapshot() ? "snapshot " + target.snapshot().id() : "share " + target.share().id();
    return run(
            "update access of " + what + " (export " + target.exportId() + ")",
            () -> {
              if (grants.isEmpty()) {
                ganesha.remove(target.exportId());
                return null;
              }
              Path dir =
                  target.isSnapshot()
                      ? tree.snapshot(location(target.snapshot()))
                      : tree.share(target.share().id());
              requireDirectory(dir, "The data of " + what + " is missing on the backend.");
              ganesha.apply(
                  target.exportId(),
                  dir.toString(),
                  pseudo(target),
                  grants,
                  target.isSnapshot(),
                  GaneshaExports.FSAL_VFS);
              return null;
            })
        .replaceWithVoid();
  }

  private static String pseudo(ExportTarget target) {
    return target.isSnapshot()
        ? "/snapshots/" + target.snapshot().id()
        : "/shares/" + target.share().id();
  }

  /** Where clients mount a snapshot: only through Ganesha. */
  private String snapshotExport(UUID snapshotId) {
    return ganesha == null ? null : config.exportHost() + ":/snapshots/" + snapshotId;
  }

  /**
   * Present when the snapshot directory exists. Its size is the share's size at snapshot time, as
   * {@link #createSnapshot} reports it, unless the data in the directory has grown beyond that (NFS
   * shares have no quota): then the larger, measured size.
   */
  @Override
  public Uni<SnapshotState> inspectSnapshot(SnapshotRef snapshot) {
    return run(
        "inspect snapshot " + snapshot.id(),
        () -> {
          String name =
              snapshot.providerLocation() == null ? snapshot.id().toString() : location(snapshot);
          Path dir = tree.snapshot(name);
          if (!dir.toFile().isDirectory()) {
            return SnapshotState.missing();
          }
          return SnapshotState.present(
              Math.max(snapshot.share().sizeGiB(), tree.sizeGiB(dir)), name);
        });
  }

  /** The snapshot directories, complete or being copied ({@link NfsSnapshotList}). */
  @Override
  public Uni<List<BackendSnapshot>> listSnapshots() {
    return run("list snapshots", () -> NfsSnapshotList.scan(tree, LOCATION));
  }

  private String location(SnapshotRef snapshot) {
    String loc = snapshot.providerLocation();
    if (loc == null || !LOCATION.matcher(loc).matches()) {
      throw DriverException.permanent(
          "Invalid provider_location '" + loc + "' for the NFS backend.");
    }
    return loc;
  }

  /**
   * Manila's NFS export location {@code host:/path}: the Ganesha pseudo path when Ganesha serves
   * the share, else the directory itself.
   */
  private ShareResult exportOf(UUID shareId, Path dir) {
    return new ShareResult(
        config.exportHost() + ":" + (ganesha == null ? dir.toString() : "/shares/" + shareId));
  }

  private static void requireDirectory(Path dir, String message) {
    if (!dir.toFile().isDirectory()) {
      throw DriverException.permanent(message);
    }
  }

  private <T> Uni<T> run(String operation, NfsWork.IoWork<T> work) {
    return blocking.run(operation, work);
  }
}
