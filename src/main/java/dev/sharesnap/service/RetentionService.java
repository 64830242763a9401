package dev.sharesnap.service;

import dev.sharesnap.config.RetentionConfig;
import dev.sharesnap.domain.Snapshot;
import dev.sharesnap.identity.Caller;
import dev.sharesnap.persistence.Clock;
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
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Extension: expired retention. A snapshot whose kept_until has passed is listed, and deleted only
 * when the operator turns the job on ({@code sharesnap.retention.delete-expired-interval}); one
 * replica at a time runs it (advisory lock), each deletion an ordinary delete task.
 */
@ApplicationScoped
public class RetentionService {

  private static final Logger LOG = Logger.getLogger(RetentionService.class);

  /** Transaction-level advisory lock key ("SHSNRETN") held by the replica running a pass. */
  static final long RETENTION_LOCK = 0x5348534E5245544EL;

  private static final int LIST_LIMIT = 1000;

  private final Pool pool;
  private final SnapshotRepository snapshots;
  private final TaskQueue tasks;
  private final TaskWorker worker;
  private final PolicyEnforcer policy;
  private final RetentionConfig config;

  public RetentionService(
      Pool pool,
      SnapshotRepository snapshots,
      TaskQueue tasks,
      TaskWorker worker,
      PolicyEnforcer policy,
      RetentionConfig config) {
    this.pool = pool;
    this.snapshots = snapshots;
    this.tasks = tasks;
    this.worker = worker;
    this.policy = policy;
    this.config = config;
  }

  /**
   * Expired snapshots of the caller's project (an admin's {@code allTenants}: of every project).
   */
  public Uni<List<Snapshot>> expired(Caller caller, boolean allTenants) {
    policy.authorize(caller, Rule.SNAPSHOT_GET_ALL);
    String project = allTenants && caller.isAdmin() ? null : caller.projectId();
    return snapshots.listExpired(pool, project, Clock.now(), LIST_LIMIT);
  }

  @Scheduled(
      identity = "snapshot-retention",
      every = "{sharesnap.retention.delete-expired-interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> periodic() {
    return deleteExpiredOnce()
        .onFailure()
        .recoverWithItem(
            e -> {
              LOG.warnf("deleting expired snapshots failed: %s", e.getMessage());
              return -1;
            })
        .replaceWithVoid();
  }

  /**
   * One pass: unless another replica runs one, starts the deletion of up to {@code batch-size}
   * expired snapshots. Returns how many, or -1 when another replica held the lock.
   */
  public Uni<Integer> deleteExpiredOnce() {
    String requestId = "req-retention-" + UUID.randomUUID();
    return pool.withTransaction(
            tx ->
                tryLock(tx)
                    .chain(
                        locked ->
                            locked
                                ? snapshots
                                    .takeExpired(tx, Clock.now(), config.batchSize())
                                    .call(
                                        ids ->
                                            tasks.enqueueAll(
                                                tx, TaskKind.SNAPSHOT_DELETE, ids, requestId))
                                    .map(List::size)
                                : Uni.createFrom().item(-1)))
        .invoke(
            n -> {
              if (n > 0) {
                LOG.infof("retention: deleting %d expired snapshot(s) (%s)", n, requestId);
                worker.wake();
              }
            });
  }

  private static Uni<Boolean> tryLock(SqlClient tx) {
    return tx.preparedQuery("SELECT pg_try_advisory_xact_lock($1)")
        .execute(Tuple.of(RETENTION_LOCK))
        .map(rows -> rows.iterator().next().getBoolean(0));
  }
}
