package dev.sharesnap.task;

import dev.sharesnap.domain.QuotaResource;
import dev.sharesnap.domain.Share;
import dev.sharesnap.domain.Snapshot;
import dev.sharesnap.domain.SnapshotStatus;
import dev.sharesnap.domain.UserMessage;
import dev.sharesnap.driver.DriverRegistry;
import dev.sharesnap.driver.ShareDriver;
import dev.sharesnap.driver.ShareRef;
import dev.sharesnap.driver.SnapshotRef;
import dev.sharesnap.driver.SnapshotResult;
import dev.sharesnap.persistence.MessageRepository;
import dev.sharesnap.persistence.QuotaRepository;
import dev.sharesnap.persistence.ShareRepository;
import dev.sharesnap.persistence.SnapshotRepository;
import dev.sharesnap.persistence.SnapshotTaskCompletions.Completion;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Snapshot tasks. Each expects the snapshot in the status the API left it in (creating, deleting,
 * manage_starting, unmanage_starting) and records its outcome only if it still is, so a
 * reset_status or force_delete that happened meanwhile wins.
 */
@ApplicationScoped
public class SnapshotTaskHandler implements TaskHandler {

  private static final Logger LOG = Logger.getLogger(SnapshotTaskHandler.class);
  private static final int HOST_CACHE_SIZE = 10_000;

  private final Pool pool;
  private final SnapshotRepository snapshots;
  private final ShareRepository shares;
  private final DriverRegistry drivers;
  private final TaskQueue queue;
  private final MessageRepository messages;
  private final QuotaRepository quotas;
  private final Map<UUID, String> hosts = new ConcurrentHashMap<>();
  private final AccessTaskHandler access;
  private final Vertx vertx;
  private final SnapshotCompletions completions;
  private final Map<Long, Optional<Snapshot>> prefetched = new ConcurrentHashMap<>();
  private final TaskWorker worker;

  public SnapshotTaskHandler(
      @TaskPool Pool pool,
      SnapshotRepository snapshots,
      ShareRepository shares,
      DriverRegistry drivers,
      TaskQueue queue,
      MessageRepository messages,
      QuotaRepository quotas,
      AccessTaskHandler access,
      Vertx vertx,
      SnapshotCompletions completions,
      TaskWorker worker) {
    this.worker = worker;
    this.completions = completions;
    this.vertx = vertx;
    this.access = access;
    this.quotas = quotas;
    this.messages = messages;
    this.pool = pool;
    this.snapshots = snapshots;
    this.shares = shares;
    this.drivers = drivers;
    this.queue = queue;
  }

  @Override
  public Set<TaskKind> kinds() {
    return EnumSet.of(
        TaskKind.SNAPSHOT_CREATE,
        TaskKind.SNAPSHOT_DELETE,
        TaskKind.SNAPSHOT_FORCE_DELETE,
        TaskKind.SNAPSHOT_MANAGE,
        TaskKind.SNAPSHOT_UNMANAGE);
  }

  /**
   * Loads the snapshots of tasks claimed together in one query; each task's {@link #run} takes its
   * own (a snapshot not found is remembered as gone). Tasks not prefetched load their own.
   */
  @Override
  public Uni<Void> prefetch(List<Task> tasks) {
    if (tasks.size() < 2) {
      return Uni.createFrom().voidItem();
    }
    List<UUID> ids = new ArrayList<>(tasks.size());
    tasks.forEach(t -> ids.add(t.resourceId()));
    return snapshots
        .findByIds(pool, ids)
        .invoke(
            found -> {
              Map<UUID, Snapshot> byId = new HashMap<>();
              found.forEach(s -> byId.put(s.id(), s));
              tasks.forEach(
                  t -> prefetched.put(t.id(), Optional.ofNullable(byId.get(t.resourceId()))));
            })
        .replaceWithVoid();
  }

  /**
   * {@code task} runs with {@code snapshot} as its row (a hand-off: the row its create just
   * inserted, in the same transaction as the task) instead of loading it.
   */
  public void preloaded(Task task, Snapshot snapshot) {
    prefetched.put(task.id(), Optional.of(snapshot));
  }

  @Override
  public Uni<Void> run(Task task) {
    return load(task).chain(s -> s == null || !expects(task, s) ? done(task) : perform(task, s));
  }

  private Uni<Snapshot> load(Task task) {
    Optional<Snapshot> p = prefetched.remove(task.id());
    return p != null
        ? Uni.createFrom().item(p.orElse(null))
        : snapshots.findById(pool, task.resourceId());
  }

  /**
   * Whether the snapshot is still where the API left it for this task. A force_delete runs whatever
   * happened since (as Manila's manager deletes a force-deleted snapshot regardless of a later
   * reset_status).
   */
  private static boolean expects(Task task, Snapshot s) {
    return task.kind() == TaskKind.SNAPSHOT_FORCE_DELETE || expectedStatus(task).equals(s.status());
  }

