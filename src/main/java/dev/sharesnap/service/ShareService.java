package dev.sharesnap.service;

import dev.sharesnap.domain.ApiException;
import dev.sharesnap.domain.Share;
import dev.sharesnap.domain.ShareGroup;
import dev.sharesnap.domain.ShareGroupStatus;
import dev.sharesnap.domain.ShareStatus;
import dev.sharesnap.domain.ShareType;
import dev.sharesnap.domain.Snapshot;
import dev.sharesnap.domain.SnapshotStatus;
import dev.sharesnap.driver.DriverRegistry;
import dev.sharesnap.identity.Caller;
import dev.sharesnap.persistence.Clock;
import dev.sharesnap.persistence.ShareGroupRepository;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/** Shares, only as far as snapshot users need them: create (also from a snapshot), read, delete. */
@ApplicationScoped
public class ShareService {

  private static final Logger LOG = Logger.getLogger(ShareService.class);

  private final Pool pool;
  private final ShareRepository shares;
  private final SnapshotRepository snapshots;
  private final ShareTypeService types;
  private final ShareGroupRepository groups;
  private final DriverRegistry drivers;
  private final TaskQueue tasks;
  private final TaskWorker worker;
  private final PolicyEnforcer policy;
  private final QuotaService quotas;

  public ShareService(
      Pool pool,
      ShareRepository shares,
      SnapshotRepository snapshots,
      ShareTypeService types,
      ShareGroupRepository groups,
      DriverRegistry drivers,
      TaskQueue tasks,
      TaskWorker worker,
      PolicyEnforcer policy,
      QuotaService quotas) {
    this.quotas = quotas;
    this.pool = pool;
    this.shares = shares;
    this.snapshots = snapshots;
    this.types = types;
    this.groups = groups;
    this.drivers = drivers;
    this.tasks = tasks;
    this.worker = worker;
    this.policy = policy;
  }

  /**
   * A share create request as the edge validated it; {@code size} null means "inherit from the
   * snapshot".
   */
  public record NewShare(
      String shareProto,
      Integer size,
      String name,
      String description,
      String shareType,
      String snapshotId,
      boolean isPublic,
      Map<String, String> metadata,
      boolean checkCloneCapability,
      String shareGroupId) {}

  public Uni<Share> show(Caller caller, String id) {
    policy.authorize(caller, Rule.SHARE_GET);
    return visible(caller, id);
  }

  public Uni<List<Share>> list(
      Caller caller,
      boolean allTenants,
      String name,
      String status,
      String snapshotId,
      String shareGroupId,
      Integer limit,
      int offset) {
    policy.authorize(caller, Rule.SHARE_GET_ALL);
    String project = caller.isAdmin() && allTenants ? null : caller.projectId();
    UUID snap = snapshotId == null ? null : uuidOrNull(snapshotId);
    UUID group = shareGroupId == null ? null : uuidOrNull(shareGroupId);
    if (snapshotId != null && snap == null || shareGroupId != null && group == null) {
      return Uni.createFrom().item(List.of()); // no share has a source or group with that id
    }
    return shares.list(pool, project, name, status, snap, group, limit, offset);
  }

