package dev.sharesnap.service;

import dev.sharesnap.domain.ApiException;
import dev.sharesnap.domain.ShareGroup;
import dev.sharesnap.domain.ShareGroupStatus;
import dev.sharesnap.domain.ShareGroupType;
import dev.sharesnap.domain.ShareType;
import dev.sharesnap.driver.DriverRegistry;
import dev.sharesnap.identity.Caller;
import dev.sharesnap.persistence.Clock;
import dev.sharesnap.persistence.ShareGroupRepository;
import dev.sharesnap.policy.PolicyEnforcer;
import dev.sharesnap.policy.Rule;
import dev.sharesnap.task.TaskKind;
import dev.sharesnap.task.TaskQueue;
import dev.sharesnap.task.TaskWorker;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Share groups: policy first, then checks, then one transaction with the conditional state change,
 * the quota charge and the task. A group is placed on one backend host at create; its shares are
 * created there (see {@link ShareService}), so the backend can snapshot them together.
 */
@ApplicationScoped
public class ShareGroupService {

  private static final Logger LOG = Logger.getLogger(ShareGroupService.class);

  private final Pool pool;
  private final ShareGroupRepository groups;
  private final ShareGroupTypeService groupTypes;
  private final ShareTypeService shareTypes;
  private final DriverRegistry drivers;
  private final QuotaService quotas;
  private final TaskQueue tasks;
  private final TaskWorker worker;
  private final PolicyEnforcer policy;
  private final ShareGroupFromSnapshot fromSnapshot;

  public ShareGroupService(
      Pool pool,
      ShareGroupRepository groups,
      ShareGroupTypeService groupTypes,
      ShareTypeService shareTypes,
      DriverRegistry drivers,
      QuotaService quotas,
      TaskQueue tasks,
      TaskWorker worker,
      PolicyEnforcer policy,
      ShareGroupFromSnapshot fromSnapshot) {
    this.fromSnapshot = fromSnapshot;
    this.pool = pool;
    this.groups = groups;
    this.groupTypes = groupTypes;
    this.shareTypes = shareTypes;
    this.drivers = drivers;
    this.quotas = quotas;
    this.tasks = tasks;
    this.worker = worker;
    this.policy = policy;
  }

  /** A create request as the edge validated it; {@code shareTypes} null means the default. */
  public record NewGroup(
      String name,
      String description,
      List<UUID> shareTypes,
      UUID shareGroupTypeId,
      UUID sourceShareGroupSnapshotId) {}

  /** List filters of {@code GET /share-groups[/detail]}. */
  public record GroupQuery(
      boolean allTenants,
      String name,
      String status,
      UUID shareGroupTypeId,
      Integer limit,
      int offset) {}

  public Uni<ShareGroup> show(Caller caller, String id) {
    policy.authorize(caller, Rule.SHARE_GROUP_GET);
    return visible(pool, caller, id);
  }

  public Uni<List<ShareGroup>> list(Caller caller, GroupQuery q) {
    policy.authorize(caller, Rule.SHARE_GROUP_GET_ALL);
    String project = caller.isAdmin() && q.allTenants() ? null : caller.projectId();
    return groups.list(
        pool, project, q.name(), q.status(), q.shareGroupTypeId(), q.limit(), q.offset());
  }

  public Uni<ShareGroup> create(Caller caller, Supplier<NewGroup> request, String requestId) {
    policy.authorize(caller, Rule.SHARE_GROUP_CREATE);
    NewGroup req = request.get();
    if (req.sourceShareGroupSnapshotId() != null) {
      return fromSnapshot
          .create(caller, req, req.sourceShareGroupSnapshotId(), requestId)
          .invoke(g -> started(g, "creating from " + req.sourceShareGroupSnapshotId(), requestId));
    }
    if (req.shareGroupTypeId() == null) {
      throw ApiException.badRequest(
          "Must specify a share group type as a default share group type has not been"
              + " configured.");
    }
    return memberTypes(caller, req)
        .chain(
            types ->
                groupTypes
                    .visible(
                        caller,
                        req.shareGroupTypeId().toString(),
                        "Invalid input received: The specified share group type "
                            + req.shareGroupTypeId()
                            + " does not exist.")
                    .onFailure(ApiException.class)
                    .transform(ShareGroupService::asBadRequest)
                    .map(type -> newGroup(caller, req, type, types)))
        .chain(g -> pool.withTransaction(tx -> insert(tx, g, requestId)))
        .invoke(g -> started(g, "creating", requestId));
  }

