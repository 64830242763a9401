package dev.sharesnap.service;

import dev.sharesnap.config.ScheduleConfig;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.domain.CronExpression;
import dev.sharesnap.domain.Share;
import dev.sharesnap.domain.SnapshotSchedule;
import dev.sharesnap.identity.Caller;
import dev.sharesnap.persistence.Clock;
import dev.sharesnap.persistence.ScheduleRepository;
import dev.sharesnap.persistence.ShareRepository;
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
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Extension: snapshot schedules. Design: every replica polls for due schedules; each firing is one
 * transaction that claims the schedule (its next run moves forward, FOR UPDATE SKIP LOCKED),
 * creates the snapshot through the ordinary create path (checks, quota, create task) and moves the
 * schedule's snapshots beyond its retention to deleting with their delete tasks. A due time thus
 * fires once across replicas, and a crash loses or duplicates nothing. A firing that cannot create
 * (share busy, quota) is skipped to the next interval and logged.
 */
@ApplicationScoped
public class ScheduleService {

  private static final Logger LOG = Logger.getLogger(ScheduleService.class);

  private final Pool pool;
  private final ScheduleRepository schedules;
  private final ShareRepository shares;
  private final SnapshotService snapshots;
  private final TaskQueue tasks;
  private final TaskWorker worker;
  private final PolicyEnforcer policy;
  private final ScheduleConfig config;

  public ScheduleService(
      Pool pool,
      ScheduleRepository schedules,
      ShareRepository shares,
      SnapshotService snapshots,
      TaskQueue tasks,
      TaskWorker worker,
      PolicyEnforcer policy,
      ScheduleConfig config) {
    this.pool = pool;
    this.schedules = schedules;
    this.shares = shares;
    this.snapshots = snapshots;
    this.tasks = tasks;
    this.worker = worker;
    this.policy = policy;
    this.config = config;
  }

  /**
   * A schedule as the edge validated it: exactly one of {@code intervalSeconds} and {@code cron}
   * (already parsed there, so a bad expression or zone is a 400 before anything else).
   */
  public record NewSchedule(
      String name,
      Integer intervalSeconds,
      CronExpression cron,
      String timeZone,
      Integer retentionCount,
      Integer maxAgeSeconds) {}

  public Uni<SnapshotSchedule> create(Caller caller, String shareId, NewSchedule req) {
    policy.authorize(caller, Rule.SCHEDULE_CREATE);
    requireMinInterval(req);
    return ownShare(caller, shareId)
        .invoke(share -> policy.authorize(caller, Rule.SCHEDULE_CREATE, share.projectId()))
        .chain(share -> schedules.insert(pool, newSchedule(caller, share, req)))
        .invoke(s -> LOG.infof("schedule %s: created on share %s", s.id(), s.shareId()));
  }

  /** Intervals, and the gaps between a cron expression's firings, of at least min-interval. */
  private void requireMinInterval(NewSchedule req) {
    long min = config.minInterval().toSeconds();
    if (req.intervalSeconds() != null && req.intervalSeconds() < min) {
      throw ApiException.invalidInput("interval must be at least " + min + " seconds.");
    }
    if (req.cron() != null && req.cron().shortestGap(Clock.now()).toSeconds() < min) {
      throw ApiException.invalidInput(
          "cron must not fire more often than every " + min + " seconds.");
    }
  }

  private static SnapshotSchedule newSchedule(Caller caller, Share share, NewSchedule req) {
    LocalDateTime now = Clock.now();
    // an interval schedule takes its first snapshot at once, a cron one at its first time
    return new SnapshotSchedule(
        UUID.randomUUID(),
        share.projectId(),
        caller.userId(),
        share.id(),
        req.name(),
        req.intervalSeconds(),
        req.cron() == null ? null : req.cron().expression(),
        req.timeZone(),
        req.retentionCount(),
        req.maxAgeSeconds(),
        0,
        req.cron() == null ? now : req.cron().nextAfter(now),
        null,
        now);
  }

  public Uni<List<SnapshotSchedule>> list(Caller caller, String shareId) {
    policy.authorize(caller, Rule.SCHEDULE_GET);
    return ownShare(caller, shareId)
        .invoke(share -> policy.authorize(caller, Rule.SCHEDULE_GET, share.projectId()))
        .chain(share -> schedules.listForShare(pool, share.id()));
  }

