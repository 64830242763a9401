package dev.sharesnap.service;

import dev.sharesnap.config.SyncConfig;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.domain.SnapshotStatus;
import dev.sharesnap.identity.Caller;
import dev.sharesnap.persistence.SnapshotRepository;
import dev.sharesnap.policy.PolicyEnforcer;
import dev.sharesnap.policy.Rule;
import dev.sharesnap.task.TaskKind;
import dev.sharesnap.task.TaskQueue;
import dev.sharesnap.task.TaskWorker;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Extension "pull" and the periodic reconciliation: both only schedule {@code snapshot.sync} tasks,
 * so the re-reading runs in the durable pipeline (leases, retries) like any storage action, and
 * {@link dev.sharesnap.task.SnapshotSyncHandler} does the reconciling.
 */
@ApplicationScoped
public class SnapshotSyncService {

  private static final Logger LOG = Logger.getLogger(SnapshotSyncService.class);

  /**
   * Transaction-level advisory lock key ("SHSNSYNC") held by the replica running a periodic pass.
   */
  static final long SYNC_LOCK = 0x5348534E53594E43L;

  private final Pool pool;
  private final SnapshotService snapshotService;
  private final SnapshotRepository snapshots;
  private final TaskQueue tasks;
  private final TaskWorker worker;
  private final PolicyEnforcer policy;
  private final SyncConfig config;

  public SnapshotSyncService(
      Pool pool,
      SnapshotService snapshotService,
      SnapshotRepository snapshots,
      TaskQueue tasks,
      TaskWorker worker,
      PolicyEnforcer policy,
      SyncConfig config) {
    this.pool = pool;
    this.snapshotService = snapshotService;
    this.snapshots = snapshots;
    this.tasks = tasks;
    this.worker = worker;
    this.policy = policy;
    this.config = config;
  }

  /** Schedules a re-read of one available snapshot; 202 once the task is committed. */
  public Uni<Void> pull(Caller caller, String id, String requestId) {
    policy.authorize(caller, Rule.SNAPSHOT_SYNC);
    return pool.withTransaction(
            tx ->
                snapshotService
                    .visible(tx, caller, id)
                    .invoke(s -> policy.authorize(caller, Rule.SNAPSHOT_SYNC, s.projectId()))
                    .invoke(
                        s -> {
                          if (!SnapshotStatus.AVAILABLE.equals(s.status())) {
                            throw ApiException.badRequest(
                                "Invalid share snapshot: Share Snapshot status must be available.");
                          }
                        })
                    .call(s -> tasks.enqueue(tx, TaskKind.SNAPSHOT_SYNC, s.id(), requestId)))
        .invoke(s -> LOG.infof("snapshot %s: sync scheduled (%s)", s.id(), requestId))
        .invoke(worker::wake)
        .replaceWithVoid();
  }

  @Scheduled(
      identity = "snapshot-sync",
      every = "{sharesnap.sync.interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> periodic() {
    return reconcileOnce()
        .onFailure()
        .recoverWithItem(
            e -> {
              LOG.warnf("periodic snapshot sync failed: %s", e.getMessage());
              return -1;
            })
        .replaceWithVoid();
  }

  /**
   * One periodic pass: if no other replica runs one now (advisory lock), schedules a sync for the
   * least recently synced available snapshots, at most {@code batch-size}. Returns how many were
   * scheduled, or -1 when another replica held the lock.
   */
  public Uni<Integer> reconcileOnce() {
    return pool.withTransaction(
            tx ->
                tryLock(tx)
                    .chain(
                        locked ->
                            locked
                                ? snapshots
                                    .takeForSync(
                                        tx, config.batchSize(), TaskKind.SNAPSHOT_SYNC.key())
                                    .call(ids -> schedule(tx, ids))
                                    .map(List::size)
                                : Uni.createFrom().item(-1)))
        .invoke(this::scheduled);
  }

  private Uni<Boolean> tryLock(SqlClient tx) {
    return tx.preparedQuery("SELECT pg_try_advisory_xact_lock($1)")
        .execute(io.vertx.mutiny.sqlclient.Tuple.of(SYNC_LOCK))
        .map(rows -> rows.iterator().next().getBoolean(0));
  }

  private Uni<Void> schedule(SqlClient tx, List<UUID> ids) {
    return tasks.enqueueAll(tx, TaskKind.SNAPSHOT_SYNC, ids, "req-sync-" + UUID.randomUUID());
  }

  private void scheduled(int count) {
    if (count > 0) {
      LOG.infof("periodic snapshot sync: %d snapshot(s) scheduled for re-reading", count);
      worker.wake();
    } else if (count < 0) {
      LOG.debug("periodic snapshot sync: another replica runs it now");
    }
  }
}
