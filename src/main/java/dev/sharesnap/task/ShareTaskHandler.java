package dev.sharesnap.task;

import dev.sharesnap.domain.Share;
import dev.sharesnap.domain.ShareStatus;
import dev.sharesnap.domain.Snapshot;
import dev.sharesnap.domain.SnapshotStatus;
import dev.sharesnap.domain.UserMessage;
import dev.sharesnap.driver.DriverException;
import dev.sharesnap.driver.DriverRegistry;
import dev.sharesnap.driver.ShareDriver;
import dev.sharesnap.driver.ShareRef;
import dev.sharesnap.driver.ShareResult;
import dev.sharesnap.driver.SnapshotRef;
import dev.sharesnap.persistence.MessageRepository;
import dev.sharesnap.persistence.QuotaRepository;
import dev.sharesnap.persistence.ShareRepository;
import dev.sharesnap.persistence.SnapshotRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/** Share create (empty or from a snapshot) and delete. */
@ApplicationScoped
public class ShareTaskHandler implements TaskHandler {

  private static final Logger LOG = Logger.getLogger(ShareTaskHandler.class);
  private static final List<String> CREATING =
      List.of(ShareStatus.CREATING, ShareStatus.CREATING_FROM_SNAPSHOT);

  private final Pool pool;
  private final ShareRepository shares;
  private final SnapshotRepository snapshots;
  private final DriverRegistry drivers;
  private final TaskQueue queue;
  private final MessageRepository messages;
  private final QuotaRepository quotas;
  private final AccessTaskHandler access;
  private final Vertx vertx;

  public ShareTaskHandler(
      @TaskPool Pool pool,
      ShareRepository shares,
      SnapshotRepository snapshots,
      DriverRegistry drivers,
      TaskQueue queue,
      MessageRepository messages,
      QuotaRepository quotas,
      AccessTaskHandler access,
      Vertx vertx) {
    this.vertx = vertx;
    this.access = access;
    this.quotas = quotas;
    this.messages = messages;
    this.pool = pool;
    this.shares = shares;
    this.snapshots = snapshots;
    this.drivers = drivers;
    this.queue = queue;
  }

  @Override
  public Set<TaskKind> kinds() {
    return EnumSet.of(TaskKind.SHARE_CREATE, TaskKind.SHARE_DELETE, TaskKind.SHARE_REVERT);
  }

  @Override
  public Uni<Void> run(Task task) {
    return shares
        .findById(pool, task.resourceId())
        .chain(
            s -> s == null || !expected(task, s) ? queue.complete(pool, task) : perform(task, s));
  }

  private Uni<Void> perform(Task task, Share share) {
    ShareDriver driver = drivers.forHost(share.host());
    ShareRef ref = new ShareRef(share.id(), share.size());
    if (task.kind() == TaskKind.SHARE_REVERT) {
      return revert(task, share, driver, ref);
    }
    if (task.kind() == TaskKind.SHARE_DELETE) {
      return access
          .removeExport(driver, ref, null)
          .chain(() -> driver.deleteShare(ref))
          .chain(
              () ->
                  pool.withTransaction(
                      tx ->
                          shares
                              .deleteIfStatus(tx, share.id(), share.status())
                              // the quota comes back with the row, as Manila releases it once the
                              // backend deleted the share
                              .call(
                                  deleted ->
                                      deleted
                                          ? quotas.release(tx, share.id())
                                          : Uni.createFrom().voidItem())
                              .chain(() -> queue.complete(tx, task))))
          .invoke(
              () ->
                  LOG.infof(
                      "share %s: deleting -> gone (task %d, %s)",
                      share.id(), task.id(), task.requestId()));
    }
    if (share.snapshotId() != null && ShareStatus.CREATING.equals(share.status())) {
      // as Manila's share manager: the share says creating_from_snapshot while its data is copied
      return shares
          .transition(
              pool, share.id(), List.of(ShareStatus.CREATING), ShareStatus.CREATING_FROM_SNAPSHOT)
          .chain(
              moved ->
                  moved
                      ? shares.findById(pool, share.id()).chain(s -> perform(task, s))
                      : copyStopped(task, share));
    }
    ProgressWriter progress =
        ProgressWriter.of(
            vertx,
            share.progress(),
            p -> shares.recordProgress(pool, share.id(), share.status(), p),
            "share " + share.id());
    Uni<ShareResult> created =
        share.snapshotId() == null
            ? driver.createShare(ref)
            : snapshots
                .findById(pool, share.snapshotId())
                .chain(
                    snap -> {
                      if (snap == null) {
                        throw DriverException.permanent(
                            "Snapshot " + share.snapshotId() + " no longer exists.");
                      }
                      return copy(driver, ref, snap, progress);
                    });
    return created
        .chain(
            r ->
                pool.withTransaction(
                    tx ->
                        shares
                            .complete(
                                tx,
                                share.id(),
                                share.status(),
                                ShareStatus.AVAILABLE,
                                r.exportPath(),
                                null)
                            .chain(() -> queue.complete(tx, task))))
        .invoke(
            () ->
                LOG.infof(
                    "share %s: %s -> available (task %d, %s)",
                    share.id(), share.status(), task.id(), task.requestId()))
        .onFailure(f -> progress.unwanted())
        .recoverWithUni(() -> copyStopped(task, share));
  }

