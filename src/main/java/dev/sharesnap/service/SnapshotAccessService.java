package dev.sharesnap.service;

import dev.sharesnap.domain.AccessRule;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.domain.Share;
import dev.sharesnap.domain.Snapshot;
import dev.sharesnap.domain.SnapshotStatus;
import dev.sharesnap.driver.DriverRegistry;
import dev.sharesnap.identity.Caller;
import dev.sharesnap.persistence.AccessRuleRepository;
import dev.sharesnap.persistence.ShareRepository;
import dev.sharesnap.persistence.SnapshotRepository;
import dev.sharesnap.policy.PolicyEnforcer;
import dev.sharesnap.policy.Rule;
import dev.sharesnap.service.AccessService.NewRule;
import dev.sharesnap.task.TaskKind;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Mountable snapshots (2.32+): read-only access rules and the export location of snapshots of
 * shares with mount_snapshot_support on a backend that exports them, with Manila's checks in
 * Manila's order: policy, body, snapshot lookup (404), the share's capability (400), duplicates,
 * state. The share row is locked for the checks and the change, as for share rules.
 */
@ApplicationScoped
public class SnapshotAccessService {

  private final Pool pool;
  private final ShareRepository shares;
  private final SnapshotRepository snapshots;
  private final AccessRuleRepository rules;
  private final DriverRegistry drivers;
  private final PolicyEnforcer policy;
  private final AccessService writes;

  public SnapshotAccessService(
      Pool pool,
      ShareRepository shares,
      SnapshotRepository snapshots,
      AccessRuleRepository rules,
      DriverRegistry drivers,
      PolicyEnforcer policy,
      AccessService writes) {
    this.pool = pool;
    this.shares = shares;
    this.snapshots = snapshots;
    this.rules = rules;
    this.drivers = drivers;
    this.policy = policy;
    this.writes = writes;
  }

  public Uni<AccessRule> allowSnapshot(
      Caller caller, String snapshotId, Supplier<NewRule> body, String requestId) {
    policy.authorize(caller, Rule.SNAPSHOT_ALLOW_ACCESS);
    NewRule req = body.get();
    return pool.withTransaction(
            tx ->
                mountableSnapshot(tx, caller, snapshotId)
                    .call(
                        s ->
                            writes.requireNew(
                                tx, s.shareId(), s.id(), req, "Share snapshot access "))
                    .invoke(s -> requireSnapshotAvailable(s, "New access rules cannot be applied"))
                    .chain(s -> writes.insert(tx, s.shareId(), s.id(), req, requestId)))
        .invoke(r -> writes.started("snapshot " + snapshotId, "allow " + r.accessTo(), requestId));
  }

  public Uni<Void> denySnapshot(
      Caller caller, String snapshotId, Supplier<String> accessId, String requestId) {
    policy.authorize(caller, Rule.SNAPSHOT_DENY_ACCESS);
    String ruleId = accessId.get();
    ApiException unknown = ApiException.notFound("NotFound: Resource could not be found.");
    return pool.withTransaction(
            tx ->
                mountableSnapshot(tx, caller, snapshotId)
                    .chain(
                        s ->
                            rules
                                .findById(tx, Ids.parse(ruleId, unknown))
                                .onItem()
                                .ifNull()
                                .failWith(unknown)
                                .invoke(r -> requireRuleOf(r, s))
                                .invoke(
                                    r ->
                                        requireSnapshotAvailable(
                                            s, "Access rules cannot be denied"))
                                .chain(
                                    r ->
                                        writes.deny(
                                            tx, r, TaskKind.SNAPSHOT_ACCESS, s.id(), requestId))))
        .invoke(() -> writes.started("snapshot " + snapshotId, "deny " + ruleId, requestId));
  }

