package dev.sharesnap.service;

import dev.sharesnap.domain.AccessRule;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.domain.Share;
import dev.sharesnap.domain.ShareStatus;
import dev.sharesnap.driver.DriverRegistry;
import dev.sharesnap.identity.Caller;
import dev.sharesnap.persistence.AccessRuleRepository;
import dev.sharesnap.persistence.Clock;
import dev.sharesnap.persistence.ShareRepository;
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
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Access rules of shares (allow_access, deny_access, access_list, share-access-rules), with
 * Manila's checks in Manila's order: policy, body, lookup, capability, state, duplicates ({@link
 * SnapshotAccessService} does the same for snapshots, through the rule writes here). A rule change
 * and the task that applies it to the backend commit together while the share row is locked, so two
 * racing requests cannot both add the same client.
 */
@ApplicationScoped
public class AccessService {

  private static final Logger LOG = Logger.getLogger(AccessService.class);

  private final Pool pool;
  private final ShareRepository shares;
  private final AccessRuleRepository rules;
  private final DriverRegistry drivers;
  private final TaskQueue tasks;
  private final TaskWorker worker;
  private final PolicyEnforcer policy;

  public AccessService(
      Pool pool,
      ShareRepository shares,
      AccessRuleRepository rules,
      DriverRegistry drivers,
      TaskQueue tasks,
      TaskWorker worker,
      PolicyEnforcer policy) {
    this.pool = pool;
    this.shares = shares;
    this.rules = rules;
    this.drivers = drivers;
    this.tasks = tasks;
    this.worker = worker;
    this.policy = policy;
  }

  /**
   * A rule as the edge validated it; {@code target} is access_to in canonical form (duplicates).
   */
  public record NewRule(
      String accessType,
      String accessTo,
      String target,
      String accessLevel,
      Map<String, String> metadata) {}

  public Uni<AccessRule> allowShare(
      Caller caller, String shareId, Supplier<NewRule> body, String requestId) {
    policy.authorize(caller, Rule.SHARE_ALLOW_ACCESS);
    NewRule req = body.get();
    UUID uuid = Ids.parse(shareId, ApiException.notFound());
    return pool.withTransaction(
            tx ->
                lockedShare(tx, caller, uuid)
                    .invoke(share -> requireAccessType(share, req.accessType()))
                    .invoke(AccessService::requireAvailable)
                    .call(share -> requireNew(tx, share.id(), null, req, "Share access "))
                    .chain(share -> insert(tx, share.id(), null, req, requestId)))
        .invoke(r -> started("share " + uuid, "allow " + r.accessTo(), requestId));
  }

  public Uni<Void> denyShare(
      Caller caller, String shareId, Supplier<String> accessId, String requestId) {
    policy.authorize(caller, Rule.SHARE_DENY_ACCESS);
    String ruleId = accessId.get();
    UUID uuid = Ids.parse(shareId, ApiException.notFound());
    ApiException unknown = ApiException.notFound("Access " + ruleId + " not found.");
    UUID ruleUuid = Ids.parse(ruleId, unknown);
    return pool.withTransaction(
            tx ->
                lockedShare(tx, caller, uuid)
                    .chain(
                        share ->
                            rules
                                .findById(tx, ruleUuid)
                                .invoke(r -> requireRuleOf(r, share, unknown))
                                .chain(
                                    r ->
                                        deny(tx, r, TaskKind.SHARE_ACCESS, share.id(), requestId))))
        .invoke(() -> started("share " + uuid, "deny " + ruleId, requestId));
  }

  /** The share's rules (access_list action, and GET /share-access-rules?share_id= from 2.45). */
  public Uni<List<AccessRule>> listShare(Caller caller, String shareId, Rule rule) {
    policy.authorize(caller, rule);
    UUID uuid = Ids.parse(shareId, ApiException.notFound());
    return shares
        .findById(pool, uuid)
        .map(share -> visible(caller, share))
        .chain(share -> rules.ofShare(pool, share.id()));
  }

