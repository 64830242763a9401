package dev.sharesnap.service;

import dev.sharesnap.domain.ApiException;
import dev.sharesnap.domain.Share;
import dev.sharesnap.domain.ShareStatus;
import dev.sharesnap.domain.Snapshot;
import dev.sharesnap.domain.SnapshotStatus;
import dev.sharesnap.identity.Caller;
import dev.sharesnap.persistence.ShareRepository;
import dev.sharesnap.persistence.SnapshotRepository;
import dev.sharesnap.policy.PolicyEnforcer;
import dev.sharesnap.policy.Rule;
import dev.sharesnap.task.TaskKind;
import dev.sharesnap.task.TaskQueue;
import dev.sharesnap.task.TaskWorker;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Share action {@code revert} (2.27+): back to the share's latest snapshot, with Manila's checks in
 * Manila's order. Share and snapshot are locked for the checks, then moved to reverting / restoring
 * with the task in the same transaction.
 */
@ApplicationScoped
public class RevertService {

  private static final Logger LOG = Logger.getLogger(RevertService.class);

  private final Pool pool;
  private final ShareRepository shares;
  private final SnapshotRepository snapshots;
  private final TaskQueue tasks;
  private final TaskWorker worker;
  private final PolicyEnforcer policy;

  public RevertService(
      Pool pool,
      ShareRepository shares,
      SnapshotRepository snapshots,
      TaskQueue tasks,
      TaskWorker worker,
      PolicyEnforcer policy) {
    this.pool = pool;
    this.shares = shares;
    this.snapshots = snapshots;
    this.tasks = tasks;
    this.worker = worker;
    this.policy = policy;
  }

  public Uni<Void> revert(
      Caller caller, String shareId, Supplier<String> snapshotIdFromBody, String requestId) {
    policy.authorize(caller, Rule.SHARE_REVERT);
    String snapshotId = snapshotIdFromBody.get();
    UUID shareUuid =
        Ids.parse(shareId, ApiException.notFound("NotFound: Resource could not be found."));
    ApiException noSnapshot =
        ApiException.badRequest("Snapshot " + snapshotId + " could not be found.");
    UUID snapUuid = Ids.parse(snapshotId, noSnapshot);
    return pool.withTransaction(
            tx ->
                shares
                    .lock(tx, shareUuid)
                    .map(share -> visibleShare(caller, share))
                    .chain(
                        share ->
                            snapshots
                                .findById(tx, snapUuid)
                                .map(snap -> checkRevertible(caller, share, snap, noSnapshot))
                                .call(snap -> checkLatest(tx, share, snap))
                                .call(
                                    snap ->
                                        shares.transition(
                                            tx,
                                            share.id(),
                                            List.of(ShareStatus.AVAILABLE),
                                            ShareStatus.REVERTING))
                                .call(
                                    snap ->
                                        snapshots.transition(
                                            tx,
                                            snap.id(),
                                            List.of(SnapshotStatus.AVAILABLE),
                                            SnapshotStatus.RESTORING))
                                .call(
                                    snap ->
                                        tasks.enqueue(
                                            tx, TaskKind.SHARE_REVERT, share.id(), requestId))))
        .invoke(
            snap -> {
              LOG.infof("share %s: reverting to snapshot %s (%s)", shareUuid, snap.id(), requestId);
              worker.wake();
            })
        .replaceWithVoid();
  }

  private static Share visibleShare(Caller caller, Share share) {
    if (share == null || !caller.isAdmin() && !caller.projectId().equals(share.projectId())) {
      throw ApiException.notFound("NotFound: Resource could not be found.");
    }
    return share;
  }

  private Snapshot checkRevertible(
      Caller caller, Share share, Snapshot snap, ApiException noSnapshot) {
    if (snap == null || !caller.isAdmin() && !caller.projectId().equals(snap.projectId())) {
      throw noSnapshot;
    }
    policy.authorize(caller, Rule.SHARE_REVERT, share.projectId());
    if (!share.revertToSnapshotSupport()) {
      throw ApiException.badRequest(
          "Share "
              + share.id()
              + " may not be reverted to snapshot "
              + snap.id()
              + ", because the share does not have that capability.");
    }
    if (!snap.shareId().equals(share.id())) {
      throw ApiException.badRequest(
          "Snapshot " + snap.id() + " is not associated with share " + share.id() + ".");
    }
    if (!ShareStatus.AVAILABLE.equals(share.status())) {
      throw ApiException.conflict(
          "Share "
              + share.id()
              + " is in '"
              + share.status()
              + "' state, but it must be in 'available' state to be reverted to a snapshot.");
    }
    if (!SnapshotStatus.AVAILABLE.equals(snap.status())) {
      throw ApiException.conflict(
          "Snapshot "
              + snap.id()
              + " is in '"
              + snap.status()
              + "' state, but it must be in 'available' state to be restored.");
    }
    return snap;
  }

  private Uni<Snapshot> checkLatest(SqlClient tx, Share share, Snapshot snap) {
    return snapshots
        .latestOfShare(tx, share.id())
        .invoke(
            latest -> {
              if (!latest.id().equals(snap.id())) {
                throw ApiException.conflict(
                    "Snapshot "
                        + snap.id()
                        + " may not be restored because it is not the most"
                        + " recent snapshot of share "
                        + share.id()
                        + ". Currently the latest snapshot is "
                        + latest.id()
                        + ".");
              }
            });
  }
}