  /** Manila answers an unknown group type at create with 400, not 404. */
  private static Throwable asBadRequest(Throwable e) {
    return ((ApiException) e).status() == 404 ? ApiException.badRequest(e.getMessage()) : e;
  }

  /** The share types of the new group: those named, else the default share type. */
  private Uni<List<ShareType>> memberTypes(Caller caller, NewGroup req) {
    if (req.shareTypes() == null) {
      return shareTypes
          .resolve(caller, null)
          .onFailure(ApiException.class)
          .transform(
              e ->
                  ApiException.badRequest(
                      "Must specify at least one share type as a default share type has not"
                          + " been configured."))
          .map(List::of);
    }
    return Multi.createFrom()
        .iterable(req.shareTypes())
        .onItem()
        .transformToUniAndConcatenate(
            id ->
                shareTypes
                    .byId(id)
                    .onFailure(ApiException.class)
                    .transform(
                        e ->
                            ApiException.badRequest(
                                "Share type with id " + id + " could not be found.")))
        .collect()
        .asList();
  }

  private ShareGroup newGroup(
      Caller caller, NewGroup req, ShareGroupType type, List<ShareType> members) {
    List<UUID> ids = members.stream().map(ShareType::id).distinct().toList();
    if (!new HashSet<>(type.shareTypes()).containsAll(ids)) {
      throw ApiException.invalidInput(
          "The specified share types must be a subset of the share types supported by the"
              + " share group type.");
    }
    List<String> backends =
        members.stream().map(t -> t.extraSpecs().get("share_backend_name")).distinct().toList();
    if (backends.size() > 1) {
      throw ApiException.invalidInput(
          "No valid host was found: the share types of a group must name one backend, not "
              + backends.stream().map(Objects::toString).toList()
              + ".");
    }
    String host = drivers.placeNewGroup(backends.get(0));
    return new ShareGroup(
        UUID.randomUUID(),
        caller.projectId(),
        caller.userId(),
        req.name(),
        req.description(),
        ShareGroupStatus.CREATING,
        host,
        type.id(),
        ids,
        null,
        drivers.forHost(host).groupSnapshotConsistency(),
        Clock.now(),
        null);
  }

  private Uni<ShareGroup> insert(SqlClient tx, ShareGroup g, String requestId) {
    return groups
        .insert(tx, g)
        .chain(() -> quotas.chargeShareGroup(tx, g.projectId(), g.id()))
        .chain(() -> tasks.enqueue(tx, TaskKind.SHARE_GROUP_CREATE, g.id(), requestId))
        .replaceWith(g);
  }

  /** Manila's update of name and description. */
  public Uni<ShareGroup> update(Caller caller, String id, Map<String, String> changes) {
    policy.authorize(caller, Rule.SHARE_GROUP_UPDATE);
    return visible(pool, caller, id)
        .invoke(g -> policy.authorize(caller, Rule.SHARE_GROUP_UPDATE, g.projectId()))
        .chain(g -> groups.rename(pool, g.id(), changes))
        .onItem()
        .ifNull()
        .failWith(() -> notFound(id));
  }

