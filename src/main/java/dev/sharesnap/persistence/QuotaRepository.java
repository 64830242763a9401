package dev.sharesnap.persistence;

import dev.sharesnap.domain.QuotaResource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Quota limits, usage counters and per-object charges, in hand-written SQL. Every check-and-charge
 * of a project runs under that project's transaction-scoped advisory lock ({@link #lockProject}),
 * so concurrent creates are serialized per project and a limit can never be overshot; the lock is
 * one per project (not one row lock per resource), so no two transactions can take locks in
 * different orders and deadlock.
 */
@ApplicationScoped
public class QuotaRepository {

  /**
   * Advisory-lock class for quota locks ("QUOT"), so other advisory locks cannot collide with ours.
   */
  private static final int LOCK_CLASS = 0x51554f54;

  /** The scope of a project's own limits; see V25 for the narrower ones. */
  public static final String PROJECT = "";

  /** Serializes quota changes of {@code projectId} until the transaction ends. */
  public Uni<Void> lockProject(SqlClient tx, String projectId) {
    return tx.preparedQuery("SELECT pg_advisory_xact_lock($1, hashtext($2))")
        .execute(Tuple.of(LOCK_CLASS, projectId))
        .replaceWithVoid();
  }

  /**
   * Takes the locks of {@link #lockProject} for every project of the shares {@code shareIds} (read
   * in the statement), in the order of the lock keys, so two transactions locking several projects
   * cannot deadlock (a transaction locking one project cannot close a cycle: it takes no other
   * quota lock). A transaction sends it right behind the statement locking those shares, without
   * waiting for that one's answer.
   */
  public Uni<Void> lockProjectsOfShares(SqlClient tx, UUID[] shareIds) {
    return tx.preparedQuery(
            "SELECT pg_advisory_xact_lock($1, k) FROM (SELECT DISTINCT hashtext(project_id) AS k"
                + " FROM shares WHERE id = ANY($2) ORDER BY k) AS keys")
        .execute(Tuple.tuple().addValue(LOCK_CLASS).addValue(shareIds))
        .replaceWithVoid();
  }

  /**
   * {@link #limitsAndUsage(SqlClient, String)} of every project of the shares {@code shareIds}; a
   * project with nothing recorded has no entry.
   */
  public Uni<Map<String, LimitsAndUsage>> limitsAndUsageOfShares(SqlClient db, UUID[] shareIds) {
    return db.preparedQuery(
            "WITH p AS (SELECT DISTINCT project_id FROM shares WHERE id = ANY($1))"
                + " SELECT project_id, scope, resource, hard_limit, NULL::int AS in_use FROM quotas"
                + " WHERE project_id IN (SELECT project_id FROM p) UNION ALL SELECT project_id, NULL,"
                + " resource, NULL, in_use FROM quota_usages"
                + " WHERE project_id IN (SELECT project_id FROM p)")
        .execute(Tuple.tuple().addValue(shareIds))
        .map(
            rows -> {
              Map<String, LimitsAndUsage> out = new HashMap<>();
              rows.forEach(
                  r -> add(out.computeIfAbsent(r.getString("project_id"), p -> emptyRead()), r));
              return out;
            });
  }

  /** What {@link #limitsAndUsage} reads of a project with no limit set and nothing in use. */
  public static LimitsAndUsage emptyRead() {
    return new LimitsAndUsage(new HashMap<>(), new EnumMap<>(QuotaResource.class));
  }

  /** A project's limits by scope and its usage. */
  public record LimitsAndUsage(
      Map<String, Map<QuotaResource, Integer>> limits, Map<QuotaResource, Integer> usage) {}

  /**
   * Every limit set in the project by scope ({@link #PROJECT}, {@code user:<id>}, {@code
   * type:<id>}) and the project's usage, in one statement (one round trip per create).
   */
  public Uni<LimitsAndUsage> limitsAndUsage(SqlClient db, String projectId) {
    return db.preparedQuery(
            "SELECT scope, resource, hard_limit, NULL::int AS in_use FROM quotas WHERE project_id = $1"
                + " UNION ALL SELECT NULL, resource, NULL, in_use FROM quota_usages"
                + " WHERE project_id = $1")
        .execute(Tuple.of(projectId))
        .map(QuotaRepository::limitsAndUsage);
  }

  private static LimitsAndUsage limitsAndUsage(RowSet<Row> rows) {
    LimitsAndUsage out = new LimitsAndUsage(new HashMap<>(), new EnumMap<>(QuotaResource.class));
    rows.forEach(r -> add(out, r));
    return out;
  }

  private static void add(LimitsAndUsage into, Row r) {
    String scope = r.getString("scope");
    QuotaResource.fromKey(r.getString("resource"))
        .ifPresent(
            q -> {
              if (scope == null) {
                into.usage().put(q, r.getInteger("in_use"));
              } else {
                into.limits()
                    .computeIfAbsent(scope, k -> new EnumMap<>(QuotaResource.class))
                    .put(q, r.getInteger("hard_limit"));
              }
            });
  }