  private Uni<Void> perform(Task task, Snapshot s) {
    return switch (task.kind()) {
      case SNAPSHOT_CREATE -> driverFor(s).chain(d -> create(task, s, d));
      case SNAPSHOT_MANAGE ->
          driverFor(s)
              .chain(d -> d.manageSnapshot(ref(s, s.providerLocation())))
              .invoke(() -> worker.backendDone(task))
              .chain(r -> available(task, s, r));
      case SNAPSHOT_DELETE, SNAPSHOT_FORCE_DELETE ->
          driverFor(s)
              .call(d -> removeExport(d, s))
              .chain(d -> d.deleteSnapshot(ref(s, s.providerLocation())))
              .invoke(() -> worker.backendDone(task))
              .chain(() -> forget(task, s));
      // unmanage leaves the data but not an export of it (Manila drops snapshot access first)
      case SNAPSHOT_UNMANAGE ->
          driverFor(s)
              .chain(d -> removeExport(d, s))
              .invoke(() -> worker.backendDone(task))
              .chain(() -> forget(task, s));
      default -> throw new IllegalStateException("not a snapshot task: " + task.kind());
    };
  }

  @Override
  public Uni<Void> giveUp(Task task, Throwable cause) {
    String reason = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    LOG.warnf(
        "snapshot %s: %s failed for good (task %d, %s): %s",
        task.resourceId(), task.kind().key(), task.id(), task.requestId(), reason);
    if (task.kind() == TaskKind.SNAPSHOT_FORCE_DELETE) {
      // Manila's force_delete removes the record even when the backend fails; the data may need
      // cleanup.
      return pool.withTransaction(
          tx ->
              snapshots
                  .delete(tx, task.resourceId())
                  .call(deleted -> release(tx, deleted, task.resourceId()))
                  .chain(() -> queue.complete(tx, task)));
    }
    String failed =
        switch (task.kind()) {
          case SNAPSHOT_CREATE -> SnapshotStatus.ERROR;
          case SNAPSHOT_DELETE -> SnapshotStatus.ERROR_DELETING;
          case SNAPSHOT_MANAGE -> SnapshotStatus.MANAGE_ERROR;
          default -> SnapshotStatus.UNMANAGE_ERROR;
        };
    // A failed manage has size 1, as in Manila.
    Integer size = task.kind() == TaskKind.SNAPSHOT_MANAGE ? 1 : null;
    return pool.withTransaction(
        tx ->
            snapshots
                .complete(tx, task.resourceId(), expectedStatus(task), failed, size, null, reason)
                .call(
                    s ->
                        s == null
                            ? Uni.createFrom().voidItem()
                            : messages.error(
                                tx,
                                s.projectId(),
                                task.requestId(),
                                UserMessage.SHARE_SNAPSHOT,
                                s.id(),
                                action(task),
                                reason))
                .chain(() -> queue.complete(tx, task)));
  }

  private static UserMessage.Action action(Task task) {
    return switch (task.kind()) {
      case SNAPSHOT_CREATE -> UserMessage.Action.CREATE;
      case SNAPSHOT_MANAGE -> UserMessage.Action.MANAGE;
      case SNAPSHOT_UNMANAGE -> UserMessage.Action.UNMANAGE;
      default -> UserMessage.Action.DELETE;
    };
  }

  private Uni<Void> removeExport(ShareDriver d, Snapshot s) {
    SnapshotRef ref = ref(s, s.providerLocation());
    return access.removeExport(d, ref.share(), ref);
  }

  /**
   * The snapshot's copy, its progress stored as it runs. A copy cancelled because the snapshot left
   * creating (a force_delete, also one handled by another replica) just ends this task; the
   * deleting task removes the rest. An attempt that fails or runs out of time stops its copy too.
   */
  private Uni<Void> create(Task task, Snapshot s, ShareDriver d) {
    ProgressWriter progress =
        ProgressWriter.of(
            vertx,
            s.progress(),
            p -> snapshots.recordProgress(pool, s.id(), s.status(), p),
            "snapshot " + s.id());
    return d.createSnapshot(ref(s, null), progress)
        .onTermination()
        .invoke(progress::finish)
        .invoke(() -> worker.backendDone(task))
        .chain(r -> created(task, s, d, r))
        .onFailure(f -> progress.unwanted())
        .recoverWithUni(() -> copyStopped(task, s));
  }

  /**
   * The outcome and the task's removal in one statement, batched with other tasks' completions (the
   * common case).
   */
  private Uni<Void> created(Task task, Snapshot s, ShareDriver d, SnapshotResult result) {
    return completions
        .complete(
            new Completion(
                s.id(),
                s.status(),
                SnapshotStatus.AVAILABLE,
                result.providerLocation(),
                result.exportPath(),
                task.id(),
                task.owner(),
                task.attempts()))
        .chain(
            outcome ->
                switch (outcome) {
                  case COMPLETED -> {
                    becameAvailable(task, s);
                    yield Uni.createFrom().voidItem();
                  }
                  case STATUS_CHANGED -> removeIfDeleted(d, s, result);
                  case LEASE_LOST -> Uni.createFrom().failure(new TaskLeaseLost(task));
                });
  }

