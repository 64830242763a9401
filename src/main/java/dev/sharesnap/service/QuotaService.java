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

  /** Charges a new snapshot to its project; 413 with Manila's message when over a limit. */
  public Uni<Void> chargeSnapshot(SqlClient tx, Snapshot s) {
    Map<QuotaResource, Integer> amounts =
        amounts(QuotaResource.SNAPSHOTS, QuotaResource.SNAPSHOT_GIGABYTES, s.shareSize());
    return checkAndCharge(
        tx,
        s.projectId(),
        s.id(),
        amounts,
        (overs, set) -> {
          // Manila reports gigabytes first when both are exceeded
          if (overs.contains(QuotaResource.SNAPSHOT_GIGABYTES)) {
            return overLimit(
                "SnapshotSizeExceedsAvailableQuota: Requested snapshot exceeds allowed project/user or"
                    + " share type gigabytes quota.");
          }
          return overLimit(
              "SnapshotLimitExceeded: Maximum number of snapshots allowed ("
                  + set.limit(QuotaResource.SNAPSHOTS)
                  + ") either per project/user or share type quota is exceeded.");
        });
  }

  /** Charges a new share to its project; 413 with Manila's message when over a limit. */
  public Uni<Void> chargeShare(SqlClient tx, Share s) {
    Map<QuotaResource, Integer> amounts =
        amounts(QuotaResource.SHARES, QuotaResource.GIGABYTES, s.size());
    return checkAndCharge(
        tx,
        s.projectId(),
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

  private interface OverLimit {
    ApiException of(Set<QuotaResource> overs, QuotaSet current);
  }

  private Uni<Void> checkAndCharge(
      SqlClient tx,
      String project,
      UUID id,
      Map<QuotaResource, Integer> amounts,
      OverLimit overLimit) {
    return quotas
        .lockProject(tx, project)
        .chain(() -> current(tx, project))
        .invoke(
            set -> {
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
                    "quota exceeded for project %s: asked %s, in use %s, limits %s",
                    project, amounts, set.inUse(), set.limits());
                throw overLimit.of(overs, set);
              }
            })
        .chain(() -> quotas.charge(tx, project, id, amounts));
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
  public Uni<QuotaSet> show(Caller caller, String project) {
    policy.authorize(caller, Rule.QUOTA_SET_SHOW);
    if (!caller.isAdmin() && !project.equals(caller.projectId())) {
      // Manila's authorize_project_context, answered with webob's generic 403
      throw ApiException.accessDenied();
    }
    return current(pool, project);
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
  public Uni<QuotaSet> update(Caller caller, String project, QuotaUpdate update) {
    policy.authorize(caller, Rule.QUOTA_SET_UPDATE);
    return pool.withTransaction(
            tx ->
                quotas
                    .lockProject(tx, project)
                    .chain(() -> current(tx, project))
                    .invoke(
                        set ->
                            update.limits().forEach((r, v) -> validate(r, v, set, update.force())))
                    .chain(() -> quotas.setLimits(tx, project, update.limits()))
                    .chain(() -> current(tx, project)))
        .invoke(
            set ->
                LOG.infof(
                    "quotas of project %s set to %s by %s",
                    project, update.limits(), caller.userId()));
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
  public Uni<Void> delete(Caller caller, String project) {
    policy.authorize(caller, Rule.QUOTA_SET_DELETE);
    return quotas
        .deleteLimits(pool, project)
        .invoke(
            () ->
                LOG.infof(
                    "quotas of project %s reset to the defaults by %s", project, caller.userId()));
  }

  private Uni<QuotaSet> current(SqlClient db, String project) {
    return quotas
        .limits(db, project)
        .chain(
            set ->
                quotas
                    .usage(db, project)
                    .map(
                        usage -> {
                          Map<QuotaResource, Integer> limits = defaultLimits();
                          limits.putAll(set);
                          return new QuotaSet(project, limits, usage);
                        }));
  }

  private Map<QuotaResource, Integer> defaultLimits() {
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
