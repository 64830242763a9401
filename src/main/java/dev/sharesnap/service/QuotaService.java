package dev.sharesnap.service;

import dev.sharesnap.config.QuotaConfig;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.domain.QuotaResource;
import dev.sharesnap.domain.QuotaSet;
import dev.sharesnap.domain.Share;
import dev.sharesnap.domain.Snapshot;
import dev.sharesnap.identity.Caller;
import dev.sharesnap.persistence.QuotaRepository;
import dev.sharesnap.policy.PolicyEnforcer;
import dev.sharesnap.policy.Rule;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Per-project quotas, as Manila's: creates charge {@code shares}/{@code gigabytes} or {@code
 * snapshots}/ {@code snapshot_gigabytes} in the transaction that inserts the row, so a failed
 * create takes nothing and two racing creates cannot both pass the last free unit (see {@link
 * QuotaRepository}); task handlers release the charge when a delete or unmanage completes. Also the
 * quota-sets API for admins.
 */
@ApplicationScoped
public class QuotaService {

  private static final Logger LOG = Logger.getLogger(QuotaService.class);

  private final Pool pool;
  private final QuotaRepository quotas;
  private final QuotaConfig config;
  private final PolicyEnforcer policy;

  public QuotaService(
      Pool pool, QuotaRepository quotas, QuotaConfig config, PolicyEnforcer policy) {
    this.pool = pool;
    this.quotas = quotas;
    this.config = config;
    this.policy = policy;
  }

  /**
   * A quota-set update as the edge validated it: new limits (in body order) and Manila's {@code
   * force}.
   */
  public record QuotaUpdate(Map<QuotaResource, Integer> limits, boolean force) {}

  /**
   * Whose limits a quota-set call reads or sets: the project's ({@link #PROJECT}), one user's
   * ({@code ?user_id=}) or one share type's ({@code ?share_type=}, 2.39+). A narrower scope's limit
   * defaults to the project's, as in Manila.
   */
  public record Scope(String userId, UUID shareTypeId) {

    public static final Scope PROJECT = new Scope(null, null);

    public static Scope user(String userId) {
      return new Scope(userId, null);
    }

    public static Scope shareType(UUID shareTypeId) {
      return new Scope(null, shareTypeId);
    }

    boolean isProject() {
      return userId == null && shareTypeId == null;
    }

    String key() {
      return userId != null
          ? userKey(userId)
          : shareTypeId != null ? typeKey(shareTypeId) : QuotaRepository.PROJECT;
    }
  }

  static String userKey(String userId) {
    return "user:" + userId;
  }

  static String typeKey(UUID shareTypeId) {
    return "type:" + shareTypeId;
  }

  /**
   * Charges a new snapshot to its project, its user and its share's type; 413 with Manila's message
   * when over a limit of any of them.
   */
  public Uni<Void> chargeSnapshot(SqlClient tx, Snapshot s, UUID shareTypeId) {
    return checkSnapshot(tx, s.projectId(), s.userId(), shareTypeId, s.shareSize())
        .chain(amounts -> quotas.charge(tx, s.projectId(), s.id(), amounts));
  }

  /**
   * The check of {@link #chargeSnapshot} without the charge: takes the project's lock, raises 413
   * when a new snapshot of {@code size} would exceed a limit, else gives the amounts the caller
   * charges in the same transaction (the create path writes them with the snapshot, in one
   * statement).
   */
  public Uni<Map<QuotaResource, Integer>> checkSnapshot(
      SqlClient tx, String project, String userId, UUID shareTypeId, int size) {
    Map<QuotaResource, Integer> amounts = snapshotAmounts(size);
    return check(
            tx,
            project,
            List.of(userKey(userId), typeKey(shareTypeId)),
            amounts,
            SNAPSHOT_OVER_LIMIT)
        .replaceWith(amounts);
  }

  /** A new snapshot's charge: one snapshot and its share's size in gigabytes. */
  static Map<QuotaResource, Integer> snapshotAmounts(int size) {
    return amounts(QuotaResource.SNAPSHOTS, QuotaResource.SNAPSHOT_GIGABYTES, size);
  }