  /**
   * A copy that finished after its snapshot was force-deleted, or while it is being deleted: the
   * deleting task may have looked before the copy was renamed into place, so the data goes here too
   * (deleting is idempotent). A snapshot reset to another status keeps its data.
   */
  private Uni<Void> removeIfDeleted(ShareDriver d, Snapshot s, SnapshotResult result) {
    return snapshots
        .findById(pool, s.id())
        .chain(
            now ->
                now == null || SnapshotStatus.DELETING.equals(now.status())
                    ? d.deleteSnapshot(ref(s, result.providerLocation()))
                        .invoke(
                            () ->
                                LOG.infof(
                                    "snapshot %s: copy finished after its deletion; removed",
                                    s.id()))
                    : Uni.createFrom().voidItem());
  }

  private Uni<Void> copyStopped(Task task, Snapshot s) {
    LOG.infof(
        "snapshot %s: copy stopped, the snapshot is no longer creating (task %d, %s)",
        s.id(), task.id(), task.requestId());
    return done(task);
  }

  private Uni<Void> available(Task task, Snapshot s, SnapshotResult result) {
    // a managed snapshot learns its size and is charged to the quota in the same transaction
    int size = result.sizeGiB();
    return pool.withTransaction(
            tx ->
                snapshots
                    .complete(
                        tx,
                        s.id(),
                        s.status(),
                        SnapshotStatus.AVAILABLE,
                        size,
                        result.providerLocation(),
                        null)
                    .call(
                        done ->
                            done == null ? Uni.createFrom().voidItem() : chargeManaged(tx, done))
                    .call(
                        done ->
                            done == null || result.exportPath() == null
                                ? Uni.createFrom().voidItem()
                                : snapshots.setExportPath(tx, s.id(), result.exportPath()))
                    .chain(() -> queue.complete(tx, task)))
        .invoke(() -> becameAvailable(task, s));
  }

  private static void becameAvailable(Task task, Snapshot s) {
    LOG.infof(
        "snapshot %s: %s -> available (task %d, %s)",
        s.id(), s.status(), task.id(), task.requestId());
  }

  private Uni<Void> forget(Task task, Snapshot s) {
    return pool.withTransaction(
            tx ->
                (task.kind() == TaskKind.SNAPSHOT_FORCE_DELETE
                        ? snapshots.delete(tx, s.id())
                        : snapshots.deleteIfStatus(tx, s.id(), s.status()))
                    .call(deleted -> release(tx, deleted, s.id()))
                    .chain(() -> queue.complete(tx, task)))
        .invoke(
            () ->
                LOG.infof(
                    "snapshot %s: %s -> gone (task %d, %s)",
                    s.id(), s.status(), task.id(), task.requestId()));
  }

  /**
   * Manila adds a managed snapshot to usage once the backend accepted it, without a limit check.
   */
  private Uni<Void> chargeManaged(SqlClient tx, Snapshot s) {
    return quotas.charge(
        tx,
        s.projectId(),
        s.id(),
        Map.of(QuotaResource.SNAPSHOTS, 1, QuotaResource.SNAPSHOT_GIGABYTES, s.size()));
  }

  /**
   * A deleted or unmanaged snapshot gives its quota back in the transaction that removes its row.
   */
  private Uni<Void> release(SqlClient tx, boolean deleted, UUID id) {
    return deleted ? quotas.release(tx, id) : Uni.createFrom().voidItem();
  }

  private Uni<Void> done(Task task) {
    return queue.complete(pool, task);
  }

  /**
   * The snapshot's backend. A share's host never changes and a share with snapshots cannot be
   * deleted, so hosts are remembered (bounded) and most tasks skip the share lookup.
   */
  private Uni<ShareDriver> driverFor(Snapshot s) {
    String host = hosts.get(s.shareId());
    if (host != null) {
      return Uni.createFrom().item(drivers.forHost(host));
    }
    return shares
        .findById(pool, s.shareId())
        .invoke(
            share -> {
              if (share != null) {
                if (hosts.size() >= HOST_CACHE_SIZE) {
                  hosts.clear();
                }
                hosts.put(share.id(), share.host());
              }
            })
        .map(this::driverOf);
  }

  private ShareDriver driverOf(Share share) {
    if (share == null) {
      throw dev.sharesnap.driver.DriverException.permanent(
          "The snapshot's share no longer exists.");
    }
    return drivers.forHost(share.host());
  }

  private static SnapshotRef ref(Snapshot s, String providerLocation) {
    return new SnapshotRef(s.id(), new ShareRef(s.shareId(), s.shareSize()), providerLocation);
  }

  private static String expectedStatus(Task task) {
    return switch (task.kind()) {
      case SNAPSHOT_CREATE -> SnapshotStatus.CREATING;
      case SNAPSHOT_DELETE, SNAPSHOT_FORCE_DELETE -> SnapshotStatus.DELETING;
      case SNAPSHOT_MANAGE -> SnapshotStatus.MANAGE_STARTING;
      case SNAPSHOT_UNMANAGE -> SnapshotStatus.UNMANAGE_STARTING;
      default -> throw new IllegalStateException("not a snapshot task: " + task.kind());
    };
  }
}