  /**
   * What one user ({@code user:<id>}) or one share type ({@code type:<id>}) of the project holds:
   * the charges of the project's shares and snapshots of that user or type (a snapshot counts for
   * its own user and its share's type).
   */
  public Uni<Map<QuotaResource, Integer>> scopedUsage(
      SqlClient db, String projectId, String scope) {
    boolean user = scope.startsWith("user:");
    String id = scope.substring(scope.indexOf(':') + 1);
    return db.preparedQuery(
            "SELECT c.resource, sum(c.amount)::int AS in_use FROM quota_charges c"
                + " LEFT JOIN snapshots s ON s.id = c.resource_id"
                + " LEFT JOIN shares sh ON sh.id = COALESCE(s.share_id, c.resource_id)"
                + " WHERE c.project_id = $1 AND CASE WHEN $2"
                + " THEN COALESCE(s.user_id, sh.user_id) = $3 ELSE sh.share_type_id::text = $3 END"
                + " GROUP BY c.resource")
        .execute(Tuple.of(projectId, user, id))
        .map(rows -> byResource(rows, "in_use"));
  }

  public Uni<Void> setLimits(
      SqlClient tx, String projectId, String scope, Map<QuotaResource, Integer> limits) {
    if (limits.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    List<Tuple> batch = new ArrayList<>();
    limits.forEach((r, v) -> batch.add(Tuple.of(projectId, scope, r.key(), v)));
    return tx.preparedQuery(
            "INSERT INTO quotas (project_id, scope, resource, hard_limit) VALUES ($1, $2, $3, $4)"
                + " ON CONFLICT (project_id, scope, resource)"
                + " DO UPDATE SET hard_limit = EXCLUDED.hard_limit")
        .executeBatch(batch)
        .replaceWithVoid();
  }

  /**
   * Drops limits: of one user or share type, or for {@link #PROJECT} all of the project's (its
   * users' and share types' too, as Manila's quota delete does), so the defaults apply again. Usage
   * is kept.
   */
  public Uni<Void> deleteLimits(SqlClient db, String projectId, String scope) {
    return db.preparedQuery("DELETE FROM quotas WHERE project_id = $1 AND ($2 = '' OR scope = $2)")
        .execute(Tuple.of(projectId, scope))
        .replaceWithVoid();
  }

  /**
   * Records that {@code resourceId} holds {@code amounts} of the project's quota and adds them to
   * usage. No limit check (callers check under {@link #lockProject} first, or, like manage, do not
   * check). A second charge of the same object is a no-op, so a retried task cannot count it twice.
   */
  public Uni<Void> charge(
      SqlClient tx, String projectId, UUID resourceId, Map<QuotaResource, Integer> amounts) {
    List<String> keys = new ArrayList<>();
    List<Integer> values = new ArrayList<>();
    amounts.forEach(
        (r, v) -> {
          keys.add(r.key());
          values.add(v);
        });
    return tx.preparedQuery(
            "WITH added AS (INSERT INTO quota_charges (resource_id, resource, project_id, amount)"
                + " SELECT $1, r, $2, a FROM unnest($3::varchar[], $4::int[]) AS t (r, a)"
                + " ON CONFLICT DO NOTHING RETURNING project_id, resource, amount)"
                + " INSERT INTO quota_usages (project_id, resource, in_use)"
                + " SELECT project_id, resource, amount FROM added"
                + " ON CONFLICT (project_id, resource) DO UPDATE SET in_use = quota_usages.in_use + EXCLUDED.in_use")
        .execute(
            Tuple.of(
                resourceId, projectId, keys.toArray(new String[0]), values.toArray(new Integer[0])))
        .replaceWithVoid();
  }

  /**
   * Gives back what {@code resourceId} held (nothing if it held nothing, e.g. a snapshot whose
   * manage failed, or if it was already released), under the project's lock.
   */
  public Uni<Void> release(SqlClient tx, UUID resourceId) {
    return tx.preparedQuery("SELECT project_id FROM quota_charges WHERE resource_id = $1 LIMIT 1")
        .execute(Tuple.of(resourceId))
        .chain(
            rows ->
                rows.size() == 0
                    ? Uni.createFrom().voidItem()
                    : lockProject(tx, rows.iterator().next().getString("project_id"))
                        .chain(() -> dropCharges(tx, resourceId)));
  }

  private Uni<Void> dropCharges(SqlClient tx, UUID resourceId) {
    return tx.preparedQuery(
            "WITH gone AS (DELETE FROM quota_charges WHERE resource_id = $1 RETURNING project_id, resource, amount)"
                + " UPDATE quota_usages u SET in_use = GREATEST(u.in_use - g.amount, 0) FROM gone g"
                + " WHERE u.project_id = g.project_id AND u.resource = g.resource")
        .execute(Tuple.of(resourceId))
        .replaceWithVoid();
  }

  private static Map<QuotaResource, Integer> byResource(RowSet<Row> rows, String column) {
    Map<QuotaResource, Integer> out = new EnumMap<>(QuotaResource.class);
    rows.forEach(
        r ->
            QuotaResource.fromKey(r.getString("resource"))
                .ifPresent(q -> out.put(q, r.getInteger(column))));
    return out;
  }
}
