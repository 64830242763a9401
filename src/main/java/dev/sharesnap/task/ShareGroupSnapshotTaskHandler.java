package dev.sharesnap.task;

import dev.sharesnap.domain.ShareGroupSnapshot;
import dev.sharesnap.domain.ShareGroupStatus;
import dev.sharesnap.domain.Snapshot;
import dev.sharesnap.domain.SnapshotStatus;
import dev.sharesnap.domain.UserMessage;
import dev.sharesnap.driver.DriverException;
import dev.sharesnap.driver.DriverRegistry;
import dev.sharesnap.driver.ShareDriver;
import dev.sharesnap.driver.ShareRef;
import dev.sharesnap.driver.SnapshotRef;
import dev.sharesnap.driver.SnapshotResult;
import dev.sharesnap.persistence.MessageRepository;
import dev.sharesnap.persistence.QuotaRepository;
import dev.sharesnap.persistence.ShareGroupRepository;
import dev.sharesnap.persistence.ShareGroupSnapshotRepository;
import dev.sharesnap.persistence.SnapshotRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Share group snapshot tasks. A create asks the group's backend to snapshot every member together
 * and then records all members and the group snapshot in one transaction: the group snapshot is
 * available when all members are, error if one fails. Guarded as the snapshot tasks are: the driver
 * calls are idempotent (also when two attempts of one task overlap after a lost lease), and every
 * outcome starts with a conditional update (or a conditional lock) of the group snapshot row, so
 * the members follow only when the group snapshot took the outcome; a run that finds it moved (a
 * second run, a reset_status) records nothing and writes no second user message. A create that ends
 * after its group snapshot was deleted removes what it made, as a snapshot create does.
 */
@ApplicationScoped
public class ShareGroupSnapshotTaskHandler implements TaskHandler {

  private static final Logger LOG = Logger.getLogger(ShareGroupSnapshotTaskHandler.class);

  private final Pool pool;
  private final ShareGroupRepository groups;
  private final ShareGroupSnapshotRepository groupSnapshots;
  private final SnapshotRepository snapshots;
  private final DriverRegistry drivers;
  private final TaskQueue queue;
  private final QuotaRepository quotas;
  private final MessageRepository messages;

  public ShareGroupSnapshotTaskHandler(
      @TaskPool Pool pool,
      ShareGroupRepository groups,
      ShareGroupSnapshotRepository groupSnapshots,
      SnapshotRepository snapshots,
      DriverRegistry drivers,
      TaskQueue queue,
      QuotaRepository quotas,
      MessageRepository messages) {
    this.pool = pool;
    this.groups = groups;
    this.groupSnapshots = groupSnapshots;
    this.snapshots = snapshots;
    this.drivers = drivers;
    this.queue = queue;
    this.quotas = quotas;
    this.messages = messages;
  }

  @Override
  public Set<TaskKind> kinds() {
    return EnumSet.of(
        TaskKind.SHARE_GROUP_SNAPSHOT_CREATE,
        TaskKind.SHARE_GROUP_SNAPSHOT_DELETE,
        TaskKind.SHARE_GROUP_SNAPSHOT_FORCE_DELETE);
  }

  @Override
  public Uni<Void> run(Task task) {
    return groupSnapshots.findById(pool, task.resourceId()).chain(s -> run(task, s));
  }

  private Uni<Void> run(Task task, ShareGroupSnapshot s) {
    if (s == null || !forced(task) && !expectedStatus(task).equals(s.status())) {
      return queue.complete(pool, task);
    }
    return snapshots
        .members(pool, s.id())
        .chain(
            members ->
                driverFor(s)
                    .chain(
                        d ->
                            task.kind() == TaskKind.SHARE_GROUP_SNAPSHOT_CREATE
                                ? create(task, s, d, members)
                                : delete(task, s, d, members)));
  }