  static final OverLimit SNAPSHOT_OVER_LIMIT =
      (overs, set) -> {
        // Manila reports gigabytes first when both are exceeded
        if (overs.contains(QuotaResource.SNAPSHOT_GIGABYTES)) {
          return overLimit(
              "SnapshotSizeExceedsAvailableQuota: Requested snapshot exceeds allowed"
                  + " project/user or share type gigabytes quota.");
        }
        return overLimit(
            "SnapshotLimitExceeded: Maximum number of snapshots allowed ("
                + set.limit(QuotaResource.SNAPSHOTS)
                + ") either per project/user or share type quota is exceeded.");
      };

  /**
   * Charges a new share to its project, its user and its type; 413 with Manila's message when over
   * a limit of any of them.
   */
  public Uni<Void> chargeShare(SqlClient tx, Share s) {
    Map<QuotaResource, Integer> amounts =
        amounts(QuotaResource.SHARES, QuotaResource.GIGABYTES, s.size());
    return checkAndCharge(
        tx,
        s.projectId(),
        List.of(userKey(s.userId()), typeKey(s.shareTypeId())),
        s.id(),
        amounts,
        (overs, set) -> {
          if (overs.contains(QuotaResource.GIGABYTES)) {
            return overLimit(
                "ShareSizeExceedsAvailableQuota: Requested share exceeds allowed project/user or share"
                    + " type gigabytes quota.");
          }
          return overLimit(
              "ShareLimitExceeded: Maximum number of shares allowed ("
                  + set.limit(QuotaResource.SHARES)
                  + ") either per project/user or share type quota is exceeded.");
        });
  }

  /** Charges a new share group (share_groups); 413 with Manila's message when over the limit. */
  public Uni<Void> chargeShareGroup(SqlClient tx, String project, UUID groupId) {
    return chargeOne(
        tx,
        project,
        groupId,
        QuotaResource.SHARE_GROUPS,
        "ShareGroupsLimitExceeded: Maximum number of allowed share-groups is exceeded.");
  }

  /** Charges a new share group snapshot (share_group_snapshots); 413 when over the limit. */
  public Uni<Void> chargeShareGroupSnapshot(SqlClient tx, String project, UUID groupSnapshotId) {
    return chargeOne(
        tx,
        project,
        groupSnapshotId,
        QuotaResource.SHARE_GROUP_SNAPSHOTS,
        "ShareGroupSnapshotsLimitExceeded: Maximum number of allowed share-group-snapshots is"
            + " exceeded.");
  }

  private Uni<Void> chargeOne(
      SqlClient tx, String project, UUID id, QuotaResource resource, String overLimitMessage) {
    return checkAndCharge(
        tx, project, id, Map.of(resource, 1), (overs, set) -> overLimit(overLimitMessage));
  }

  interface OverLimit {
    ApiException of(Set<QuotaResource> overs, QuotaSet current);
  }

  private Uni<Void> checkAndCharge(
      SqlClient tx,
      String project,
      UUID id,
      Map<QuotaResource, Integer> amounts,
      OverLimit overLimit) {
    return checkAndCharge(tx, project, List.of(), id, amounts, overLimit);
  }

  /**
   * Under the project's lock: the project's limits, then each narrower scope in {@code scopes}
   * (user, share type) that has a limit of its own on a charged resource (a scope without one has
   * the project's limit and at most the project's usage, so the project's check covers it).
   */
  private Uni<Void> checkAndCharge(
      SqlClient tx,
      String project,
      List<String> scopes,
      UUID id,
      Map<QuotaResource, Integer> amounts,
      OverLimit overLimit) {
    return check(tx, project, scopes, amounts, overLimit)
        .chain(() -> quotas.charge(tx, project, id, amounts));
  }

