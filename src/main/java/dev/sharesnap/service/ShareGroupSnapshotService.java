package dev.sharesnap.service;

import dev.sharesnap.domain.ApiException;
import dev.sharesnap.domain.Share;
import dev.sharesnap.domain.ShareGroup;
import dev.sharesnap.domain.ShareGroupSnapshot;
import dev.sharesnap.domain.ShareGroupStatus;
import dev.sharesnap.domain.ShareStatus;
import dev.sharesnap.domain.Snapshot;
import dev.sharesnap.domain.SnapshotStatus;
import dev.sharesnap.identity.Caller;
import dev.sharesnap.persistence.Clock;
import dev.sharesnap.persistence.ShareGroupRepository;
import dev.sharesnap.persistence.ShareGroupSnapshotRepository;
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
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Share group snapshots. Create locks the group and its shares, inserts the group snapshot and one
 * member snapshot per share, charges the quota and enqueues one task; the task has the backend
 * snapshot all members together and records the outcome for the group and its members at once.
 */
@ApplicationScoped
public class ShareGroupSnapshotService {

  private static final Logger LOG = Logger.getLogger(ShareGroupSnapshotService.class);

  private final Pool pool;
  private final ShareGroupSnapshotRepository groupSnapshots;
  private final ShareGroupRepository groups;
  private final ShareRepository shares;
  private final SnapshotRepository snapshots;
  private final QuotaService quotas;
  private final TaskQueue tasks;
  private final TaskWorker worker;
  private final PolicyEnforcer policy;

  public ShareGroupSnapshotService(
      Pool pool,
      ShareGroupSnapshotRepository groupSnapshots,
      ShareGroupRepository groups,
      ShareRepository shares,
      SnapshotRepository snapshots,
      QuotaService quotas,
      TaskQueue tasks,
      TaskWorker worker,
      PolicyEnforcer policy) {
    this.pool = pool;
    this.groupSnapshots = groupSnapshots;
    this.groups = groups;
    this.shares = shares;
    this.snapshots = snapshots;
    this.quotas = quotas;
    this.tasks = tasks;
    this.worker = worker;
    this.policy = policy;
  }

  /** A create request as the edge validated it. */
  public record NewGroupSnapshot(UUID shareGroupId, String name, String description) {}

  /** List filters of {@code GET /share-group-snapshots[/detail]}. */
  public record GroupSnapshotQuery(
      boolean allTenants,
      String name,
      String status,
      UUID shareGroupId,
      Integer limit,
      int offset) {}

  public Uni<ShareGroupSnapshot> show(Caller caller, String id) {
    policy.authorize(caller, Rule.SHARE_GROUP_SNAPSHOT_GET);
    return visible(pool, caller, id).chain(this::withMembers);
  }

  /** The members of a group snapshot ({@code GET .../members}). */
  public Uni<List<Snapshot>> members(Caller caller, String id) {
    policy.authorize(caller, Rule.SHARE_GROUP_SNAPSHOT_GET);
    return visible(pool, caller, id).chain(g -> snapshots.members(pool, g.id()));
  }

  public Uni<List<ShareGroupSnapshot>> list(Caller caller, GroupSnapshotQuery q, boolean detail) {
    policy.authorize(caller, Rule.SHARE_GROUP_SNAPSHOT_GET_ALL);
    String project = caller.isAdmin() && q.allTenants() ? null : caller.projectId();
    Uni<List<ShareGroupSnapshot>> all =
        groupSnapshots.list(
            pool, project, q.name(), q.status(), q.shareGroupId(), q.limit(), q.offset());
    if (!detail) {
      return all;
    }
    return all.chain(
        list ->
            list.isEmpty()
                ? Uni.createFrom().item(list)
                : Uni.join().all(list.stream().map(this::withMembers).toList()).andFailFast());
  }

  private Uni<ShareGroupSnapshot> withMembers(ShareGroupSnapshot g) {
    return snapshots.members(pool, g.id()).map(g::withMembers);
  }

  public Uni<ShareGroupSnapshot> create(
      Caller caller, Supplier<NewGroupSnapshot> request, String requestId) {
    policy.authorize(caller, Rule.SHARE_GROUP_SNAPSHOT_CREATE);
    NewGroupSnapshot req = request.get();
    return pool.withTransaction(
            tx ->
                groups
                    .lock(tx, req.shareGroupId())
                    .map(g -> snapshottable(caller, g, req.shareGroupId()))
                    .chain(g -> shares.lockGroup(tx, g.id()).map(all -> start(caller, g, all, req)))
                    .call(s -> insert(tx, s, requestId)))
        .chain(this::withMembers)
        .invoke(s -> started(s, "creating", requestId));
  }

  /** Manila answers an unknown group with 400 and a group not available with 409. */
  private static ShareGroup snapshottable(Caller caller, ShareGroup g, UUID id) {
    if (g == null || !caller.isAdmin() && !caller.projectId().equals(g.projectId())) {
      throw ApiException.badRequest("Share group " + id + " could not be found.");
    }
    if (!ShareGroupStatus.AVAILABLE.equals(g.status())) {
      throw ApiException.conflict("Invalid share group: Share group status must be available");
    }
    return g;
  }