  private Uni<ShareDriver> driverFor(ShareGroupSnapshot s) {
    return groups
        .findById(pool, s.shareGroupId())
        .map(
            g -> {
              if (g == null) {
                throw DriverException.permanent("The group snapshot's share group is gone.");
              }
              return drivers.forHost(g.host());
            });
  }

  private Uni<Void> create(Task task, ShareGroupSnapshot s, ShareDriver d, List<Snapshot> members) {
    List<SnapshotRef> refs = members.stream().map(m -> ref(m, null)).toList();
    return d.createGroupSnapshot(refs)
        .chain(
            results ->
                pool.withTransaction(tx -> available(tx, task, s, members, results))
                    .chain(
                        took ->
                            took
                                ? Uni.createFrom().voidItem()
                                : late(s, d, members, results)
                                    .chain(
                                        () ->
                                            pool.withTransaction(tx -> queue.complete(tx, task)))));
  }

  /**
   * The group snapshot becomes available if it is still creating, and then every member with it, in
   * one transaction with the task's completion; false when it had moved. Then the task stays until
   * {@link #late} has removed the copies, so a crash in between runs the create again (it finds its
   * copies) and removes them then.
   */
  private Uni<Boolean> available(
      SqlClient tx,
      Task task,
      ShareGroupSnapshot s,
      List<Snapshot> members,
      List<SnapshotResult> results) {
    return groupSnapshots
        .complete(tx, s.id(), ShareGroupStatus.CREATING, ShareGroupStatus.AVAILABLE, null)
        .call(
            done ->
                done == null ? Uni.createFrom().voidItem() : membersAvailable(tx, members, results))
        .call(done -> done == null ? Uni.createFrom().voidItem() : queue.complete(tx, task))
        .map(done -> done != null)
        .invoke(took -> transition(took, s, ShareGroupStatus.AVAILABLE, task));
  }

