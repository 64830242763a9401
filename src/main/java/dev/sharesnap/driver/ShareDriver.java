package dev.sharesnap.driver;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.List;
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

  /**
   * The capabilities reported for this backend's pool. By default: snapshots and shares from
   * snapshots, no revert, no mountable snapshots.
   */
  default PoolCapabilities capabilities() {
    return new PoolCapabilities(true, true, false, false);
  }

  /**
   * Total and free space of the backend, for its pool's report, the readiness data and the capacity
   * gauges; unknown by default. Read-only and cheap (called every few seconds); answers unknown
   * rather than failing when the backend cannot tell.
   */
  default Uni<Capacity> capacity() {
    return Uni.createFrom().item(Capacity.unknown());
  }

  /** Backend name as used in Manila hosts ({@code host@backend#pool}). */
  String backendName();

  /**
   * Whether the backend can take work now: a cheap, read-only call (the readiness probe runs it
   * every few seconds). Fails, with the reason as message, when it cannot; the caller bounds its
   * time.
   */
  default Uni<Void> checkHealth() {
    return Uni.createFrom().voidItem();
  }

  /** Creates an empty share of the given size; returns its export path. */
  Uni<ShareResult> createShare(ShareRef share);

  /** Creates a share holding the data of {@code snapshot}; returns its export path. */
  Uni<ShareResult> createShareFromSnapshot(ShareRef share, SnapshotRef snapshot);

  /**
   * As {@link #createShareFromSnapshot(ShareRef, SnapshotRef)}, reporting the copy's progress to
   * {@code progress} and stopping it, without leaving data behind, once it is cancelled (the call
   * then fails with a permanent {@link DriverException}). Backends that do not copy keep this
   * default, which ignores {@code progress}.
   */
  default Uni<ShareResult> createShareFromSnapshot(
      ShareRef share, SnapshotRef snapshot, CopyProgress progress) {
    return createShareFromSnapshot(share, snapshot);
  }

  /** Deletes a share's data. Succeeds when it is already gone. */
  Uni<Void> deleteShare(ShareRef share);

  /**
   * Takes a point-in-time copy of the share; returns where it lives. Succeeds when it already
   * exists.
   */
  Uni<SnapshotResult> createSnapshot(SnapshotRef snapshot);

  /**
   * As {@link #createSnapshot(SnapshotRef)}, reporting the copy's progress to {@code progress} and
   * stopping it, without leaving data behind, once it is cancelled (the call then fails with a
   * permanent {@link DriverException}). Backends whose snapshots are not copies keep this default,
   * which ignores {@code progress}.
   */
  default Uni<SnapshotResult> createSnapshot(SnapshotRef snapshot, CopyProgress progress) {
    return createSnapshot(snapshot);
  }

  /**
   * Snapshots the shares of one share group together (Manila's share group snapshot); answers one
   * result per member, in the order given. Idempotent as {@link #createSnapshot}. This default
   * takes the members one after another: each copy is a point in time of its share, but the points
   * differ by the time the earlier copies took. Backends that can do better override it and say so
   * in {@link #groupSnapshotConsistency()}.
   */
  default Uni<List<SnapshotResult>> createGroupSnapshot(List<SnapshotRef> members) {
    return Multi.createFrom()
        .iterable(members)
        .onItem()
        .transformToUniAndConcatenate(this::createSnapshot)
        .collect()
        .asList();
  }

  /**
   * Manila's {@code consistent_snapshot_support} capability of this backend's pool for the groups
   * on it: {@code "host"} when {@link #createGroupSnapshot} takes every member at one point in
   * time, null (the default) when it cannot promise that.
   */
  default String groupSnapshotConsistency() {
    return null;
  }

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
   * Whether this backend can adopt existing shares ({@link #manageShare}); the API refuses a manage
   * request for a backend that cannot, rather than leaving a share in manage_error.
   */
  default boolean managesShares() {
    return false;
  }

  /**
   * The backend's own name of the share an export path of this backend points at (NFS: the
   * directory's name), or null when the path names none of its shares. Pure: no backend call, so
   * the API can tell whether the path is a managed share's.
   */
  default String shareNameOf(String exportPath) {
    return null;
  }

  /**
   * Adopts the existing backend share named {@code name} ({@link #shareNameOf}) as {@code share}:
   * afterwards it is known by {@code share.id()} like a share this backend created, so every other
   * method works on it. Returns its export path and size. Idempotent: a retry after the adoption
   * finds the share under its new name. Fails permanently when there is no such share.
   */
  default Uni<ManagedShare> manageShare(ShareRef share, String name) {
    return Uni.createFrom()
        .failure(DriverException.permanent(backendName() + " cannot manage existing shares."));
  }

  /**
   * How many storage actions on this backend one replica runs at once (its task concurrency); more
   * wait in the database unclaimed. Operators set it per backend in the backend's configuration.
   */
  default int taskConcurrency() {
    return 8;
  }

  /**
   * The export ids this backend gives its exports, or null when it serves no access rules: then the
   * API refuses share and snapshot access rules, as for a share without the capability.
   */
  default ExportIdRange exportIds() {
    return null;
  }

  /**
   * Makes the export of {@code target} admit exactly {@code grants} (snapshots read-only whatever a
   * grant says); an empty list removes the export. Idempotent: the whole set is applied each time,
   * so a retry or a later call converges on the latest rules, and removing an export that is gone
   * succeeds.
   */
  default Uni<Void> updateAccess(ExportTarget target, List<AccessGrant> grants) {
    return Uni.createFrom()
        .failure(DriverException.permanent(backendName() + " does not serve access rules."));
  }

  /**
   * The access types of share rules this backend serves: {@code ip} when it has exports (by
   * default), those of {@link #updateClientAccess} otherwise. The API refuses rules of other types
   * with a 400, where Manila would accept them and leave them in error.
   */
  default Set<String> shareAccessTypes() {
    return exportIds() == null ? Set.of() : Set.of("ip");
  }

  /**
   * Admits exactly {@code grants} to the share by the backend's own client identities (CephFS:
   * cephx ids), for backends without exports; {@code projectId} owns the share (an id stays with
   * the project that first got it). Idempotent: the whole set is applied each time, clients the
   * backend knows for the share but the set lacks lose access, and a retry gets the same keys.
   * Returns one entry per grant: its key, or why the backend refused it; failures to reach the
   * backend are {@link DriverException}s. An empty set removes every client (before a share is
   * deleted), and succeeds when the share is gone.
   */
  default Uni<List<ClientAccess>> updateClientAccess(
      ShareRef share, String projectId, List<AccessGrant> grants) {
    return Uni.createFrom()
        .failure(DriverException.permanent(backendName() + " does not serve client access."));
  }

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

  /**
   * Every snapshot this backend holds, managed by sharesnap or not (the manageable-snapshots
   * listing). Read-only, so trivially idempotent; the order is the backend's. Backends that cannot
   * list keep this default and list nothing.
   */
  default Uni<List<BackendSnapshot>> listSnapshots() {
    return Uni.createFrom().item(List.of());
  }
}
