package dev.sharesnap.task;

import dev.sharesnap.domain.Share;
import dev.sharesnap.domain.ShareGroup;
import dev.sharesnap.domain.ShareGroupStatus;
import dev.sharesnap.domain.ShareGroupType;
import dev.sharesnap.domain.ShareStatus;
import dev.sharesnap.domain.UserMessage;
import dev.sharesnap.driver.DriverException;
import dev.sharesnap.driver.DriverRegistry;
import dev.sharesnap.driver.ShareDriver;
import dev.sharesnap.driver.ShareRef;
import dev.sharesnap.driver.SnapshotRef;
import dev.sharesnap.persistence.MessageRepository;
import dev.sharesnap.persistence.QuotaRepository;
import dev.sharesnap.persistence.ShareGroupRepository;
import dev.sharesnap.persistence.ShareGroupTypeRepository;
import dev.sharesnap.persistence.ShareRepository;
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
 * Share group tasks (create, delete). A group holds nothing on the backend of its own, so its tasks
 * only record the outcome (Manila's manager also just asks the driver, which for most backends does
 * nothing); a group made from a group snapshot first has its shares copied by the driver. Every
 * outcome is a conditional update on the status the task expects, made first in its transaction: a
 * second run of the same task (a lost lease) or a reset_status meanwhile finds the group moved and
 * records nothing, writes no second user message, and leaves the group's shares alone.
 */
@ApplicationScoped
public class ShareGroupTaskHandler implements TaskHandler {

  private static final Logger LOG = Logger.getLogger(ShareGroupTaskHandler.class);

  private final Pool pool;
  private final ShareGroupRepository groups;
  private final SnapshotRepository snapshots;
  private final DriverRegistry drivers;
  private final TaskQueue queue;
  private final QuotaRepository quotas;
  private final ShareGroupTypeRepository groupTypes;
  private final ShareRepository shares;
  private final MessageRepository messages;

  public ShareGroupTaskHandler(
      @TaskPool Pool pool,
      ShareGroupRepository groups,
      SnapshotRepository snapshots,
      DriverRegistry drivers,
      TaskQueue queue,
      QuotaRepository quotas,
      ShareGroupTypeRepository groupTypes,
      ShareRepository shares,
      MessageRepository messages) {
    this.pool = pool;
    this.groups = groups;
    this.snapshots = snapshots;
    this.drivers = drivers;
    this.queue = queue;
    this.quotas = quotas;
    this.groupTypes = groupTypes;
    this.shares = shares;
    this.messages = messages;
  }

  @Override
  public Set<TaskKind> kinds() {
    return EnumSet.of(TaskKind.SHARE_GROUP_CREATE, TaskKind.SHARE_GROUP_DELETE);
  }

  @Override
  public Uni<Void> run(Task task) {
    return groups.findById(pool, task.resourceId()).chain(g -> runGroup(task, g));
  }

  private Uni<Void> runGroup(Task task, ShareGroup g) {
    if (g == null || !expectedStatus(task).equals(g.status())) {
      return queue.complete(pool, task);
    }
    if (task.kind() == TaskKind.SHARE_GROUP_CREATE) {
      return groupTypes
          .findById(pool, g.shareGroupTypeId())
          .chain(
              type ->
                  !placeable(type, g)
                      ? finishCreate(task, g, ShareGroupStatus.ERROR, List.of())
                      : copyMembers(g)
                          .chain(made -> finishCreate(task, g, ShareGroupStatus.AVAILABLE, made)));
    }
    return pool.withTransaction(
            tx ->
                groups
                    .deleteIfStatus(tx, g.id(), ShareGroupStatus.DELETING)
                    .call(
                        deleted ->
                            deleted ? quotas.release(tx, g.id()) : Uni.createFrom().voidItem())
                    .call(() -> queue.complete(tx, task)))
        .invoke(deleted -> transition(deleted, g, "gone", task))
        .replaceWithVoid();
  }

  /** A share of a group made from a group snapshot, copied by the driver: where it is exported. */
  private record Made(Share share, String exportPath) {}

  /**
   * The shares of a group made from a group snapshot (none for any other group), each copied from
   * its member snapshot by the driver, one after another; a retry, or a second run at once, copies
   * again (the driver's create from a snapshot is idempotent, also when two attempts overlap).
   */
  private Uni<List<Made>> copyMembers(ShareGroup g) {
    if (g.sourceShareGroupSnapshotId() == null) {
      return Uni.createFrom().item(List.of());
    }
    ShareDriver driver = drivers.forHost(g.host());
    return shares
        .list(pool, null, null, ShareStatus.CREATING, null, g.id(), null, 0)
        .chain(
            list ->
                list.isEmpty()
                    ? Uni.createFrom().item(List.<Made>of())
                    : Multi.createFrom()
                        .iterable(list)
                        .onItem()
                        .transformToUniAndConcatenate(share -> copy(driver, share))
                        .collect()
                        .asList());
  }