  private Uni<Void> check(
      SqlClient tx,
      String project,
      List<String> scopes,
      Map<QuotaResource, Integer> amounts,
      OverLimit overLimit) {
    return quotas
        .lockProject(tx, project)
        .chain(() -> load(tx, project))
        .invoke(l -> enforce(project, l.project(), amounts, overLimit))
        .chain(
            l -> {
              Uni<Void> checks = Uni.createFrom().voidItem();
              for (String key : scopes) {
                Map<QuotaResource, Integer> own = l.scoped().get(key);
                if (own != null && amounts.keySet().stream().anyMatch(own::containsKey)) {
                  checks =
                      checks.chain(
                          () ->
                              quotas
                                  .scopedUsage(tx, project, key)
                                  .invoke(
                                      u ->
                                          enforce(
                                              project + " " + key,
                                              narrowed(l, key, u),
                                              amounts,
                                              overLimit))
                                  .replaceWithVoid());
                }
              }
              return checks;
            });
  }

  static void enforce(
      String who, QuotaSet set, Map<QuotaResource, Integer> amounts, OverLimit overLimit) {
    Set<QuotaResource> overs = EnumSet.noneOf(QuotaResource.class);
    amounts.forEach(
        (r, n) -> {
          int limit = set.limit(r);
          if (limit != QuotaResource.UNLIMITED && set.inUse(r) + n > limit) {
            overs.add(r);
          }
        });
    if (!overs.isEmpty()) {
      LOG.warnf(
          "quota exceeded for %s: asked %s, in use %s, limits %s",
          who, amounts, set.inUse(), set.limits());
      throw overLimit.of(overs, set);
    }
  }

  private static Map<QuotaResource, Integer> amounts(
      QuotaResource count, QuotaResource gigabytes, int size) {
    Map<QuotaResource, Integer> out = new EnumMap<>(QuotaResource.class);
    out.put(count, 1);
    out.put(gigabytes, size);
    return out;
  }

  private static ApiException overLimit(String message) {
    return new ApiException(413, message);
  }

  /**
   * {@code GET /quota-sets/{project}[/detail]}: readers see their own project's, admins any
   * project's.
   */
  public Uni<QuotaSet> show(Caller caller, String project, Scope scope) {
    policy.authorize(caller, Rule.QUOTA_SET_SHOW);
    if (!caller.isAdmin() && !project.equals(caller.projectId())) {
      // Manila's authorize_project_context, answered with webob's generic 403
      throw ApiException.accessDenied();
    }
    return current(pool, project, scope);
  }

  /** {@code GET /quota-sets/{project}/defaults}: the configured defaults, for any project id. */
  public QuotaSet defaults(Caller caller, String project) {
    policy.authorize(caller, Rule.QUOTA_SET_SHOW);
    return new QuotaSet(project, defaultLimits(), Map.of());
  }

  /** {@code GET /limits}: the caller's own project. */
  public Uni<QuotaSet> limits(Caller caller) {
    return current(pool, caller.projectId());
  }

  /**
   * {@code PUT /quota-sets/{project}}: without {@code force}, a limit below what is in use is
   * refused with Manila's messages. All limits are checked before any is written, so a refused
   * update changes nothing (Manila writes the keys before the bad one).
   */
  public Uni<QuotaSet> update(Caller caller, String project, Scope scope, QuotaUpdate update) {
    policy.authorize(caller, Rule.QUOTA_SET_UPDATE);
    return pool.withTransaction(
            tx ->
                quotas
                    .lockProject(tx, project)
                    .chain(() -> load(tx, project))
                    .chain(
                        l -> {
                          if (scope.isProject()) {
                            return Uni.createFrom().item(l.project());
                          }
                          update
                              .limits()
                              .forEach(
                                  (r, v) ->
                                      validateNarrower(v, l.project().limit(r), update.force()));
                          return quotas
                              .scopedUsage(tx, project, scope.key())
                              .map(u -> narrowed(l, scope.key(), u));
                        })
                    .invoke(
                        set ->
                            update.limits().forEach((r, v) -> validate(r, v, set, update.force())))
                    .chain(() -> quotas.setLimits(tx, project, scope.key(), update.limits()))
                    .chain(() -> current(tx, project, scope)))
        .invoke(
            set ->
                LOG.infof(
                    "quotas of project %s%s set to %s by %s",
                    project,
                    scope.isProject() ? "" : " (" + scope.key() + ")",
                    update.limits(),
                    caller.userId()));
  }