  /**
   * Delete, in Manila's order of checks: status, then group snapshots, then shares. The group row
   * is locked, so no share or group snapshot can join it between the counts and the change.
   */
  public Uni<Void> delete(Caller caller, String id, String requestId) {
    policy.authorize(caller, Rule.SHARE_GROUP_DELETE);
    return pool.withTransaction(
            tx ->
                locked(tx, caller, id)
                    .invoke(g -> policy.authorize(caller, Rule.SHARE_GROUP_DELETE, g.projectId()))
                    .invoke(ShareGroupService::checkDeletable)
                    .call(g -> rejectDependents(tx, g))
                    .chain(
                        g ->
                            groups.transition(
                                tx, g.id(), ShareGroupStatus.DELETABLE, ShareGroupStatus.DELETING))
                    .call(g -> tasks.enqueue(tx, TaskKind.SHARE_GROUP_DELETE, g.id(), requestId)))
        .invoke(g -> started(g, "deleting", requestId))
        .replaceWithVoid();
  }

  private static void checkDeletable(ShareGroup g) {
    if (!ShareGroupStatus.DELETABLE.contains(g.status())) {
      throw ApiException.conflict(
          "Invalid share group: Share group status must be one of ('available', 'error')");
    }
  }

  private Uni<int[]> rejectDependents(SqlClient tx, ShareGroup g) {
    return groups
        .dependents(tx, g.id())
        .invoke(
            n -> {
              if (n[1] > 0) {
                throw ApiException.conflict(
                    "Invalid share group: Cannot delete a share group with snapshots");
              }
              if (n[0] > 0) {
                throw ApiException.conflict(
                    "Invalid share group: Cannot delete a share group with shares");
              }
            });
  }

  /**
   * force_delete (admins): the record goes whatever its status, as in Manila, once no share or
   * group snapshot refers to it; the task releases it.
   */
  public Uni<Void> forceDelete(Caller caller, String id, String requestId) {
    policy.authorize(caller, Rule.SHARE_GROUP_FORCE_DELETE);
    return pool.withTransaction(
            tx ->
                locked(tx, caller, id)
                    .call(g -> rejectDependents(tx, g))
                    .chain(g -> groups.setStatus(tx, g.id(), ShareGroupStatus.DELETING))
                    .call(g -> tasks.enqueue(tx, TaskKind.SHARE_GROUP_DELETE, g.id(), requestId)))
        .invoke(g -> started(g, "deleting (forced)", requestId))
        .replaceWithVoid();
  }

  /** reset_status (admins): the database only. */
  public Uni<Void> resetStatus(Caller caller, String id, Supplier<String> status) {
    policy.authorize(caller, Rule.SHARE_GROUP_RESET_STATUS);
    String target = status.get();
    return visible(pool, caller, id)
        .chain(g -> groups.setStatus(pool, g.id(), target))
        .onItem()
        .ifNull()
        .failWith(() -> notFound(id))
        .invoke(g -> LOG.infof("share group %s: status reset to %s", g.id(), target))
        .replaceWithVoid();
  }

  /** The group if the caller may see it; another project's group does not exist for it. */
  Uni<ShareGroup> visible(SqlClient db, Caller caller, String id) {
    UUID uuid = Ids.parse(id, notFound(id));
    return groups.findById(db, uuid).map(g -> visibleTo(caller, g, id));
  }

  /** As {@link #visible}, with the row locked for the caller's transaction. */
  Uni<ShareGroup> locked(SqlClient tx, Caller caller, String id) {
    UUID uuid = Ids.parse(id, notFound(id));
    return groups.lock(tx, uuid).map(g -> visibleTo(caller, g, id));
  }

  private static ShareGroup visibleTo(Caller caller, ShareGroup g, String id) {
    if (g == null || !caller.isAdmin() && !caller.projectId().equals(g.projectId())) {
      throw notFound(id);
    }
    return g;
  }

  static ApiException notFound(String id) {
    return ApiException.notFound("Share group " + id + " not found.");
  }

  private void started(ShareGroup g, String what, String requestId) {
    LOG.infof("share group %s: %s (%s)", g.id(), what, requestId);
    worker.wake();
  }
}