  private static UUID uuidOrNull(String raw) {
    try {
      return UUID.fromString(raw);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  public Uni<Share> create(Caller caller, NewShare req, String requestId) {
    policy.authorize(caller, Rule.SHARE_CREATE);
    return group(caller, req.shareGroupId())
        .chain(
            g ->
                req.snapshotId() == null
                    ? createEmpty(caller, req, g, requestId)
                    : createFromSnapshot(caller, req, g, requestId));
  }

  /** The group a share create names (2.31+), or null; Manila answers an unknown one with 404. */
  private Uni<ShareGroup> group(Caller caller, String id) {
    if (id == null) {
      return Uni.createFrom().nullItem();
    }
    ApiException notFound = ApiException.notFound("Share group " + id + " could not be found.");
    return groups
        .findById(pool, Ids.parse(id, notFound))
        .map(
            g -> {
              if (g == null || !caller.isAdmin() && !caller.projectId().equals(g.projectId())) {
                throw notFound;
              }
              return g;
            });
  }

  private Uni<Share> createEmpty(Caller caller, NewShare req, ShareGroup g, String requestId) {
    return types
        .resolve(caller, req.shareType())
        .chain(
            type ->
                insert(
                    caller,
                    req,
                    type,
                    req.size(),
                    g != null
                        ? groupHost(g, req.shareProto())
                        : drivers.placeNewShare(
                            type.extraSpecs().get("share_backend_name"),
                            req.shareProto(),
                            type.capability("mount_snapshot_support")),
                    new Origin(null, null, g),
                    requestId));
  }

  /** A share of a group lives on the group's host, which must export its protocol. */
  private String groupHost(ShareGroup g, String proto) {
    if (!drivers.forHost(g.host()).protocols().contains(proto)) {
      throw ApiException.invalidInput(
          "No valid host was found: the share group's backend does not export " + proto + ".");
    }
    return g.host();
  }

  private Uni<Share> createFromSnapshot(
      Caller caller, NewShare req, ShareGroup g, String requestId) {
    ApiException noSnapshot =
        ApiException.notFound(
            "ShareSnapshotNotFound: Snapshot " + req.snapshotId() + " could not be found.");
    UUID snapshotId = Ids.parse(req.snapshotId(), noSnapshot);
    return snapshots
        .findById(pool, snapshotId)
        .map(
            s -> {
              if (s == null || !caller.isAdmin() && !caller.projectId().equals(s.projectId())) {
                throw noSnapshot;
              }
              return s;
            })
        .chain(
            s ->
                shares
                    .findById(pool, s.shareId())
                    .chain(parent -> cloneOf(caller, req, s, parent, g, requestId)));
  }

  /**
   * Where a new share comes from: a snapshot (or a group snapshot member) and the group it joins;
   * each may be null.
   */
  private record Origin(UUID snapshotId, UUID memberId, ShareGroup group) {}

  private Uni<Share> cloneOf(
      Caller caller, NewShare req, Snapshot snap, Share parent, ShareGroup g, String requestId) {
    if (req.checkCloneCapability() && !parent.createShareFromSnapshotSupport()) {
      throw ApiException.badRequest(
          "A new share may not be created from snapshot '"
              + snap.id()
              + "', because the snapshot's parent share does not have that capability.");
    }
    if (!req.shareProto().equals(parent.shareProto())) {
      // the clone lives on the parent's backend, which exports the parent's protocol
      throw ApiException.invalidInput(
          "Invalid share protocol provided: "
              + req.shareProto()
              + ". A share created from a snapshot uses the protocol of the snapshot's share, "
              + parent.shareProto()
              + ".");
    }
    if (!SnapshotStatus.AVAILABLE.equals(snap.status())) {
      throw ApiException.badRequest("Invalid share snapshot: status must be 'available'.");
    }
    int snapSize = snap.size() == null ? snap.shareSize() : snap.size();
    int size = req.size() == null || req.size() == 0 ? snapSize : req.size();
    if (size < snapSize) {
      throw ApiException.invalidInput(
          "Share size '" + size + "' must be equal or greater than snapshot size.");
    }
    Uni<ShareType> type =
        req.shareType() == null
            ? types.byId(parent.shareTypeId())
            : types.resolve(caller, req.shareType());
    return type.chain(
        t -> {
          if (!t.id().equals(parent.shareTypeId())) {
            throw ApiException.invalidInput(
                "Invalid share type specified: the requested share type must match the type of the source share.");
          }
          UUID member = snap.shareGroupSnapshotId() == null ? null : snap.id();
          if (g != null && !g.host().equals(parent.host())) {
            throw ApiException.invalidInput(
                "No valid host was found: a share created from a snapshot lives on the snapshot's"
                    + " backend, not on the share group's.");
          }
          return insert(
              caller, req, t, size, parent.host(), new Origin(snap.id(), member, g), requestId);
        });
  }

  private Uni<Share> insert(
      Caller caller,
      NewShare req,
      ShareType type,
      int size,
      String host,
      Origin origin,
      String requestId) {
    UUID snapshotId = origin.snapshotId();
    ShareGroup group = origin.group();
    if (group != null) {
      checkGroupType(group, type);
    }
    Share share =
        new Share(
            UUID.randomUUID(),
            caller.projectId(),
            caller.userId(),
            req.name(),
            req.description(),
            size,
            req.shareProto(),
            type.id(),
            type.name(),
            // Manila's API answers creating for every new share; the task shows
            // creating_from_snapshot once it copies (manila-tempest-plugin checks the former)
            ShareStatus.CREATING,
            host,
            snapshotId,
            req.isPublic(),
            type.capability("snapshot_support"),
            type.capability("create_share_from_snapshot_support"),
            type.capability("revert_to_snapshot_support"),
            type.capability("mount_snapshot_support"),
            null,
            req.metadata(),
            Clock.now(),
            null,
            null,
            group == null ? null : group.id(),
            origin.memberId());
    return pool.withTransaction(
            tx ->
                lockAvailable(tx, group)
                    .chain(() -> shares.insert(tx, share))
                    .chain(() -> quotas.chargeShare(tx, share))
                    .chain(() -> tasks.enqueue(tx, TaskKind.SHARE_CREATE, share.id(), requestId)))
        .replaceWith(share)
        .invoke(
            () -> {
              LOG.infof("share %s: creating (%s)", share.id(), requestId);
              worker.wake();
            });
  }

  private static void checkGroupType(ShareGroup g, ShareType type) {
    if (!g.shareTypes().contains(type.id())) {
      throw ApiException.badRequest(
          "The specified share type ("
              + type.id()
              + ") is not supported by the specified share group ("
              + g.id()
              + ").");
    }
  }

  /**
   * Locks the group a new share joins and checks it is available, in the insert's transaction: a
   * group delete (which counts the group's shares under the same lock) cannot miss the share.
   */
  private Uni<Void> lockAvailable(SqlClient tx, ShareGroup group) {
    if (group == null) {
      return Uni.createFrom().voidItem();
    }
    return groups
        .lock(tx, group.id())
        .invoke(
            g -> {
              if (g == null) {
                throw ApiException.notFound("Share group " + group.id() + " could not be found.");
              }
              if (!ShareGroupStatus.AVAILABLE.equals(g.status())) {
                throw ApiException.badRequest(
                    "Share group status must be available, got " + g.status() + ".");
              }
            })
        .replaceWithVoid();
  }

  /**
   * Share delete. The share row is locked first: snapshot create locks it too, so a snapshot cannot
   * appear between the dependent-snapshot count and the move to deleting.
   */
  public Uni<Void> delete(Caller caller, String id, String requestId) {
    policy.authorize(caller, Rule.SHARE_DELETE);
    UUID uuid = Ids.parse(id, ApiException.notFound());
    return pool.withTransaction(
            tx ->
                shares
                    .lock(tx, uuid)
                    .map(s -> visibleTo(caller, s))
                    .invoke(s -> policy.authorize(caller, Rule.SHARE_DELETE, s.projectId()))
                    .call(s -> rejectDependentSnapshots(tx, s))
                    .call(s -> startDeleting(tx, s))
                    .call(s -> tasks.enqueue(tx, TaskKind.SHARE_DELETE, s.id(), requestId)))
        .invoke(
            s -> {
              LOG.infof("share %s: deleting (%s)", s.id(), requestId);
              worker.wake();
            })
        .replaceWithVoid();
  }

  private Uni<Integer> rejectDependentSnapshots(SqlClient tx, Share s) {
    return snapshots
        .countForShare(tx, s.id())
        .invoke(
            n -> {
              if (n > 0) {
                throw ApiException.forbidden(
                    "Invalid share: Share still has " + n + " dependent snapshots.");
              }
            });
  }

  private Uni<Boolean> startDeleting(SqlClient tx, Share s) {
    if (!ShareStatus.DELETABLE.contains(s.status())) {
      throw ApiException.forbidden(
          "Invalid share: Share status must be one of ('available', 'error', 'inactive')."
              + " Current status is '"
              + s.status()
              + "'.");
    }
    return shares.transition(tx, s.id(), ShareStatus.DELETABLE, ShareStatus.DELETING);
  }

  public Uni<Void> resetStatus(Caller caller, String id, Supplier<String> status) {
    policy.authorize(caller, Rule.SHARE_RESET_STATUS);
    String target = status.get();
    return visible(caller, id).chain(s -> shares.setStatus(pool, s.id(), target)).replaceWithVoid();
  }

  private Uni<Share> visible(Caller caller, String id) {
    UUID uuid = Ids.parse(id, ApiException.notFound());
    return shares.findById(pool, uuid).map(s -> visibleTo(caller, s));
  }

  /** What a caller may not read does not exist for it: another project's private share is a 404. */
  private static Share visibleTo(Caller caller, Share s) {
    if (s == null
        || !caller.isAdmin() && !caller.projectId().equals(s.projectId()) && !s.isPublic()) {
      throw ApiException.notFound();
    }
    return s;
  }
}