  private static ShareGroupSnapshot start(
      Caller caller, ShareGroup g, List<Share> members, NewGroupSnapshot req) {
    for (Share s : members) {
      if (!ShareStatus.AVAILABLE.equals(s.status())) {
        throw ApiException.conflict(
            "Invalid share group: Share "
                + s.id()
                + " in share group must have status of available in order to create a group"
                + " snapshot");
      }
    }
    UUID id = UUID.randomUUID();
    LocalDateTime now = Clock.now();
    List<Snapshot> snaps = members.stream().map(s -> member(caller, id, s, now)).toList();
    return new ShareGroupSnapshot(
        id,
        g.projectId(),
        caller.userId(),
        g.id(),
        req.name(),
        req.description(),
        ShareGroupStatus.CREATING,
        null,
        now,
        null,
        snaps);
  }

  private static Snapshot member(Caller caller, UUID groupSnapshotId, Share s, LocalDateTime now) {
    return new Snapshot(
        UUID.randomUUID(),
        s.projectId(),
        caller.userId(),
        s.id(),
        s.size(),
        s.size(),
        null,
        null,
        s.shareProto(),
        SnapshotStatus.CREATING,
        "0%",
        null,
        Map.of(),
        null,
        now,
        null,
        null,
        groupSnapshotId);
  }

  private Uni<Void> insert(SqlClient tx, ShareGroupSnapshot s, String requestId) {
    return groupSnapshots
        .insert(tx, s)
        .chain(() -> snapshots.insertAll(tx, s.members()))
        .chain(() -> quotas.chargeShareGroupSnapshot(tx, s.projectId(), s.id()))
        .chain(() -> tasks.enqueue(tx, TaskKind.SHARE_GROUP_SNAPSHOT_CREATE, s.id(), requestId));
  }

  public Uni<ShareGroupSnapshot> update(Caller caller, String id, Map<String, String> changes) {
    policy.authorize(caller, Rule.SHARE_GROUP_SNAPSHOT_UPDATE);
    return visible(pool, caller, id)
        .invoke(s -> policy.authorize(caller, Rule.SHARE_GROUP_SNAPSHOT_UPDATE, s.projectId()))
        .chain(s -> groupSnapshots.rename(pool, s.id(), changes))
        .onItem()
        .ifNull()
        .failWith(() -> notFound(id))
        .chain(this::withMembers);
  }

  public Uni<Void> delete(Caller caller, String id, String requestId) {
    policy.authorize(caller, Rule.SHARE_GROUP_SNAPSHOT_DELETE);
    return pool.withTransaction(
            tx ->
                visible(tx, caller, id)
                    .invoke(
                        s ->
                            policy.authorize(
                                caller, Rule.SHARE_GROUP_SNAPSHOT_DELETE, s.projectId()))
                    .chain(
                        s ->
                            groupSnapshots
                                .transition(
                                    tx,
                                    s.id(),
                                    ShareGroupStatus.DELETABLE,
                                    ShareGroupStatus.DELETING)
                                .onItem()
                                .ifNull()
                                .failWith(
                                    () ->
                                        ApiException.conflict(
                                            "Invalid share group snapshot: Share group snapshot"
                                                + " status must be one of ('available', 'error')")))
                    .call(s -> snapshots.setMembersStatus(tx, s.id(), SnapshotStatus.DELETING))
                    .call(
                        s ->
                            tasks.enqueue(
                                tx, TaskKind.SHARE_GROUP_SNAPSHOT_DELETE, s.id(), requestId)))
        .invoke(s -> started(s, "deleting", requestId))
        .replaceWithVoid();
  }

  /** force_delete (admins): whatever the status; the record goes even if the backend fails. */
  public Uni<Void> forceDelete(Caller caller, String id, String requestId) {
    policy.authorize(caller, Rule.SHARE_GROUP_SNAPSHOT_FORCE_DELETE);
    return pool.withTransaction(
            tx ->
                visible(tx, caller, id)
                    .chain(s -> groupSnapshots.setStatus(tx, s.id(), ShareGroupStatus.DELETING))
                    .onItem()
                    .ifNull()
                    .failWith(() -> notFound(id))
                    .call(s -> snapshots.setMembersStatus(tx, s.id(), SnapshotStatus.DELETING))
                    .call(
                        s ->
                            tasks.enqueue(
                                tx, TaskKind.SHARE_GROUP_SNAPSHOT_FORCE_DELETE, s.id(), requestId)))
        .invoke(s -> started(s, "deleting (forced)", requestId))
        .replaceWithVoid();
  }

  /** reset_status (admins): the group snapshot's record only, as in Manila. */
  public Uni<Void> resetStatus(Caller caller, String id, Supplier<String> status) {
    policy.authorize(caller, Rule.SHARE_GROUP_SNAPSHOT_RESET_STATUS);
    String target = status.get();
    return visible(pool, caller, id)
        .chain(s -> groupSnapshots.setStatus(pool, s.id(), target))
        .onItem()
        .ifNull()
        .failWith(() -> notFound(id))
        .invoke(s -> LOG.infof("share group snapshot %s: status reset to %s", s.id(), target))
        .replaceWithVoid();
  }

  private Uni<ShareGroupSnapshot> visible(SqlClient db, Caller caller, String id) {
    UUID uuid = Ids.parse(id, notFound(id));
    return groupSnapshots
        .findById(db, uuid)
        .map(
            s -> {
              if (s == null || !caller.isAdmin() && !caller.projectId().equals(s.projectId())) {
                throw notFound(id);
              }
              return s;
            });
  }

  private static ApiException notFound(String id) {
    return ApiException.notFound("Share group snapshot " + id + " not found.");
  }

  private void started(ShareGroupSnapshot s, String what, String requestId) {
    LOG.infof("share group snapshot %s: %s (%s)", s.id(), what, requestId);
    worker.wake();
  }
}