  private Uni<Void> membersAvailable(
      SqlClient tx, List<Snapshot> members, List<SnapshotResult> results) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (int i = 0; i < members.size(); i++) {
      Snapshot m = members.get(i);
      SnapshotResult r = results.get(i);
      chain =
          chain.chain(
              () ->
                  snapshots
                      .complete(
                          tx,
                          m.id(),
                          SnapshotStatus.CREATING,
                          SnapshotStatus.AVAILABLE,
                          r.sizeGiB() > 0 ? r.sizeGiB() : null,
                          r.providerLocation(),
                          null)
                      .replaceWithVoid());
    }
    return chain;
  }

  /**
   * A create that finished after its group snapshot was deleted (or while it is being deleted): the
   * deleting task may have looked before these snapshots existed, so they go here too (deleting is
   * idempotent). A group snapshot reset to another status keeps its data.
   */
  private Uni<Void> late(
      ShareGroupSnapshot s, ShareDriver d, List<Snapshot> members, List<SnapshotResult> results) {
    return groupSnapshots
        .findById(pool, s.id())
        .chain(
            now ->
                now == null || ShareGroupStatus.DELETING.equals(now.status())
                    ? removeAll(d, members, results)
                    : Uni.createFrom().voidItem());
  }

  private Uni<Void> removeAll(ShareDriver d, List<Snapshot> members, List<SnapshotResult> results) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (int i = 0; i < members.size(); i++) {
      SnapshotRef r = ref(members.get(i), results.get(i).providerLocation());
      chain = chain.chain(() -> d.deleteSnapshot(r));
    }
    return chain.invoke(
        () ->
            LOG.infof(
                "share group snapshot: %d member copies finished after its deletion; removed",
                members.size()));
  }

  private Uni<Void> delete(Task task, ShareGroupSnapshot s, ShareDriver d, List<Snapshot> members) {
    return Multi.createFrom()
        .iterable(members)
        .onItem()
        .transformToUniAndConcatenate(m -> d.deleteSnapshot(ref(m, m.providerLocation())))
        .collect()
        .last()
        .chain(() -> pool.withTransaction(tx -> forget(tx, task)))
        .invoke(gone -> transition(gone, s, "gone", task))
        .replaceWithVoid();
  }

  /**
   * The members and the group snapshot leave together and give their quota back, if the group
   * snapshot is still deleting (any status for a force_delete); the lock makes a second run wait
   * and then find it gone.
   */
  private Uni<Boolean> forget(SqlClient tx, Task task) {
    return groupSnapshots
        .lockIfStatus(tx, task.resourceId(), forced(task) ? null : ShareGroupStatus.DELETING)
        .chain(
            s ->
                s == null
                    ? Uni.createFrom().item(false)
                    : snapshots
                        .deleteMembers(tx, s.id())
                        .chain(() -> groupSnapshots.delete(tx, s.id()))
                        .call(
                            deleted ->
                                deleted ? quotas.release(tx, s.id()) : Uni.createFrom().voidItem()))
        .call(() -> queue.complete(tx, task));
  }

  /**
   * A failed create or delete marks the group snapshot, and then every member still waiting, and
   * writes one user message, only if the group snapshot was still where the task expects it.
   * Manila's force_delete removes the records even when the backend fails.
   */
  @Override
  public Uni<Void> giveUp(Task task, Throwable cause) {
    String reason = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    LOG.warnf(
        "%s %s failed for good (task %d, %s): %s",
        task.kind().key(), task.resourceId(), task.id(), task.requestId(), reason);
    if (forced(task)) {
      return pool.withTransaction(tx -> forget(tx, task)).replaceWithVoid();
    }
    boolean create = task.kind() == TaskKind.SHARE_GROUP_SNAPSHOT_CREATE;
    return pool.withTransaction(
        tx ->
            groupSnapshots
                .complete(
                    tx,
                    task.resourceId(),
                    expectedStatus(task),
                    create ? ShareGroupStatus.ERROR : ShareGroupStatus.ERROR_DELETING,
                    reason)
                .call(s -> s == null ? Uni.createFrom().voidItem() : failed(tx, task, s, reason))
                .chain(() -> queue.complete(tx, task)));
  }

  private Uni<Void> failed(SqlClient tx, Task task, ShareGroupSnapshot s, String reason) {
    boolean create = task.kind() == TaskKind.SHARE_GROUP_SNAPSHOT_CREATE;
    return snapshots
        .failMembers(
            tx,
            s.id(),
            create ? SnapshotStatus.CREATING : SnapshotStatus.DELETING,
            create ? SnapshotStatus.ERROR : SnapshotStatus.ERROR_DELETING,
            reason)
        .chain(
            () ->
                messages.error(
                    tx,
                    s.projectId(),
                    task.requestId(),
                    UserMessage.SHARE_GROUP_SNAPSHOT,
                    s.id(),
                    create ? UserMessage.Action.CREATE : UserMessage.Action.DELETE,
                    reason));
  }

  private static boolean forced(Task task) {
    return task.kind() == TaskKind.SHARE_GROUP_SNAPSHOT_FORCE_DELETE;
  }

  private static SnapshotRef ref(Snapshot m, String providerLocation) {
    return new SnapshotRef(m.id(), new ShareRef(m.shareId(), m.shareSize()), providerLocation);
  }

  private static String expectedStatus(Task task) {
    return task.kind() == TaskKind.SHARE_GROUP_SNAPSHOT_CREATE
        ? ShareGroupStatus.CREATING
        : ShareGroupStatus.DELETING;
  }

  private static void transition(boolean moved, ShareGroupSnapshot s, String to, Task task) {
    if (moved) {
      LOG.infof(
          "share group snapshot %s: %s -> %s (task %d, %s)",
          s.id(), s.status(), to, task.id(), task.requestId());
    } else {
      LOG.infof(
          "share group snapshot %s: no longer %s, outcome %s dropped (task %d, %s)",
          s.id(), s.status(), to, task.id(), task.requestId());
    }
  }
}
