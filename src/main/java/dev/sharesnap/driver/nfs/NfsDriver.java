package dev.sharesnap.driver.nfs;

import dev.sharesnap.config.NfsConfig;
import dev.sharesnap.driver.BlockingExecutor;
import dev.sharesnap.driver.DriverException;
import dev.sharesnap.driver.ShareDriver;
import dev.sharesnap.driver.ShareRef;
import dev.sharesnap.driver.ShareResult;
import dev.sharesnap.driver.SnapshotRef;
import dev.sharesnap.driver.SnapshotResult;
import dev.sharesnap.driver.SnapshotState;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * NFS backend. Design: a share is a directory {@code <root>/shares/<share id>}; a snapshot is a
 * point-in-time copy of that tree in {@code <root>/snapshots/<snapshot id>} (reflinked where the
 * filesystem can, a full copy otherwise), and its provider_location is that directory's name.
 * Copies are built in a hidden temporary directory and renamed into place, so a directory under its
 * final name is always complete: a retry after a crash finds it and succeeds, or throws the partial
 * copy away and starts again. All file work runs on the driver's own bounded pool.
 */
@ApplicationScoped
public class NfsDriver implements ShareDriver {

  private static final Logger LOG = Logger.getLogger(NfsDriver.class);
  private static final Pattern LOCATION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");

  private final NfsConfig config;
  private final NfsTree tree;
  private final BlockingExecutor blocking;

  public NfsDriver(NfsConfig config) {
    this.config = config;
    this.tree = new NfsTree(Path.of(config.root()).toAbsolutePath().normalize());
    this.blocking =
        new BlockingExecutor("nfs-driver", config.workerThreads(), config.operationTimeout());
  }

  @PreDestroy
  void close() {
    tree.stopCopies();
    blocking.close();
  }

  @Override
  public String backendName() {
    return config.backendName();
  }

  /** Root of this backend's tree (tests and docs read it). */
  public Path root() {
    return tree.root();
  }

  @Override
  public Uni<ShareResult> createShare(ShareRef share) {
    return run(
        "create share " + share.id(), () -> exportOf(tree.createEmpty(tree.share(share.id()))));
  }

  @Override
  public Uni<ShareResult> createShareFromSnapshot(ShareRef share, SnapshotRef snapshot) {
    return run(
        "create share " + share.id() + " from snapshot " + snapshot.id(),
        () -> {
          Path source = tree.snapshot(location(snapshot));
          requireDirectory(source, "Snapshot data " + source + " is missing on the backend.");
          return exportOf(tree.copyInto(source, tree.share(share.id())));
        });
  }

  @Override
  public Uni<Void> deleteShare(ShareRef share) {
    return run("delete share " + share.id(), () -> tree.remove(tree.share(share.id())))
        .replaceWithVoid();
  }

  @Override
  public Uni<SnapshotResult> createSnapshot(SnapshotRef snapshot) {
    return run(
        "create snapshot " + snapshot.id(),
        () -> {
          Path source = tree.share(snapshot.share().id());
          requireDirectory(source, "Share data " + source + " is missing on the backend.");
          String name = snapshot.id().toString();
          tree.copyInto(source, tree.snapshot(name));
          return new SnapshotResult(name, snapshot.share().sizeGiB());
        });
  }

  @Override
  public Uni<Void> deleteSnapshot(SnapshotRef snapshot) {
    return run(
            "delete snapshot " + snapshot.id(),
            () ->
                snapshot.providerLocation() == null
                    ? null
                    : tree.remove(tree.snapshot(location(snapshot))))
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
          return new SnapshotResult(snapshot.providerLocation(), tree.sizeGiB(dir));
        });
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

  private String location(SnapshotRef snapshot) {
    String loc = snapshot.providerLocation();
    if (loc == null || !LOCATION.matcher(loc).matches()) {
      throw DriverException.permanent(
          "Invalid provider_location '" + loc + "' for the NFS backend.");
    }
    return loc;
  }

  private ShareResult exportOf(Path dir) {
    return new ShareResult(config.exportHost() + ":" + dir);
  }

  private static void requireDirectory(Path dir, String message) {
    if (!dir.toFile().isDirectory()) {
      throw DriverException.permanent(message);
    }
  }

  private <T> Uni<T> run(String operation, IoWork<T> work) {
    return blocking.run(
        operation,
        () -> {
          long start = System.nanoTime();
          try {
            T result = work.call();
            LOG.debugf("%s done in %d ms", operation, (System.nanoTime() - start) / 1_000_000);
            return result;
          } catch (IOException | UncheckedIOException e) {
            throw DriverException.transientFailure(operation + " failed: " + e.getMessage(), e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DriverException.transientFailure(operation + " was interrupted", e);
          }
        });
  }

  @FunctionalInterface
  private interface IoWork<T> {
    T call() throws IOException, InterruptedException;
  }
}
