package dev.sharesnap.task;

import dev.sharesnap.domain.Share;
import dev.sharesnap.domain.ShareGroup;
import dev.sharesnap.domain.ShareGroupSnapshot;
import dev.sharesnap.domain.ShareGroupStatus;
import dev.sharesnap.domain.ShareGroupType;
import dev.sharesnap.domain.ShareStatus;
import dev.sharesnap.domain.Snapshot;
import dev.sharesnap.domain.SnapshotStatus;
import dev.sharesnap.driver.DriverException;
import dev.sharesnap.driver.DriverRegistry;
import dev.sharesnap.driver.ShareDriver;
import dev.sharesnap.driver.ShareRef;
import dev.sharesnap.driver.SnapshotRef;
import dev.sharesnap.driver.SnapshotResult;
import dev.sharesnap.persistence.QuotaRepository;
import dev.sharesnap.persistence.ShareGroupRepository;
import dev.sharesnap.persistence.ShareGroupSnapshotRepository;
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
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Share groups and share group snapshots. A group holds nothing on the backend of its own, so its
 * tasks only record the outcome (Manila's manager also just asks the driver, which for most
 * backends does nothing). A group snapshot asks the group's backend to snapshot every member
 * together and then records all members and the group snapshot in one transaction: the group
 * snapshot is available when all members are, error if one fails.
 */
@ApplicationScoped
public class ShareGroupTaskHandler implements TaskHandler {

  private static final Logger LOG = Logger.getLogger(ShareGroupTaskHandler.class);

  private final Pool pool;
  private final ShareGroupRepository groups;
  private final ShareGroupSnapshotRepository groupSnapshots;
  private final SnapshotRepository snapshots;
  private final DriverRegistry drivers;
  private final TaskQueue queue;
  private final QuotaRepository quotas;
  private final ShareGroupTypeRepository groupTypes;
  private final ShareRepository shares;

  public ShareGroupTaskHandler(
      @TaskPool Pool pool,
      ShareGroupRepository groups,
      ShareGroupSnapshotRepository groupSnapshots,
      SnapshotRepository snapshots,
      DriverRegistry drivers,
      TaskQueue queue,
      QuotaRepository quotas,
      ShareGroupTypeRepository groupTypes,
      ShareRepository shares) {
    this.groupTypes = groupTypes;
    this.shares = shares;
    this.pool = pool;
    this.groups = groups;
    this.groupSnapshots = groupSnapshots;
    this.snapshots = snapshots;
    this.drivers = drivers;
    this.queue = queue;
    this.quotas = quotas;
  }

  @Override
  public Set<TaskKind> kinds() {
    return EnumSet.of(
        TaskKind.SHARE_GROUP_CREATE,
        TaskKind.SHARE_GROUP_DELETE,
        TaskKind.SHARE_GROUP_SNAPSHOT_CREATE,
        TaskKind.SHARE_GROUP_SNAPSHOT_DELETE,
        TaskKind.SHARE_GROUP_SNAPSHOT_FORCE_DELETE);
  }

  @Override
  public Uni<Void> run(Task task) {
    return switch (task.kind()) {
      case SHARE_GROUP_CREATE, SHARE_GROUP_DELETE ->
          groups.findById(pool, task.resourceId()).chain(g -> runGroup(task, g));
      default ->
          groupSnapshots.findById(pool, task.resourceId()).chain(s -> runGroupSnapshot(task, s));
    };
  }

  private Uni<Void> runGroup(Task task, ShareGroup g) {
    if (g == null || !expectedStatus(task).equals(g.status())) {
      return queue.complete(pool, task.id());
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
                    .call(deleted -> release(tx, deleted, g.id()))
                    .chain(() -> queue.complete(tx, task.id())))
        .invoke(() -> transition("share group", g.id(), g.status(), "gone", task));
  }

  /** A share of a group made from a group snapshot, copied by the driver: where it is exported. */
  private record Made(Share share, String exportPath) {}

