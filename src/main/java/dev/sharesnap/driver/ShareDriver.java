package dev.sharesnap.driver;

import io.smallrye.mutiny.Uni;
import java.util.Set;

/**
 * The storage SPI. Every method is idempotent: backend names derive from sharesnap's ids, so a call
 * retried after a crash finds its own earlier work; creating what exists and deleting what is gone
 * succeed. Methods never block the caller's thread; failures arrive as {@link DriverException}.
 */
public interface ShareDriver {

  /**
   * Whether this backend is configured for use. A disabled driver bean is never registered, so no
   * share is placed on it and the service runs without its storage (e.g. without a Ceph cluster).
   */
  default boolean enabled() {
    return true;
  }

  /** Share protocols this backend exports, as Manila's upper-case {@code share_proto} values. */
  default Set<String> protocols() {
    return Set.of("NFS");
  }

  /** Backend name as used in Manila hosts ({@code host@backend#pool}). */
  String backendName();

  /** Creates an empty share of the given size; returns its export path. */
  Uni<ShareResult> createShare(ShareRef share);

  /** Creates a share holding the data of {@code snapshot}; returns its export path. */
  Uni<ShareResult> createShareFromSnapshot(ShareRef share, SnapshotRef snapshot);

  /** Deletes a share's data. Succeeds when it is already gone. */
  Uni<Void> deleteShare(ShareRef share);

  /**
   * Takes a point-in-time copy of the share; returns where it lives. Succeeds when it already
   * exists.
   */
  Uni<SnapshotResult> createSnapshot(SnapshotRef snapshot);

  /** Deletes a snapshot's data. Succeeds when it is already gone. */
  Uni<Void> deleteSnapshot(SnapshotRef snapshot);

  /**
   * Makes the share's data equal to the snapshot's, in place (clients keep their mounts).
   * Idempotent: a retry after a partial run reverts again. Backends that cannot revert keep this
   * default, and their share types say revert_to_snapshot_support False so the API refuses before
   * it gets here.
   */
  default Uni<Void> revertToSnapshot(ShareRef share, SnapshotRef snapshot) {
    return Uni.createFrom()
        .failure(DriverException.permanent(backendName() + " cannot revert shares to snapshots."));
  }

  /**
   * Adopts an existing backend snapshot named by {@code snapshot.providerLocation()}; fails
   * permanently when there is no such snapshot of that share.
   */
  Uni<SnapshotResult> manageSnapshot(SnapshotRef snapshot);

  /**
   * Re-reads a snapshot from the backend (sharesnap's "pull" and periodic reconciliation).
   * Read-only and so trivially idempotent. Answers {@link SnapshotState.Presence#MISSING} when the
   * backend object (or its share) is gone, which is an answer, not a failure; failures to ask are
   * {@link DriverException}s. Backends that cannot inspect keep this default, {@link
   * SnapshotState#UNKNOWN}, and reconciliation leaves their snapshots alone.
   */
  default Uni<SnapshotState> inspectSnapshot(SnapshotRef snapshot) {
    return Uni.createFrom().item(SnapshotState.UNKNOWN);
  }
}
