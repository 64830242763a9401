package dev.sharesnap.service;

import dev.sharesnap.config.CreateBatchConfig;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.domain.Retention;
import dev.sharesnap.domain.Share;
import dev.sharesnap.domain.Snapshot;
import dev.sharesnap.domain.SnapshotStatus;
import dev.sharesnap.identity.Caller;
import dev.sharesnap.persistence.Clock;
import dev.sharesnap.persistence.NewTaskRow;
import dev.sharesnap.persistence.ShareRepository;
import dev.sharesnap.persistence.SnapshotCreateRepository;
import dev.sharesnap.persistence.SnapshotQuery;
import dev.sharesnap.persistence.SnapshotRepository;
import dev.sharesnap.policy.PolicyEnforcer;
import dev.sharesnap.policy.Rule;
import dev.sharesnap.service.SnapshotCreateBatch.Create;
import dev.sharesnap.task.TaskKind;
import dev.sharesnap.task.TaskQueue;
import dev.sharesnap.task.TaskWorker;
import io.micrometer.core.instrument.MeterRegistry;
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
 * Snapshot orchestration: the policy check first, then state checks, then one transaction holding
 * the conditional state change and the task that finishes it on the backend. The worker is woken
 * after commit.
 */
@ApplicationScoped
public class SnapshotService {

  private static final Logger LOG = Logger.getLogger(SnapshotService.class);

  private final Pool pool;
  private final SnapshotRepository snapshots;
  private final ShareRepository shares;
  private final TaskQueue tasks;
  private final TaskWorker worker;
  private final PolicyEnforcer policy;
  private final QuotaService quotas;
  private final SnapshotCreateRepository creates;
  private final SnapshotCreateRules rules;
  private final SnapshotCreateBatcher batcher;

  public SnapshotService(
      Pool pool,
      SnapshotRepository snapshots,
      ShareRepository shares,
      TaskQueue tasks,
      TaskWorker worker,
      PolicyEnforcer policy,
      QuotaService quotas,
      SnapshotCreateRepository creates,
      SnapshotCreateRules rules,
      SnapshotCreateBatch batch,
      CreateBatchConfig batchConfig,
      MeterRegistry registry) {
    this.rules = rules;
    this.batcher = new SnapshotCreateBatcher(batch, this::createAlone, batchConfig, registry);
    this.quotas = quotas;
    this.creates = creates;
    this.pool = pool;
    this.snapshots = snapshots;
    this.shares = shares;
    this.tasks = tasks;
    this.worker = worker;
    this.policy = policy;
  }

  /** A new snapshot request, as the edge validated it. */
  public record NewSnapshot(
      String shareId,
      String name,
      String description,
      Map<String, String> metadata,
      LocalDateTime keptUntil) {}

  /** A manage request, as the edge validated it. */
  public record ManagedSnapshot(
      String shareId,
      String providerLocation,
      String name,
      String description,
      Map<String, String> metadata) {}

  public Uni<Snapshot> show(Caller caller, String id) {
    policy.authorize(caller, Rule.SNAPSHOT_GET);
    return visible(pool, caller, id);
  }

  public Uni<List<Snapshot>> list(Caller caller, SnapshotQuery query) {
    policy.authorize(caller, Rule.SNAPSHOT_GET_ALL);
    return snapshots.list(pool, query);
  }

  public Uni<Snapshot> create(Caller caller, NewSnapshot req, String requestId) {
    UUID shareId =
        Ids.parse(req.shareId(), ApiException.notFound("NotFound: Resource could not be found."));
    return batcher.submit(
        new Create(
            caller, shareId, req, requestId, tasks.row(TaskKind.SNAPSHOT_CREATE, requestId)));
  }

  /** A create in a transaction of its own (a failed batch's fallback, or the queue full). */
  private Uni<Snapshot> createAlone(Create c) {
    return pool.withTransaction(
            tx -> createIn(tx, c.caller(), c.shareId(), c.req(), c.requestId(), c.task()))
        .invoke(s -> started(s, "creating", c.requestId()));
  }