  /**
   * The shares of a group made from a group snapshot (none for any other group), each copied from
   * its member snapshot by the driver, one after another; a retry copies again (the driver's create
   * from a snapshot is idempotent).
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

  /** The group's outcome, with its copied shares available, in one transaction. */
  private Uni<Void> finishCreate(Task task, ShareGroup g, String outcome, List<Made> made) {
    return pool.withTransaction(
            tx -> {
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
              return chain
                  .chain(() -> groups.transition(tx, g.id(), List.of(g.status()), outcome))
                  .chain(() -> queue.complete(tx, task.id()));
            })
        .invoke(() -> transition("share group", g.id(), g.status(), outcome, task));
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

  private Uni<Void> runGroupSnapshot(Task task, ShareGroupSnapshot s) {
    boolean forced = task.kind() == TaskKind.SHARE_GROUP_SNAPSHOT_FORCE_DELETE;
    if (s == null || !forced && !expectedStatus(task).equals(s.status())) {
      return queue.complete(pool, task.id());
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
        .chain(results -> pool.withTransaction(tx -> available(tx, task, s, members, results)))
        .invoke(() -> transition("share group snapshot", s.id(), s.status(), "available", task));
  }

  /** Every member and the group snapshot become available in one transaction. */
  private Uni<Void> available(
      SqlClient tx,
      Task task,
      ShareGroupSnapshot s,
      List<Snapshot> members,
      List<SnapshotResult> results) {
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
    return chain
        .chain(
            () ->
                groupSnapshots.complete(
                    tx, s.id(), ShareGroupStatus.CREATING, ShareGroupStatus.AVAILABLE, null))
        .chain(() -> queue.complete(tx, task.id()));
  }

  private Uni<Void> delete(Task task, ShareGroupSnapshot s, ShareDriver d, List<Snapshot> members) {
    return Multi.createFrom()
        .iterable(members)
        .onItem()
        .transformToUniAndConcatenate(m -> d.deleteSnapshot(ref(m, m.providerLocation())))
        .collect()
        .last()
        .chain(() -> pool.withTransaction(tx -> forget(tx, task, s.id())))
        .invoke(() -> transition("share group snapshot", s.id(), s.status(), "gone", task));
  }

  /** The members and the group snapshot leave together, and give their quota back. */
  private Uni<Void> forget(SqlClient tx, Task task, UUID id) {
    return snapshots
        .deleteMembers(tx, id)
        .chain(() -> groupSnapshots.delete(tx, id))
        .call(deleted -> release(tx, deleted, id))
        .chain(() -> queue.complete(tx, task.id()));
  }

  @Override
  public Uni<Void> giveUp(Task task, Throwable cause) {
    String reason = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    LOG.warnf(
        "%s %s failed for good (task %d, %s): %s",
        task.kind().key(), task.resourceId(), task.id(), task.requestId(), reason);
    return switch (task.kind()) {
      case SHARE_GROUP_CREATE, SHARE_GROUP_DELETE ->
          pool.withTransaction(
              tx ->
                  (task.kind() == TaskKind.SHARE_GROUP_CREATE
                          ? shares.failCreatingInGroup(tx, task.resourceId(), reason)
                          : Uni.createFrom().voidItem())
                      .chain(
                          () ->
                              groups.transition(
                                  tx,
                                  task.resourceId(),
                                  List.of(expectedStatus(task)),
                                  task.kind() == TaskKind.SHARE_GROUP_CREATE
                                      ? ShareGroupStatus.ERROR
                                      : ShareGroupStatus.ERROR_DELETING))
                      .chain(() -> queue.complete(tx, task.id())));
      // Manila's force_delete removes the records even when the backend fails
      case SHARE_GROUP_SNAPSHOT_FORCE_DELETE ->
          pool.withTransaction(tx -> forget(tx, task, task.resourceId()));
      default -> pool.withTransaction(tx -> failed(tx, task, reason));
    };
  }

  /** A failed create or delete marks the group snapshot and every member still waiting. */
  private Uni<Void> failed(SqlClient tx, Task task, String reason) {
    boolean create = task.kind() == TaskKind.SHARE_GROUP_SNAPSHOT_CREATE;
    String status = create ? ShareGroupStatus.ERROR : ShareGroupStatus.ERROR_DELETING;
    return groupSnapshots
        .complete(tx, task.resourceId(), expectedStatus(task), status, reason)
        .chain(
            () ->
                snapshots.failMembers(
                    tx,
                    task.resourceId(),
                    create ? SnapshotStatus.CREATING : SnapshotStatus.DELETING,
                    create ? SnapshotStatus.ERROR : SnapshotStatus.ERROR_DELETING,
                    reason))
        .chain(() -> queue.complete(tx, task.id()));
  }

  private Uni<Void> release(SqlClient tx, boolean deleted, UUID id) {
    return deleted ? quotas.release(tx, id) : Uni.createFrom().voidItem();
  }

  private static SnapshotRef ref(Snapshot m, String providerLocation) {
    return new SnapshotRef(m.id(), new ShareRef(m.shareId(), m.shareSize()), providerLocation);
  }

  private static String expectedStatus(Task task) {
    return switch (task.kind()) {
      case SHARE_GROUP_CREATE, SHARE_GROUP_SNAPSHOT_CREATE -> ShareGroupStatus.CREATING;
      default -> ShareGroupStatus.DELETING;
    };
  }

  private static void transition(String what, UUID id, String from, String to, Task task) {
    LOG.infof("%s %s: %s -> %s (task %d, %s)", what, id, from, to, task.id(), task.requestId());
  }
}
