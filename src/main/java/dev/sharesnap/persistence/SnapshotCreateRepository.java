package dev.sharesnap.persistence;

import dev.sharesnap.domain.QuotaResource;
import dev.sharesnap.domain.Snapshot;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The write of a snapshot create in one statement: the snapshot row, its quota charge (the same
 * rows as {@link QuotaRepository#charge}) and its task, plus the task channel's NOTIFY. A create
 * used to send these as five statements; each round trip costs the service and PostgreSQL CPU and
 * holds the share's row lock and the project's quota lock longer. The quota check comes before,
 * under the project's lock, in the same transaction.
 */
@ApplicationScoped
public class SnapshotCreateRepository {

  /** The inserted snapshots, and one NOTIFY per backend of their tasks (delivered at commit). */
  private static final String WOKEN =
      " SELECT s.* FROM s, (SELECT " + TaskBackendSql.notifyEach("task", "$22") + " AS n) AS woken";

  private static final String CHARGE_USAGE_TASK =
      ", charged AS (INSERT INTO quota_charges (resource_id, resource, project_id, amount)"
          + " SELECT s.id, t.r, s.project_id, t.a FROM s, unnest($17::varchar[], $18::int[]) AS t (r, a)"
          + " ON CONFLICT DO NOTHING RETURNING project_id, resource, amount)"
          + ", used AS (INSERT INTO quota_usages (project_id, resource, in_use)"
          + " SELECT project_id, resource, amount FROM charged ON CONFLICT (project_id, resource)"
          + " DO UPDATE SET in_use = quota_usages.in_use + EXCLUDED.in_use)"
          + ", task AS (INSERT INTO tasks (kind, resource_id, request_id, trace_parent, backend)"
          + " SELECT $19, s.id, $20, $21, "
          + TaskBackendSql.ofShare("s.share_id")
          + " FROM s RETURNING backend)"
          + WOKEN;

  /**
   * Inserts {@code s}, charges {@code charges} to its project and adds {@code task} for it; the
   * inserted row comes back.
   */
  public Uni<Snapshot> insertCharged(
      SqlClient tx, Snapshot s, Map<QuotaResource, Integer> charges, NewTaskRow task) {
    List<String> keys = new ArrayList<>(charges.size());
    List<Integer> amounts = new ArrayList<>(charges.size());
    charges.forEach(
        (r, n) -> {
          keys.add(r.key());
          amounts.add(n);
        });
    Tuple t =
        SnapshotRepository.insertTuple(s)
            .addValue(keys.toArray(new String[0]))
            .addValue(amounts.toArray(new Integer[0]))
            .addValue(task.kind())
            .addValue(task.requestId())
            .addValue(task.traceParent())
            .addValue(task.channel());
    return tx.preparedQuery(
            "WITH s AS ("
                + SnapshotRepository.INSERT
                + " RETURNING "
                + SnapshotRepository.COLUMNS
                + ")"
                + CHARGE_USAGE_TASK)
        .execute(t)
        .map(rows -> SnapshotRepository.map(rows.iterator().next()));
  }

  /** One snapshot of {@link #insertAllCharged}: the row, its charges and its task. */
  public record ChargedSnapshot(
      Snapshot snapshot, Map<QuotaResource, Integer> charges, NewTaskRow task) {}

  private static final String INSERT_ALL =
      "WITH s AS (INSERT INTO snapshots (id, project_id, user_id, share_id, share_size, size,"
          + " display_name, display_description, share_proto, status, progress, metadata, created_at,"
          + " kept_until) SELECT i, p, u, sh, ss, sz, dn, dd, pr, st, pg, m::jsonb, ca, ku FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::uuid[],"
          + " $5::int[], $6::int[], $7::varchar[], $8::varchar[], $9::varchar[], $10::varchar[],"
          + " $11::varchar[], $12::text[], $13::timestamp[], $14::timestamp[])"
          + " AS x (i, p, u, sh, ss, sz, dn, dd, pr, st, pg, m, ca, ku)"
          + " RETURNING "
          + SnapshotRepository.COLUMNS
          + ")"
          + ", charged AS (INSERT INTO quota_charges (resource_id, resource, project_id, amount)"
          + " SELECT c.id, c.r, s.project_id, c.a FROM s"
          + " JOIN unnest($15::uuid[], $16::varchar[], $17::int[]) AS c (id, r, a) ON c.id = s.id"
          + " ON CONFLICT DO NOTHING RETURNING project_id, resource, amount)"
          // one row per usage counter: ON CONFLICT cannot update a row twice in one statement
          + ", used AS (INSERT INTO quota_usages (project_id, resource, in_use)"
          + " SELECT project_id, resource, sum(amount) FROM charged GROUP BY project_id, resource"
          + " ON CONFLICT (project_id, resource)"
          + " DO UPDATE SET in_use = quota_usages.in_use + EXCLUDED.in_use)"
          + ", task AS (INSERT INTO tasks (kind, resource_id, request_id, trace_parent, backend)"
          + " SELECT $18, t.id, t.rq, t.tp, "
          + TaskBackendSql.ofShare("s.share_id")
          + " FROM s"
          + " JOIN unnest($19::uuid[], $20::varchar[], $21::varchar[]) AS t (id, rq, tp) ON t.id = s.id"
          + " RETURNING backend)"
          + WOKEN;

  /**
   * {@link #insertCharged} of many snapshots (of one task kind and channel) in one statement, for a
   * batch of creates; the inserted rows come back in the order of {@code all}.
   */
  public Uni<List<Snapshot>> insertAllCharged(SqlClient tx, List<ChargedSnapshot> all) {
    int n = all.size();
    Columns c = new Columns(n);
    for (ChargedSnapshot one : all) {
      c.add(one);
    }
    NewTaskRow first = all.get(0).task();
    Tuple t = Tuple.tuple();
    for (Object[] column : c.snapshot) {
      t.addValue(column);
    }
    t.addValue(c.chargeIds.toArray(new UUID[0]))
        .addValue(c.chargeKeys.toArray(new String[0]))
        .addValue(c.chargeAmounts.toArray(new Integer[0]))
        .addValue(first.kind())
        .addValue(c.snapshot[0])
        .addValue(c.requestIds)
        .addValue(c.traceParents)
        .addValue(first.channel());
    return tx.preparedQuery(INSERT_ALL)
        .execute(t)
        .map(
            rows -> {
              Map<UUID, Snapshot> byId = new HashMap<>();
              rows.forEach(r -> byId.put(r.getUUID("id"), SnapshotRepository.map(r)));
              List<Snapshot> out = new ArrayList<>(n);
              all.forEach(one -> out.add(byId.get(one.snapshot().id())));
              return out;
            });
  }

  /** The arrays {@link #INSERT_ALL} unnests. */
  private static final class Columns {
    final Object[][] snapshot;
    final String[] requestIds;
    final String[] traceParents;
    final List<UUID> chargeIds = new ArrayList<>();
    final List<String> chargeKeys = new ArrayList<>();
    final List<Integer> chargeAmounts = new ArrayList<>();
    private int i;

    Columns(int n) {
      snapshot =
          new Object[][] {
            new UUID[n],
            new String[n],
            new String[n],
            new UUID[n],
            new Integer[n],
            new Integer[n],
            new String[n],
            new String[n],
            new String[n],
            new String[n],
            new String[n],
            new String[n],
            new LocalDateTime[n],
            new LocalDateTime[n]
          };
      requestIds = new String[n];
      traceParents = new String[n];
    }

    void add(ChargedSnapshot one) {
      Snapshot s = one.snapshot();
      Object[] values = {
        s.id(),
        s.projectId(),
        s.userId(),
        s.shareId(),
        s.shareSize(),
        s.size(),
        s.name(),
        s.description(),
        s.shareProto(),
        s.status(),
        s.progress(),
        JsonColumns.toJson(s.metadata()).encode(),
        s.createdAt(),
        s.keptUntil()
      };
      for (int col = 0; col < values.length; col++) {
        snapshot[col][i] = values[col];
      }
      requestIds[i] = one.task().requestId();
      traceParents[i] = one.task().traceParent();
      one.charges()
          .forEach(
              (r, a) -> {
                chargeIds.add(s.id());
                chargeKeys.add(r.key());
                chargeAmounts.add(a);
              });
      i++;
    }
  }
}
