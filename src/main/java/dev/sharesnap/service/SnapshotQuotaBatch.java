package dev.sharesnap.service;

import dev.sharesnap.domain.ApiException;
import dev.sharesnap.domain.QuotaResource;
import dev.sharesnap.domain.QuotaSet;
import dev.sharesnap.persistence.QuotaRepository;
import dev.sharesnap.persistence.QuotaRepository.LimitsAndUsage;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@link QuotaService#checkSnapshot} for a batch of creates in one transaction: the locks of all
 * their projects in one statement, their limits and usage in another, then the checks one request
 * after another in Java, each seeing the charges of the requests accepted before it. So a batch
 * answers what the same requests run one by one would (same scopes, order, messages and log lines)
 * with a fixed number of round trips instead of three per request.
 */
@ApplicationScoped
public class SnapshotQuotaBatch {

  private final QuotaRepository quotas;
  private final QuotaService service;

  public SnapshotQuotaBatch(QuotaRepository quotas, QuotaService service) {
    this.quotas = quotas;
    this.service = service;
  }

  /** One new snapshot to charge: its project, user, share type and size. */
  public record Ask(String project, String userId, UUID shareTypeId, int size) {}

  /**
   * Takes the quota locks of the projects of the shares {@code shareIds} and reads their limits and
   * usage: two statements sent at once, without waiting, behind the one locking those shares in the
   * same transaction (see {@link SnapshotCreateBatch}). {@link #decide} then checks the asks of
   * those projects.
   */
  public Uni<Map<String, LimitsAndUsage>> lockAndRead(SqlClient tx, UUID[] shareIds) {
    Uni<Void> locked = quotas.lockProjectsOfShares(tx, shareIds);
    Uni<Map<String, LimitsAndUsage>> read = quotas.limitsAndUsageOfShares(tx, shareIds);
    return Uni.combine().all().unis(locked, read).with((l, r) -> r);
  }

  /**
   * Checks {@code asks} in order against {@code read} (their projects' locked limits and usage):
   * the result has, at each position, the amounts to charge or the 413 of that request.
   */
  public Uni<List<Object>> decide(SqlClient tx, List<Ask> asks, Map<String, LimitsAndUsage> read) {
    asks.forEach(a -> read.computeIfAbsent(a.project(), p -> QuotaRepository.emptyRead()));
    return scopedUsages(tx, asks, read).map(scoped -> decide(asks, read, scoped));
  }

  /**
   * The usage of each user or share type that has a snapshot limit of its own, read once per batch
   * (a scope without one has the project's limit and at most its usage: the project's check covers
   * it). Keyed by project and scope key; rare, so one statement per scope.
   */
  private Uni<Map<String, Map<QuotaResource, Integer>>> scopedUsages(
      SqlClient tx, List<Ask> asks, Map<String, LimitsAndUsage> read) {
    Map<String, Map<QuotaResource, Integer>> out = new HashMap<>();
    Uni<Void> reads = Uni.createFrom().voidItem();
    for (Ask a : asks) {
      for (String key : scopes(a)) {
        String id = a.project() + " " + key;
        if (ownLimit(read.get(a.project()), key) != null && !out.containsKey(id)) {
          out.put(id, new EnumMap<>(QuotaResource.class));
          reads =
              reads.chain(
                  () ->
                      quotas
                          .scopedUsage(tx, a.project(), key)
                          .invoke(u -> out.get(id).putAll(u))
                          .replaceWithVoid());
        }
      }
    }
    return reads.replaceWith(out);
  }

  private static List<String> scopes(Ask a) {
    return List.of(QuotaService.userKey(a.userId()), QuotaService.typeKey(a.shareTypeId()));
  }

  /** A scope's own limits when it limits a snapshot resource, else null. */
  private static Map<QuotaResource, Integer> ownLimit(LimitsAndUsage read, String key) {
    Map<QuotaResource, Integer> own = read.limits().get(key);
    return own != null
            && (own.containsKey(QuotaResource.SNAPSHOTS)
                || own.containsKey(QuotaResource.SNAPSHOT_GIGABYTES))
        ? own
        : null;
  }

  private List<Object> decide(
      List<Ask> asks,
      Map<String, LimitsAndUsage> read,
      Map<String, Map<QuotaResource, Integer>> scoped) {
    Map<String, QuotaSet> projects = new HashMap<>();
    read.forEach((p, l) -> projects.put(p, projectSet(p, l)));
    List<Object> out = new ArrayList<>(asks.size());
    for (Ask a : asks) {
      Map<QuotaResource, Integer> amounts = QuotaService.snapshotAmounts(a.size());
      try {
        QuotaSet project = projects.get(a.project());
        QuotaService.enforce(a.project(), project, amounts, QuotaService.SNAPSHOT_OVER_LIMIT);
        for (String key : scopes(a)) {
          Map<QuotaResource, Integer> usage = scoped.get(a.project() + " " + key);
          if (usage != null) {
            QuotaService.enforce(
                a.project() + " " + key,
                narrowed(project, ownLimit(read.get(a.project()), key), usage),
                amounts,
                QuotaService.SNAPSHOT_OVER_LIMIT);
          }
        }
        add(project.inUse(), amounts);
        scopes(a).forEach(key -> add(scoped.get(a.project() + " " + key), amounts));
        out.add(amounts);
      } catch (ApiException refused) {
        out.add(refused);
      }
    }
    return out;
  }

  private QuotaSet projectSet(String project, LimitsAndUsage read) {
    Map<QuotaResource, Integer> limits = service.defaultLimits();
    limits.putAll(read.limits().getOrDefault(QuotaRepository.PROJECT, Map.of()));
    return new QuotaSet(project, limits, new EnumMap<>(read.usage()));
  }

  private static QuotaSet narrowed(
      QuotaSet project, Map<QuotaResource, Integer> own, Map<QuotaResource, Integer> usage) {
    Map<QuotaResource, Integer> limits = new EnumMap<>(project.limits());
    limits.putAll(own);
    return new QuotaSet(project.projectId(), limits, usage);
  }

  private static void add(Map<QuotaResource, Integer> usage, Map<QuotaResource, Integer> amounts) {
    if (usage != null) {
      amounts.forEach((r, n) -> usage.merge(r, n, Integer::sum));
    }
  }
}