  /**
   * Manila's settable range of a user's or share type's limit: at most the project's limit (unless
   * that is unlimited or the update is forced).
   */
  private static void validateNarrower(int value, int projectLimit, boolean force) {
    if (!force && projectLimit != QuotaResource.UNLIMITED && value > projectLimit) {
      throw ApiException.badRequest("Quota limit must be less than " + projectLimit + ".");
    }
  }

  private static void validate(QuotaResource r, int value, QuotaSet set, boolean force) {
    int used = set.inUse(r);
    if (!force && value >= 0 && set.limit(r) >= 0 && used > value) {
      throw ApiException.badRequest(
          "Quota value "
              + value
              + " for "
              + r.key()
              + " is smaller than already used and reserved "
              + used
              + ".");
    }
    if (value < QuotaResource.UNLIMITED) {
      throw ApiException.badRequest("Quota limit must be -1 or greater.");
    }
    if (!force && value < used && value != QuotaResource.UNLIMITED) {
      throw ApiException.badRequest("Quota limit must be greater than " + used + ".");
    }
  }

  /** {@code DELETE /quota-sets/{project}}: the project's limits go back to the defaults. */
  public Uni<Void> delete(Caller caller, String project, Scope scope) {
    policy.authorize(caller, Rule.QUOTA_SET_DELETE);
    return quotas
        .deleteLimits(pool, project, scope.key())
        .invoke(
            () ->
                LOG.infof(
                    "quotas of project %s%s reset by %s",
                    project, scope.isProject() ? "" : " (" + scope.key() + ")", caller.userId()));
  }

  /** A project's limits in force and usage, and the limits set for its users and share types. */
  private record Loaded(QuotaSet project, Map<String, Map<QuotaResource, Integer>> scoped) {}

  private Uni<Loaded> load(SqlClient db, String project) {
    return quotas
        .limitsAndUsage(db, project)
        .map(
            read -> {
              Map<QuotaResource, Integer> limits = defaultLimits();
              limits.putAll(read.limits().getOrDefault(QuotaRepository.PROJECT, Map.of()));
              return new Loaded(new QuotaSet(project, limits, read.usage()), read.limits());
            });
  }

  private Uni<QuotaSet> current(SqlClient db, String project) {
    return load(db, project).map(Loaded::project);
  }

  private Uni<QuotaSet> current(SqlClient db, String project, Scope scope) {
    if (scope.isProject()) {
      return current(db, project);
    }
    return load(db, project)
        .chain(
            l ->
                quotas.scopedUsage(db, project, scope.key()).map(u -> narrowed(l, scope.key(), u)));
  }

  /** A user's or share type's set: the project's limits with its own over them, its own usage. */
  private static QuotaSet narrowed(Loaded l, String key, Map<QuotaResource, Integer> usage) {
    Map<QuotaResource, Integer> limits = new EnumMap<>(l.project().limits());
    limits.putAll(l.scoped().getOrDefault(key, Map.of()));
    return new QuotaSet(l.project().projectId(), limits, usage);
  }

  Map<QuotaResource, Integer> defaultLimits() {
    Map<QuotaResource, Integer> out = new EnumMap<>(QuotaResource.class);
    for (QuotaResource r : QuotaResource.values()) {
      out.put(
          r,
          switch (r) {
            case SHARES -> config.shares();
            case GIGABYTES -> config.gigabytes();
            case SNAPSHOTS -> config.snapshots();
            case SNAPSHOT_GIGABYTES -> config.snapshotGigabytes();
            default -> r.manilaDefault();
          });
    }
    return out;
  }
}
