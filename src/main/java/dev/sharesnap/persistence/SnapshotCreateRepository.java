package dev.sharesnap.persistence;

import dev.sharesnap.domain.QuotaResource;
import dev.sharesnap.domain.Snapshot;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
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

  /**
   * One snapshot of {@link #insertAllCharged}: the row, its charges and its task. {@code slot} is
   * its place (from 1) among the batch's creates that hold a worker slot of {@code slotBackend}, 0
   * for none: the task is inserted already leased to the worker that will run it (status running,
   * attempt 1, no NOTIFY) when that place is within the slots the batch's own claim left free.
   */
  public record ChargedSnapshot(
      Snapshot snapshot,
      Map<QuotaResource, Integer> charges,
      NewTaskRow task,
      String slotBackend,
      int slot) {}

  /**
   * An inserted snapshot and its task row: the task's id, its owner (null while queued) and the
   * backend recorded for it.
   */
  public record Inserted(Snapshot snapshot, long taskId, String taskOwner, String taskBackend) {}

  /**
   * What {@link #insertAllCharged} wrote: the inserted rows in the order asked, and the older tasks
   * it claimed (the columns of {@link TaskClaimSql#RETURNING}, one JSON object per task).
   */
  public record InsertedBatch(List<Inserted> rows, JsonArray claimed) {}

  private static final String INSERT_ALL =
      "WITH c AS ("
          + TaskClaimSql.pickQueuedPerBackend("$26", "$27")
          + "), claimed AS ("
          + TaskClaimSql.lease("$24", "$25")
          + ")"
          // per backend: the slots left for this batch's own tasks after its claim
          + ", room AS (SELECT b.name, b.free - count(claimed.id) AS spare FROM unnest($26::text[],"
          + " $29::int[]) AS b (name, free) LEFT JOIN claimed ON claimed.backend = b.name"
          + " GROUP BY b.name, b.free)"
          + ", s AS (INSERT INTO snapshots (id, project_id, user_id, share_id, share_size, size,"
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
          + ", task AS (INSERT INTO tasks (kind, resource_id, request_id, trace_parent, backend,"
          + " status, owner, attempts, lease_until)"
          + " SELECT $18, t.id, t.rq, t.tp, "
          + TaskBackendSql.ofShare("s.share_id")
          + ", CASE WHEN t.own THEN 'running' ELSE 'queued' END, CASE WHEN t.own THEN $24::text END,"
          + " CASE WHEN t.own THEN 1 ELSE 0 END,"
          + " CASE WHEN t.own THEN now() + make_interval(secs => $25) END"
          + " FROM s JOIN (SELECT u.id, u.rq, u.tp, COALESCE(u.slot > 0 AND u.slot <= room.spare,"
          + " false) AS own FROM unnest($19::uuid[], $20::varchar[], $21::varchar[], $22::int[],"
          + " $28::text[]) AS u (id, rq, tp, slot, sb) LEFT JOIN room ON room.name = u.sb) t"
          + " ON t.id = s.id"
          + " RETURNING id, resource_id, owner, backend)"
          // the NOTIFY only for tasks left queued: a handed-off task is already running here
          + " SELECT s.*, task.id AS task_id, task.owner AS task_owner, task.backend AS task_backend,"
          + " woken.claimed FROM s JOIN task ON task.resource_id = s.id, (SELECT "
          + TaskBackendSql.notifyEach("task WHERE owner IS NULL", "$23")
          + " AS n, (SELECT json_agg(claimed) FROM claimed) AS claimed) AS woken";

  /**
   * {@link #insertCharged} of many snapshots (of one task kind and channel) in one statement, for a
   * batch of creates; the inserted rows come back in the order of {@code all}. The batch holds
   * {@code slots[i]} worker slots of backend {@code slotBackends[i]}. First it claims up to {@code
   * claim[i]} (at most {@code slots[i]}) of that backend's oldest queued tasks for {@code owner}
   * (queued work goes before new work, in one order with the worker's own claims); the slots it did
   * not fill hand off this batch's own tasks of that backend (see {@link ChargedSnapshot}), leased
   * to {@code owner} for {@code lease}.
   */
  public Uni<InsertedBatch> insertAllCharged(
      SqlClient tx,
      List<ChargedSnapshot> all,
      String[] slotBackends,
      Integer[] claim,
      Integer[] slots,
      String owner,
      Duration lease) {
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
        .addValue(c.slot)
        .addValue(first.channel())
        .addValue(owner)
        .addValue((double) lease.toMillis() / 1000)
        .addValue(slotBackends)
        .addValue(claim)
        .addValue(c.slotBackend)
        .addValue(slots);
    return tx.preparedQuery(INSERT_ALL)
        .execute(t)
        .map(
            rows -> {
              Map<UUID, Inserted> byId = new HashMap<>();
              JsonArray claimed = null;
              for (Row r : rows) {
                byId.put(
                    r.getUUID("id"),
                    new Inserted(
                        SnapshotRepository.map(r),
                        r.getLong("task_id"),
                        r.getString("task_owner"),
                        r.getString("task_backend")));
                claimed = (JsonArray) r.getValue("claimed");
              }
              List<Inserted> out = new ArrayList<>(n);
              all.forEach(one -> out.add(byId.get(one.snapshot().id())));
              return new InsertedBatch(out, claimed == null ? new JsonArray() : claimed);
            });
  }

  /** The arrays {@link #INSERT_ALL} unnests. */
  private static final class Columns {
    final Object[][] snapshot;
    final String[] requestIds;
    final String[] traceParents;
    final Integer[] slot;
    final String[] slotBackend;
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
      slot = new Integer[n];
      slotBackend = new String[n];
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
      slot[i] = one.slot();
      slotBackend[i] = one.slotBackend();
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