  /**
   * The copy of the snapshot's data into the new share, its progress stored as it runs; an attempt
   * that fails or runs out of time stops it.
   */
  private static Uni<ShareResult> copy(
      ShareDriver driver, ShareRef ref, Snapshot snap, ProgressWriter progress) {
    return driver
        .createShareFromSnapshot(
            ref,
            new SnapshotRef(
                snap.id(), new ShareRef(snap.shareId(), snap.shareSize()), snap.providerLocation()),
            progress)
        .onTermination()
        .invoke(progress::finish);
  }

  /** The share left its creating status while its copy ran (reset_status, deleted): stop there. */
  private Uni<Void> copyStopped(Task task, Share share) {
    LOG.infof(
        "share %s: copy stopped, the share is no longer %s (task %d, %s)",
        share.id(), share.status(), task.id(), task.requestId());
    return queue.complete(pool, task);
  }

  private Uni<Void> revert(Task task, Share share, ShareDriver driver, ShareRef ref) {
    return snapshots
        .restoringOfShare(pool, share.id())
        .chain(
            snap -> {
              if (snap == null) {
                throw DriverException.permanent(
                    "No snapshot of share " + share.id() + " is being restored.");
              }
              return driver
                  .revertToSnapshot(ref, new SnapshotRef(snap.id(), ref, snap.providerLocation()))
                  .chain(
                      () ->
                          pool.withTransaction(
                              tx ->
                                  shares
                                      .complete(
                                          tx,
                                          share.id(),
                                          ShareStatus.REVERTING,
                                          ShareStatus.AVAILABLE,
                                          null,
                                          null)
                                      .chain(
                                          () ->
                                              snapshots.complete(
                                                  tx,
                                                  snap.id(),
                                                  SnapshotStatus.RESTORING,
                                                  SnapshotStatus.AVAILABLE,
                                                  null,
                                                  null,
                                                  null))
                                      .chain(() -> queue.complete(tx, task))))
                  .invoke(
                      () ->
                          LOG.infof(
                              "share %s: reverted to snapshot %s (task %d, %s)",
                              share.id(), snap.id(), task.id(), task.requestId()));
            });
  }

  @Override
  public Uni<Void> giveUp(Task task, Throwable cause) {
    return ShareGiveUp.run(
        pool, shares, queue, LOG, task, cause, (t, s) -> true, this::recordFailure);
  }

  /**
   * The error status of the failed operation, plus a user message. A failed revert leaves the share
   * in reverting_error and gives the snapshot back (Manila's outcome).
   */
  private Uni<Void> recordFailure(SqlClient tx, Task task, Share s, String reason) {
    return switch (task.kind()) {
      case SHARE_REVERT ->
          shares
              .complete(
                  tx, s.id(), ShareStatus.REVERTING, ShareStatus.REVERTING_ERROR, null, reason)
              .chain(() -> giveBackRestoringSnapshot(tx, s))
              .chain(() -> message(tx, task, s, UserMessage.Action.REVERT_TO_SNAPSHOT, reason));
      case SHARE_DELETE ->
          shares
              .complete(tx, s.id(), s.status(), ShareStatus.ERROR_DELETING, null, reason)
              .chain(() -> message(tx, task, s, UserMessage.Action.DELETE, reason));
      default ->
          shares
              .complete(tx, s.id(), s.status(), ShareStatus.ERROR, null, reason)
              .chain(() -> message(tx, task, s, UserMessage.Action.CREATE, reason));
    };
  }

  private Uni<Void> giveBackRestoringSnapshot(SqlClient tx, Share s) {
    return snapshots
        .restoringOfShare(tx, s.id())
        .chain(
            snap ->
                snap == null
                    ? Uni.createFrom().voidItem()
                    : snapshots
                        .complete(
                            tx,
                            snap.id(),
                            SnapshotStatus.RESTORING,
                            SnapshotStatus.AVAILABLE,
                            null,
                            null,
                            null)
                        .replaceWithVoid());
  }

  private Uni<Void> message(
      SqlClient tx, Task task, Share s, UserMessage.Action action, String reason) {
    return messages.error(
        tx, s.projectId(), task.requestId(), UserMessage.SHARE, s.id(), action, reason);
  }

  private static boolean expected(Task task, Share s) {
    return switch (task.kind()) {
      case SHARE_DELETE -> ShareStatus.DELETING.equals(s.status());
      case SHARE_REVERT -> ShareStatus.REVERTING.equals(s.status());
      default -> CREATING.contains(s.status());
    };
  }
}