  public Uni<List<AccessRule>> listSnapshot(Caller caller, String snapshotId) {
    policy.authorize(caller, Rule.SNAPSHOT_ACCESS_LIST);
    return mountableSnapshot(pool, caller, snapshotId).chain(s -> rules.ofSnapshot(pool, s.id()));
  }

  /** A snapshot and where clients mount it (null when they cannot). */
  public record SnapshotExport(Snapshot snapshot, String path) {}

  /**
   * The snapshot's export location: only a snapshot of a share with mount_snapshot_support on a
   * backend that exports has one, and only while it is available (Manila lists only available
   * instances).
   */
  public Uni<SnapshotExport> snapshotExport(Caller caller, String snapshotId) {
    policy.authorize(caller, Rule.SNAPSHOT_EXPORT_LOCATION_INDEX);
    return export(caller, snapshotId, "Snapshot '" + snapshotId + "' not found.");
  }

  /**
   * The same for the admin snapshot-instances API (a snapshot's one instance has its id): the
   * admin-only policy first, as Manila checks it before looking the instance up.
   */
  public Uni<SnapshotExport> snapshotInstanceExport(
      Caller caller, String instanceId, boolean show) {
    policy.authorize(
        caller,
        show
            ? Rule.SNAPSHOT_INSTANCE_EXPORT_LOCATION_SHOW
            : Rule.SNAPSHOT_INSTANCE_EXPORT_LOCATION_INDEX);
    return export(caller, instanceId, "Snapshot instance " + instanceId + " not found.");
  }

  private Uni<SnapshotExport> export(Caller caller, String snapshotId, String notFoundMessage) {
    ApiException notFound = ApiException.notFound(notFoundMessage);
    UUID uuid = Ids.parse(snapshotId, notFound);
    return snapshots
        .findById(pool, uuid)
        .map(
            s -> {
              if (s == null || !AccessService.canSee(caller, s.projectId())) {
                throw notFound;
              }
              return s;
            })
        .chain(
            s ->
                shares
                    .findById(pool, s.shareId())
                    .chain(
                        share ->
                            share == null
                                    || !mountable(share)
                                    || !SnapshotStatus.AVAILABLE.equals(s.status())
                                ? Uni.createFrom().<String>nullItem()
                                : snapshots.exportPath(pool, s.id()))
                    .map(path -> new SnapshotExport(s, path)));
  }

  /**
   * The snapshot and the checks Manila makes before any snapshot rule call: visible (404), its
   * share mounts snapshots (400).
   */
  private Uni<Snapshot> mountableSnapshot(SqlClient db, Caller caller, String snapshotId) {
    UUID uuid = Ids.parse(snapshotId, ApiException.notFound());
    return snapshots
        .findById(db, uuid)
        .map(
            s -> {
              if (s == null || !AccessService.canSee(caller, s.projectId())) {
                throw ApiException.notFound();
              }
              return s;
            })
        .call(
            s ->
                shares
                    .lock(db, s.shareId())
                    .invoke(
                        share -> {
                          if (share == null || !mountable(share)) {
                            throw ApiException.badRequest(
                                "Cannot control access to the snapshot "
                                    + s.id()
                                    + " since the parent share "
                                    + s.shareId()
                                    + " does not support mounting its snapshots.");
                          }
                        }));
  }

  private boolean mountable(Share share) {
    return share.mountSnapshotSupport() && drivers.servesAccessRules(share.host());
  }

  private static void requireSnapshotAvailable(Snapshot s, String what) {
    if (!SnapshotStatus.AVAILABLE.equals(s.status())) {
      throw ApiException.badRequest(
          "Invalid share snapshot instance: "
              + what
              + " while the snapshot or any of its replicas or migration copies lacks a valid"
              + " host or is not in available state.");
    }
  }

  private static void requireRuleOf(AccessRule r, Snapshot s) {
    if (!s.id().equals(r.snapshotId())) {
      throw ApiException.badRequest("Access rule provided is not associated with given snapshot.");
    }
  }
}