  /**
   * The create in the caller's transaction: lock the share, check it, insert, charge the quota and
   * enqueue the task (schedules fire through here too). The caller wakes the worker after commit.
   */
  Uni<Snapshot> createIn(
      SqlClient tx, Caller caller, UUID shareId, NewSnapshot req, String requestId) {
    return createIn(
        tx, caller, shareId, req, requestId, tasks.row(TaskKind.SNAPSHOT_CREATE, requestId));
  }

  private Uni<Snapshot> createIn(
      SqlClient tx,
      Caller caller,
      UUID shareId,
      NewSnapshot req,
      String requestId,
      NewTaskRow task) {
    return shares
        .lock(tx, shareId)
        .map(share -> rules.checkSnapshottable(caller, share))
        .invoke(() -> Retention.checkChange(null, req.keptUntil(), true, Clock.now()))
        .chain(
            share ->
                insertCharged(
                    tx, SnapshotCreateRules.newSnapshot(caller, share, req), share, task));
  }

  /** The quota check under the project's lock, then row, charge and task in one statement. */
  private Uni<Snapshot> insertCharged(SqlClient tx, Snapshot s, Share share, NewTaskRow task) {
    return quotas
        .checkSnapshot(tx, s.projectId(), s.userId(), share.shareTypeId(), s.shareSize())
        .chain(charges -> creates.insertCharged(tx, s, charges, task));
  }

  /** A kept_until change (extension); a null {@code value} removes the retention. */
  public record KeptUntilChange(LocalDateTime value) {}

  /**
   * Manila's update (display name and description) plus, when {@code keptUntil} is not null, the
   * retention extension. The retention rule is checked before anything is written.
   */
  public Uni<Snapshot> update(
      Caller caller, String id, Map<String, String> changes, KeptUntilChange keptUntil) {
    policy.authorize(caller, Rule.SNAPSHOT_UPDATE);
    return visible(pool, caller, id)
        .invoke(s -> policy.authorize(caller, Rule.SNAPSHOT_UPDATE, s.projectId()))
        .invoke(s -> checkRetention(caller, s, keptUntil))
        .chain(
            s ->
                changes.isEmpty()
                    ? Uni.createFrom().item(s)
                    : snapshots.rename(pool, s.id(), changes))
        .onItem()
        .ifNull()
        .failWith(ApiException::notFound)
        .chain(s -> keptUntil == null ? Uni.createFrom().item(s) : retain(s, keptUntil.value()));
  }

  private static void checkRetention(Caller caller, Snapshot s, KeptUntilChange change) {
    if (change != null) {
      Retention.checkChange(s.keptUntil(), change.value(), caller.isAdmin(), Clock.now());
    }
  }

  /** Sets kept_until if it is still what the rule was checked against, else 409. */
  private Uni<Snapshot> retain(Snapshot s, LocalDateTime keptUntil) {
    return snapshots
        .setKeptUntil(pool, s.id(), s.keptUntil(), keptUntil)
        .onItem()
        .ifNull()
        .failWith(
            () ->
                ApiException.conflict(
                    "The retention of snapshot " + s.id() + " changed meanwhile; try again."));
  }

  /**
   * Delete; refused with 409 while the snapshot's kept_until holds, unless {@code
   * overrideRetention} (an administrator's explicit override).
   */
  public Uni<Void> delete(Caller caller, String id, String requestId, boolean overrideRetention) {
    policy.authorize(caller, Rule.SNAPSHOT_DELETE);
    LocalDateTime now = overrideRetention ? null : Clock.now();
    return pool.withTransaction(
            tx ->
                visible(tx, caller, id)
                    .invoke(s -> policy.authorize(caller, Rule.SNAPSHOT_DELETE, s.projectId()))
                    .chain(
                        s ->
                            snapshots
                                .transitionUnlessRetained(
                                    tx,
                                    s.id(),
                                    SnapshotStatus.DELETABLE,
                                    SnapshotStatus.DELETING,
                                    now)
                                .onItem()
                                .ifNull()
                                .failWith(() -> notDeletable(s, now)))
                    .call(s -> tasks.enqueue(tx, TaskKind.SNAPSHOT_DELETE, s.id(), requestId)))
        .invoke(s -> started(s, "deleting", requestId))
        .replaceWithVoid();
  }

