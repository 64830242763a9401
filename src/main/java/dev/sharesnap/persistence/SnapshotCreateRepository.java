package dev.sharesnap.persistence;

import dev.sharesnap.domain.QuotaResource;
import dev.sharesnap.domain.Snapshot;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The write of a snapshot create in one statement: the snapshot row, its quota charge (the same
 * rows as {@link QuotaRepository#charge}) and its task, plus the task channel's NOTIFY. A create
 * used to send these as five statements; each round trip costs the service and PostgreSQL CPU and
 * holds the share's row lock and the project's quota lock longer. The quota check comes before,
 * under the project's lock, in the same transaction.
 */
@ApplicationScoped
public class SnapshotCreateRepository {

  private static final String CHARGE_USAGE_TASK =
      ", charged AS (INSERT INTO quota_charges (resource_id, resource, project_id, amount)"
          + " SELECT s.id, t.r, s.project_id, t.a FROM s, unnest($17::varchar[], $18::int[]) AS t (r, a)"
          + " ON CONFLICT DO NOTHING RETURNING project_id, resource, amount)"
          + ", used AS (INSERT INTO quota_usages (project_id, resource, in_use)"
          + " SELECT project_id, resource, amount FROM charged ON CONFLICT (project_id, resource)"
          + " DO UPDATE SET in_use = quota_usages.in_use + EXCLUDED.in_use)"
          + ", task AS (INSERT INTO tasks (kind, resource_id, request_id, trace_parent)"
          + " SELECT $19, s.id, $20, $21 FROM s)"
          + " SELECT s.* FROM s, (SELECT pg_notify($22, '')) AS woken";

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
}