  private Uni<Made> copy(ShareDriver driver, Share share) {
    return snapshots
        .findById(pool, share.snapshotId())
        .chain(
            snap -> {
              if (snap == null) {
                throw DriverException.permanent(
                    "Snapshot " + share.snapshotId() + " no longer exists.");
              }
              return driver.createShareFromSnapshot(
                  new ShareRef(share.id(), share.size()),
                  new SnapshotRef(
                      snap.id(),
                      new ShareRef(snap.shareId(), snap.shareSize()),
                      snap.providerLocation()));
            })
        .map(r -> new Made(share, r.exportPath()));
  }

  /**
   * The group's outcome first, then (only if the group took it) its copied shares, in one
   * transaction: a group reset or finished meanwhile keeps its shares as they are.
   */
  private Uni<Void> finishCreate(Task task, ShareGroup g, String outcome, List<Made> made) {
    return pool.withTransaction(
            tx ->
                groups
                    .transition(tx, g.id(), List.of(g.status()), outcome)
                    .call(moved -> moved == null ? Uni.createFrom().voidItem() : complete(tx, made))
                    .call(() -> queue.complete(tx, task)))
        .invoke(moved -> transition(moved != null, g, outcome, task))
        .replaceWithVoid();
  }

  private Uni<Void> complete(SqlClient tx, List<Made> made) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (Made m : made) {
      chain =
          chain.chain(
              () ->
                  shares
                      .complete(
                          tx,
                          m.share().id(),
                          ShareStatus.CREATING,
                          ShareStatus.AVAILABLE,
                          m.exportPath(),
                          null)
                      .replaceWithVoid());
    }
    return chain;
  }

  /**
   * Manila's scheduler places a group only on a backend whose capabilities match its type's group
   * specs; the one sharesnap knows is consistent_snapshot_support ("host" where the backend takes
   * group snapshots at one point in time). Any other value finds no host: the group ends in error.
   */
  private static boolean placeable(ShareGroupType type, ShareGroup g) {
    String wanted = type == null ? null : type.groupSpecs().get("consistent_snapshot_support");
    return wanted == null || wanted.equals(g.consistentSnapshotSupport());
  }

  /**
   * The group goes to error (error_deleting) if it is still where the task expects it; only then
   * are its shares still being copied marked and a user message written (Manila files a failed
   * group create under SHARE_GROUP, action 002 create).
   */
  @Override
  public Uni<Void> giveUp(Task task, Throwable cause) {
    String reason = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    LOG.warnf(
        "%s %s failed for good (task %d, %s): %s",
        task.kind().key(), task.resourceId(), task.id(), task.requestId(), reason);
    boolean create = task.kind() == TaskKind.SHARE_GROUP_CREATE;
    return pool.withTransaction(
        tx ->
            groups
                .transition(
                    tx,
                    task.resourceId(),
                    List.of(expectedStatus(task)),
                    create ? ShareGroupStatus.ERROR : ShareGroupStatus.ERROR_DELETING)
                .call(g -> g == null ? Uni.createFrom().voidItem() : failed(tx, task, g, reason))
                .chain(() -> queue.complete(tx, task)));
  }

  private Uni<Void> failed(SqlClient tx, Task task, ShareGroup g, String reason) {
    boolean create = task.kind() == TaskKind.SHARE_GROUP_CREATE;
    return (create ? shares.failCreatingInGroup(tx, g.id(), reason) : Uni.createFrom().voidItem())
        .chain(
            () ->
                messages.error(
                    tx,
                    g.projectId(),
                    task.requestId(),
                    UserMessage.SHARE_GROUP,
                    g.id(),
                    create ? UserMessage.Action.CREATE : UserMessage.Action.DELETE,
                    reason));
  }

  private static String expectedStatus(Task task) {
    return task.kind() == TaskKind.SHARE_GROUP_CREATE
        ? ShareGroupStatus.CREATING
        : ShareGroupStatus.DELETING;
  }

  private static void transition(boolean moved, ShareGroup g, String to, Task task) {
    if (moved) {
      LOG.infof(
          "share group %s: %s -> %s (task %d, %s)",
          g.id(), g.status(), to, task.id(), task.requestId());
    } else {
      LOG.infof(
          "share group %s: no longer %s, outcome %s dropped (task %d, %s)",
          g.id(), g.status(), to, task.id(), task.requestId());
    }
  }
}
