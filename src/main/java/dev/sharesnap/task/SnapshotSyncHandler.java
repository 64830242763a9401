package dev.sharesnap.task;

import dev.sharesnap.domain.Snapshot;
import dev.sharesnap.domain.SnapshotStatus;
import dev.sharesnap.domain.UserMessage;
import dev.sharesnap.driver.DriverException;
import dev.sharesnap.driver.DriverRegistry;
import dev.sharesnap.driver.ShareRef;
import dev.sharesnap.driver.SnapshotRef;
import dev.sharesnap.driver.SnapshotState;
import dev.sharesnap.persistence.MessageRepository;
import dev.sharesnap.persistence.ShareRepository;
import dev.sharesnap.persistence.SnapshotRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Extension "pull": re-reads an available snapshot from its driver and reconciles the record. A
 * snapshot gone from the backend becomes {@code error} with a reason and a user message; a changed
 * size or location is recorded. Nothing is written when nothing changed, so a periodic run over
 * every snapshot stays cheap. Every write is conditional on {@code available}, so a delete or
 * reset_status that happened meanwhile wins. A sync that cannot reach the backend changes nothing:
 * an unreachable backend is not a missing snapshot.
 */
@ApplicationScoped
public class SnapshotSyncHandler implements TaskHandler {

  private static final Logger LOG = Logger.getLogger(SnapshotSyncHandler.class);

  private final Pool pool;
  private final SnapshotRepository snapshots;
  private final ShareRepository shares;
  private final DriverRegistry drivers;
  private final TaskQueue queue;
  private final MessageRepository messages;
  private final MeterRegistry metrics;

  public SnapshotSyncHandler(
      Pool pool,
      SnapshotRepository snapshots,
      ShareRepository shares,
      DriverRegistry drivers,
      TaskQueue queue,
      MessageRepository messages,
      MeterRegistry metrics) {
    this.pool = pool;
    this.snapshots = snapshots;
    this.shares = shares;
    this.drivers = drivers;
    this.queue = queue;
    this.messages = messages;
    this.metrics = metrics;
  }

  @Override
  public Set<TaskKind> kinds() {
    return EnumSet.of(TaskKind.SNAPSHOT_SYNC);
  }

  @Override
  public Uni<Void> run(Task task) {
    return snapshots
        .findById(pool, task.resourceId())
        .chain(
            s ->
                s == null || !SnapshotStatus.AVAILABLE.equals(s.status())
                    ? queue.complete(pool, task)
                    : inspect(s).chain(state -> reconcile(task, s, state)));
  }

  private Uni<SnapshotState> inspect(Snapshot s) {
    return shares
        .findById(pool, s.shareId())
        .chain(
            share ->
                share == null
                    ? Uni.createFrom().item(SnapshotState.missing())
                    : drivers
                        .forHost(share.host())
                        .inspectSnapshot(
                            new SnapshotRef(
                                s.id(),
                                new ShareRef(s.shareId(), s.shareSize()),
                                s.providerLocation())));
  }

  private Uni<Void> reconcile(Task task, Snapshot s, SnapshotState state) {
    return switch (state.presence()) {
      case UNKNOWN -> queue.complete(pool, task);
      case MISSING -> markMissing(task, s);
      case PRESENT -> changed(s, state) ? recordDrift(task, s, state) : queue.complete(pool, task);
    };
  }

  private static boolean changed(Snapshot s, SnapshotState state) {
    boolean size = state.sizeGiB() != null && !state.sizeGiB().equals(s.size());
    boolean location =
        state.providerLocation() != null
            && !Objects.equals(state.providerLocation(), s.providerLocation());
    return size || location;
  }

  private Uni<Void> markMissing(Task task, Snapshot s) {
    String reason =
        "Snapshot "
            + (s.providerLocation() == null ? s.id() : s.providerLocation())
            + " is missing on the backend (found by reconciliation).";
    return pool.withTransaction(
            tx ->
                snapshots
                    .complete(
                        tx,
                        s.id(),
                        SnapshotStatus.AVAILABLE,
                        SnapshotStatus.ERROR,
                        null,
                        null,
                        reason)
                    .call(
                        done ->
                            done == null
                                ? Uni.createFrom().voidItem()
                                : messages.error(
                                    tx,
                                    s.projectId(),
                                    task.requestId(),
                                    UserMessage.SHARE_SNAPSHOT,
                                    s.id(),
                                    UserMessage.Action.SYNC,
                                    reason))
                    .chain(() -> queue.complete(tx, task)))
        .invoke(
            () -> {
              metrics.counter("sharesnap.snapshot.drift", "kind", "missing").increment();
              LOG.warnf(
                  "snapshot %s: missing on the backend, available -> error (task %d, %s)",
                  s.id(), task.id(), task.requestId());
            });
  }

  private Uni<Void> recordDrift(Task task, Snapshot s, SnapshotState state) {
    return pool.withTransaction(
            tx ->
                snapshots
                    .reconcile(tx, s.id(), state.sizeGiB(), state.providerLocation())
                    .chain(() -> queue.complete(tx, task)))
        .invoke(
            () -> {
              metrics.counter("sharesnap.snapshot.drift", "kind", "changed").increment();
              LOG.warnf(
                  "snapshot %s: backend differs, size %s -> %s, location %s -> %s (task %d, %s)",
                  s.id(),
                  s.size(),
                  state.sizeGiB() == null ? s.size() : state.sizeGiB(),
                  s.providerLocation(),
                  state.providerLocation(),
                  task.id(),
                  task.requestId());
            });
  }

  /** A sync that could not ask the backend leaves the snapshot as it is. */
  @Override
  public Uni<Void> giveUp(Task task, Throwable cause) {
    LOG.warnf(
        "snapshot %s: sync failed, record left unchanged (task %d, %s): %s",
        task.resourceId(),
        task.id(),
        task.requestId(),
        cause instanceof DriverException ? cause.getMessage() : String.valueOf(cause));
    return queue.complete(pool, task);
  }
}