  public Uni<Void> delete(Caller caller, String shareId, String id) {
    policy.authorize(caller, Rule.SCHEDULE_DELETE);
    UUID scheduleId = Ids.parse(id, ApiException.notFound());
    return ownShare(caller, shareId)
        .invoke(share -> policy.authorize(caller, Rule.SCHEDULE_DELETE, share.projectId()))
        .chain(share -> schedules.delete(pool, share.id(), scheduleId))
        .invoke(
            deleted -> {
              if (!deleted) {
                throw ApiException.notFound();
              }
            })
        .invoke(() -> LOG.infof("schedule %s: deleted", scheduleId))
        .replaceWithVoid();
  }

  /** The share if it is the caller's (or the caller is an admin); 404 otherwise. */
  private Uni<Share> ownShare(Caller caller, String shareId) {
    UUID id = Ids.parse(shareId, ApiException.notFound());
    return shares
        .findById(pool, id)
        .map(
            s -> {
              if (s == null || !caller.isAdmin() && !caller.projectId().equals(s.projectId())) {
                throw ApiException.notFound();
              }
              return s;
            });
  }

  @Scheduled(
      identity = "snapshot-schedules",
      every = "{sharesnap.schedules.poll-interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> poll() {
    return fireDue()
        .onFailure()
        .recoverWithItem(
            e -> {
              LOG.warnf("firing snapshot schedules failed: %s", e.getMessage());
              return 0;
            })
        .replaceWithVoid();
  }

  /** Fires due schedules, at most {@code batch-size}; returns how many fired (or were skipped). */
  public Uni<Integer> fireDue() {
    return fireNext(0);
  }

  private Uni<Integer> fireNext(int fired) {
    if (fired >= config.batchSize()) {
      return Uni.createFrom().item(fired);
    }
    String requestId = "req-schedule-" + UUID.randomUUID();
    return pool.withTransaction(tx -> claimAndFire(tx, requestId))
        .onFailure(e -> e instanceof FiringFailed)
        .recoverWithUni(e -> skip((FiringFailed) e))
        .chain(s -> s == null ? Uni.createFrom().item(fired) : fireNext(fired + 1));
  }

  private Uni<SnapshotSchedule> claimAndFire(SqlClient tx, String requestId) {
    LocalDateTime now = Clock.now();
    return schedules
        .lockDue(tx, now)
        .onItem()
        .ifNotNull()
        .transformToUni(s -> schedules.claim(tx, s.id(), now, s.nextRunAfter(now)))
        .call(s -> s == null ? Uni.createFrom().voidItem() : fire(tx, s, now, requestId));
  }

  private Uni<Void> fire(SqlClient tx, SnapshotSchedule s, LocalDateTime now, String requestId) {
    // the schedule acts as a member of its project, so operators' policy on create still applies
    Caller owner = new Caller(s.userId(), s.projectId(), Set.of("member", "reader"));
    String name =
        (s.name() == null ? "schedule" : s.name()) + "-" + String.format("%06d", s.runs());
    SnapshotService.NewSnapshot req =
        new SnapshotService.NewSnapshot(
            s.shareId().toString(),
            name,
            "Created by snapshot schedule " + s.id() + ".",
            Map.of(),
            null);
    return snapshots
        .createIn(tx, owner, s.shareId(), req, requestId)
        .onFailure(ApiException.class)
        .transform(e -> new FiringFailed(s, e))
        .call(snap -> schedules.markScheduled(tx, snap.id(), s.id()))
        .chain(() -> schedules.prune(tx, s, now))
        .call(ids -> tasks.enqueueAll(tx, TaskKind.SNAPSHOT_DELETE, ids, requestId))
        .invoke(ids -> fired(s, ids, requestId))
        .replaceWithVoid();
  }

  private void fired(SnapshotSchedule s, List<UUID> pruned, String requestId) {
    LOG.infof(
        "schedule %s: run %d took a snapshot of share %s, pruning %d (%s)",
        s.id(), s.runs(), s.shareId(), pruned.size(), requestId);
    worker.wake();
  }

  /** A firing the create path refused: the next run moves on, the reason goes to the log. */
  private Uni<SnapshotSchedule> skip(FiringFailed failed) {
    SnapshotSchedule s = failed.schedule;
    LOG.warnf(
        "schedule %s: run skipped, no snapshot of share %s: %s",
        s.id(), s.shareId(), failed.getCause().getMessage());
    LocalDateTime now = Clock.now();
    return schedules.skip(pool, s.id(), now, s.nextRunAfter(now)).replaceWith(s);
  }

  /** Carries the schedule whose firing failed out of the rolled-back transaction. */
  private static final class FiringFailed extends RuntimeException {
    final transient SnapshotSchedule schedule;

    FiringFailed(SnapshotSchedule schedule, Throwable cause) {
      super(cause.getMessage(), cause, false, false);
      this.schedule = schedule;
    }
  }
}