  /** The reason a conditional delete found nothing to change: its retention, else its status. */
  private static ApiException notDeletable(Snapshot s, LocalDateTime now) {
    if (now != null && Retention.holds(s.keptUntil(), now)) {
      return Retention.refusal(s);
    }
    return ApiException.badRequest(
        "Invalid share snapshot: Share Snapshot status must be one of ('available', 'error').");
  }

  public Uni<Void> forceDelete(
      Caller caller, String id, String requestId, boolean overrideRetention) {
    policy.authorize(caller, Rule.SNAPSHOT_FORCE_DELETE);
    LocalDateTime now = overrideRetention ? null : Clock.now();
    return pool.withTransaction(
            tx ->
                visible(tx, caller, id)
                    .invoke(s -> policy.authorize(caller, Rule.SNAPSHOT_DELETE, s.projectId()))
                    .invoke(
                        s -> {
                          if (now != null && Retention.holds(s.keptUntil(), now)) {
                            throw Retention.refusal(s);
                          }
                        })
                    .chain(
                        s ->
                            snapshots.setStatusUnlessRetained(
                                tx, s.id(), SnapshotStatus.DELETING, now))
                    // gone meanwhile (a racing delete or force_delete finished), or retained by a
                    // racing update: nothing to delete
                    .onItem()
                    .ifNull()
                    .failWith(ApiException::notFound)
                    .call(
                        s -> tasks.enqueue(tx, TaskKind.SNAPSHOT_FORCE_DELETE, s.id(), requestId)))
        .invoke(s -> started(s, "deleting (forced)", requestId))
        .replaceWithVoid();
  }

  /** reset_status: policy first, then the body (Manila's order), then the lookup; database only. */
  public Uni<Void> resetStatus(Caller caller, String id, Supplier<String> status) {
    policy.authorize(caller, Rule.SNAPSHOT_RESET_STATUS);
    String target = status.get();
    return visible(pool, caller, id)
        .chain(s -> snapshots.setStatus(pool, s.id(), target))
        .onItem()
        .ifNull()
        .failWith(ApiException::notFound)
        .invoke(s -> LOG.infof("snapshot %s: status reset to %s", s.id(), target))
        .replaceWithVoid();
  }

  public Uni<Snapshot> manage(Caller caller, Supplier<ManagedSnapshot> request, String requestId) {
    policy.authorize(caller, Rule.SNAPSHOT_MANAGE);
    ManagedSnapshot req = request.get();
    ApiException noShare =
        ApiException.notFound("ShareNotFound: Share " + req.shareId() + " could not be found.");
    UUID shareId = Ids.parse(req.shareId(), noShare);
    return pool.withTransaction(
            tx ->
                shares
                    .lock(tx, shareId)
                    .onItem()
                    .ifNull()
                    .failWith(noShare)
                    .call(
                        share ->
                            snapshots
                                .findIdByLocation(tx, share.id(), req.providerLocation())
                                .invoke(existing -> rejectDuplicate(existing, req)))
                    .chain(share -> snapshots.insert(tx, managedSnapshot(caller, share, req)))
                    .call(s -> tasks.enqueue(tx, TaskKind.SNAPSHOT_MANAGE, s.id(), requestId)))
        .invoke(s -> started(s, "manage_starting", requestId));
  }

  private static void rejectDuplicate(UUID existing, ManagedSnapshot req) {
    if (existing != null) {
      throw ApiException.conflict(
          "Manage existing share snapshot failed due to invalid share snapshot: A share snapshot "
              + existing
              + " is already managed for provider location "
              + req.providerLocation()
              + ".");
    }
  }

  private static Snapshot managedSnapshot(Caller caller, Share share, ManagedSnapshot req) {
    return new Snapshot(
        UUID.randomUUID(),
        share.projectId(),
        caller.userId(),
        share.id(),
        share.size(),
        null,
        req.name(),
        req.description(),
        share.shareProto(),
        SnapshotStatus.MANAGE_STARTING,
        "0%",
        req.providerLocation(),
        req.metadata(),
        null,
        Clock.now(),
        null,
        null,
        null);
  }