  /** GET /share-access-rules/{id}: a share's rule, if the caller may see the share. */
  public Uni<AccessRule> showShareRule(Caller caller, String ruleId) {
    policy.authorize(caller, Rule.SHARE_ACCESS_RULE_GET);
    ApiException unknown = ApiException.notFound("Access " + ruleId + " not found.");
    UUID uuid = Ids.parse(ruleId, unknown);
    return rules
        .findById(pool, uuid)
        .onItem()
        .ifNull()
        .failWith(unknown)
        .call(
            r -> {
              if (r.snapshotId() != null) {
                throw unknown;
              }
              return shares.findById(pool, r.shareId()).map(share -> visible(caller, share));
            });
  }

  private Uni<Share> lockedShare(SqlClient tx, Caller caller, UUID id) {
    return shares.lock(tx, id).map(share -> visible(caller, share));
  }

  private Share visible(Caller caller, Share share) {
    if (share == null || !canSee(caller, share.projectId())) {
      throw ApiException.notFound();
    }
    return share;
  }

  /**
   * The share's backend must serve rules of this type: ip on exports (NFS), cephx on CephFS.
   * Manila's drivers refuse the others with this text, leaving the rule in error; here it is a 400.
   */
  private void requireAccessType(Share share, String type) {
    Set<String> types = drivers.shareAccessTypes(share.host());
    if (types.isEmpty()) {
      throw ApiException.badRequest(
          "Invalid share: share "
              + share.id()
              + " is on a backend that serves no access rules (host "
              + share.host()
              + ").");
    }
    if (!types.contains(type)) {
      throw ApiException.badRequest("Invalid or unsupported share access type: " + type + ".");
    }
  }

  /** Manila answers 404 for an unknown rule and for another share's. */
  private static void requireRuleOf(AccessRule r, Share share, ApiException unknown) {
    if (r == null) {
      throw unknown;
    }
    if (!r.shareId().equals(share.id()) || r.snapshotId() != null) {
      throw ApiException.notFound("Resource could not be found.");
    }
  }

  private static void requireAvailable(Share share) {
    if (!ShareStatus.AVAILABLE.equals(share.status())) {
      throw ApiException.badRequest("Invalid share: Share status must be available.");
    }
  }

  Uni<Void> requireNew(SqlClient tx, UUID shareId, UUID snapshotId, NewRule req, String what) {
    return rules
        .exists(tx, shareId, snapshotId, req.accessType(), req.target())
        .invoke(
            dup -> {
              if (dup) {
                throw ApiException.badRequest(
                    what + req.accessType() + ":" + req.accessTo() + " exists.");
              }
            })
        .replaceWithVoid();
  }

  Uni<AccessRule> insert(
      SqlClient tx, UUID shareId, UUID snapshotId, NewRule req, String requestId) {
    AccessRule rule =
        new AccessRule(
            UUID.randomUUID(),
            shareId,
            snapshotId,
            req.accessType(),
            req.accessTo(),
            req.accessLevel(),
            AccessRule.QUEUED_TO_APPLY,
            req.metadata(),
            null,
            Clock.now(),
            null);
    TaskKind kind = snapshotId == null ? TaskKind.SHARE_ACCESS : TaskKind.SNAPSHOT_ACCESS;
    return rules
        .insert(tx, rule, req.target())
        .chain(() -> tasks.enqueue(tx, kind, snapshotId == null ? shareId : snapshotId, requestId))
        .replaceWith(rule);
  }

  /** A rule already being denied stays so (a repeated deny is accepted, as the first was). */
  Uni<Void> deny(SqlClient tx, AccessRule r, TaskKind kind, UUID resource, String rid) {
    return rules
        .transition(
            tx,
            List.of(r.id()),
            List.of(AccessRule.QUEUED_TO_APPLY, AccessRule.ACTIVE, AccessRule.ERROR),
            AccessRule.QUEUED_TO_DENY)
        .chain(() -> tasks.enqueue(tx, kind, resource, rid));
  }

  static boolean canSee(Caller caller, String projectId) {
    return caller.isAdmin() || caller.projectId().equals(projectId);
  }

  void started(String what, String change, String requestId) {
    LOG.infof("%s: access rule %s queued (%s)", what, change, requestId);
    worker.wake();
  }
}