  public Uni<Void> unmanage(Caller caller, String id, String requestId) {
    policy.authorize(caller, Rule.SNAPSHOT_UNMANAGE);
    return pool.withTransaction(
            tx ->
                visible(tx, caller, id)
                    .chain(
                        s ->
                            snapshots
                                .transition(
                                    tx,
                                    s.id(),
                                    SnapshotStatus.UNMANAGEABLE,
                                    SnapshotStatus.UNMANAGE_STARTING)
                                .onItem()
                                .ifNull()
                                .failWith(
                                    () ->
                                        ApiException.forbidden(
                                            "Snapshot with transitional state cannot be unmanaged. Snapshot '"
                                                + s.id()
                                                + "' is in '"
                                                + s.status()
                                                + "' state.")))
                    .call(s -> tasks.enqueue(tx, TaskKind.SNAPSHOT_UNMANAGE, s.id(), requestId)))
        .invoke(s -> started(s, "unmanage_starting", requestId))
        .replaceWithVoid();
  }

  public Uni<Map<String, String>> metadata(Caller caller, String id) {
    policy.authorize(caller, Rule.SNAPSHOT_GET_METADATA);
    return visibleForMetadata(caller, id).map(Snapshot::metadata);
  }

  /**
   * Merges ({@code replace} false) or replaces the metadata; returns what was sent, as Manila does.
   */
  public Uni<Map<String, String>> setMetadata(
      Caller caller, String id, Supplier<Map<String, String>> request, boolean replace) {
    policy.authorize(caller, Rule.SNAPSHOT_UPDATE_METADATA);
    Map<String, String> sent = request.get();
    return pool.withTransaction(
            tx ->
                visibleForMetadata(tx, caller, id)
                    .chain(
                        s ->
                            snapshots.setMetadata(tx, s.id(), merged(s.metadata(), sent, replace))))
        .replaceWith(sent);
  }

  public Uni<Void> deleteMetadata(Caller caller, String id, String key) {
    policy.authorize(caller, Rule.SNAPSHOT_DELETE_METADATA);
    return pool.withTransaction(
            tx ->
                visibleForMetadata(tx, caller, id)
                    .chain(
                        s -> {
                          if (!s.metadata().containsKey(key)) {
                            throw ApiException.notFound(
                                "MetadataItemNotFound: Metadata item is not found.");
                          }
                          Map<String, String> left = new java.util.LinkedHashMap<>(s.metadata());
                          left.remove(key);
                          return snapshots.setMetadata(tx, s.id(), left);
                        }))
        .replaceWithVoid();
  }

  private static Map<String, String> merged(
      Map<String, String> current, Map<String, String> sent, boolean replace) {
    Map<String, String> out = new java.util.LinkedHashMap<>(replace ? Map.of() : current);
    out.putAll(sent);
    return out;
  }

  private Uni<Snapshot> visibleForMetadata(Caller caller, String id) {
    return visibleForMetadata(pool, caller, id);
  }

  private Uni<Snapshot> visibleForMetadata(SqlClient db, Caller caller, String id) {
    return visible(db, caller, id, ApiException.notFound("Share_snapshot not found."));
  }

  /** The snapshot if the caller may see it, else 404 (the extension services share this rule). */
  Uni<Snapshot> visible(SqlClient db, Caller caller, String id) {
    return visible(db, caller, id, ApiException.notFound());
  }

  /**
   * The snapshot if the caller may see it; what a caller may not read does not exist for it (404).
   */
  private Uni<Snapshot> visible(SqlClient db, Caller caller, String id, ApiException notFound) {
    UUID uuid = Ids.parse(id, notFound);
    return snapshots
        .findById(db, uuid)
        .map(
            s -> {
              // a share group snapshot member is reached through its group snapshot, as in Manila
              if (s == null || !canSee(caller, s.projectId()) || s.shareGroupSnapshotId() != null) {
                throw notFound;
              }
              return s;
            });
  }

  private static boolean canSee(Caller caller, String projectId) {
    return caller.isAdmin() || caller.projectId().equals(projectId);
  }

  private void started(Snapshot s, String what, String requestId) {
    LOG.infof("snapshot %s: %s (%s)", s.id(), what, requestId);
    worker.wake();
  }
}
