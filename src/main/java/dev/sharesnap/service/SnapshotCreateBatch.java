package dev.sharesnap.service;

import dev.sharesnap.domain.ApiException;
import dev.sharesnap.domain.QuotaResource;
import dev.sharesnap.domain.Retention;
import dev.sharesnap.domain.Share;
import dev.sharesnap.domain.Snapshot;
import dev.sharesnap.identity.Caller;
import dev.sharesnap.persistence.Clock;
import dev.sharesnap.persistence.NewTaskRow;
import dev.sharesnap.persistence.ShareRepository;
import dev.sharesnap.persistence.SnapshotCreateRepository;
import dev.sharesnap.persistence.SnapshotCreateRepository.ChargedSnapshot;
import dev.sharesnap.service.SnapshotQuotaBatch.Ask;
import dev.sharesnap.service.SnapshotService.NewSnapshot;
import dev.sharesnap.task.TaskWorker;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One transaction for a batch of snapshot creates (group commit, see {@link
 * SnapshotCreateBatcher}): the distinct shares locked in id order in one statement, each request
 * checked in Java with the rules of the single create, the quota of all their projects checked by
 * {@link SnapshotQuotaBatch}, then every accepted snapshot with its charges and task in one insert.
 * Six statements per batch, as a single create has per request. A refused request does not fail the
 * batch: its fault is its outcome.
 */
@ApplicationScoped
public class SnapshotCreateBatch {

  private final Pool pool;
  private final ShareRepository shares;
  private final SnapshotCreateRules rules;
  private final SnapshotQuotaBatch quotas;
  private final SnapshotCreateRepository creates;
  private final TaskWorker worker;
  private final CreateBatchFaultInjection faults;

  public SnapshotCreateBatch(
      Pool pool,
      ShareRepository shares,
      SnapshotCreateRules rules,
      SnapshotQuotaBatch quotas,
      SnapshotCreateRepository creates,
      TaskWorker worker,
      CreateBatchFaultInjection faults) {
    this.pool = pool;
    this.shares = shares;
    this.rules = rules;
    this.quotas = quotas;
    this.creates = creates;
    this.worker = worker;
    this.faults = faults;
  }

  /**
   * One create as the HTTP path asked it; {@code task} is captured on the request's context (its
   * trace parent).
   */
  public record Create(
      Caller caller, UUID shareId, NewSnapshot req, String requestId, NewTaskRow task) {}

  /** A create's result: the snapshot, or the fault to answer. */
  public record Outcome(Snapshot snapshot, RuntimeException fault) {}

  /**
   * Runs {@code batch} in one transaction and, after commit, logs each snapshot started and wakes
   * the worker once. Fails as a whole only for an unexpected reason (database error, deadlock).
   */
  public Uni<List<Outcome>> run(List<Create> batch) {
    return pool.withTransaction(tx -> runIn(tx, batch)).invoke(this::started);
  }

  private Uni<List<Outcome>> runIn(SqlClient tx, List<Create> batch) {
    UUID[] ids = batch.stream().map(Create::shareId).distinct().sorted().toArray(UUID[]::new);
    return shares
        .lockAll(tx, ids)
        .chain(locked -> checkQuotaAndInsert(tx, batch, checkShares(batch, locked)));
  }

  /** A request that passed the share checks: its share and the snapshot to insert. */
  private record Checked(Share share, Snapshot snapshot) {}

  /** Per request: {@link Checked}, or the fault of the first check it failed. */
  private List<Object> checkShares(List<Create> batch, Map<UUID, Share> locked) {
    List<Object> out = new ArrayList<>(batch.size());
    for (Create c : batch) {
      try {
        Share share = rules.checkSnapshottable(c.caller(), locked.get(c.shareId()));
        Retention.checkChange(null, c.req().keptUntil(), true, Clock.now());
        out.add(new Checked(share, SnapshotCreateRules.newSnapshot(c.caller(), share, c.req())));
      } catch (ApiException refused) {
        out.add(refused);
      }
    }
    return out;
  }

  private Uni<List<Outcome>> checkQuotaAndInsert(
      SqlClient tx, List<Create> batch, List<Object> checked) {
    List<Ask> asks = new ArrayList<>();
    for (Object o : checked) {
      if (o instanceof Checked c) {
        Snapshot s = c.snapshot();
        asks.add(new Ask(s.projectId(), s.userId(), c.share().shareTypeId(), s.shareSize()));
      }
    }
    return quotas.check(tx, asks).chain(decided -> insert(tx, batch, checked, decided));
  }

  /**
   * Inserts the requests the quota accepted ({@code decided} has one entry per {@link Checked}).
   */
  private Uni<List<Outcome>> insert(
      SqlClient tx, List<Create> batch, List<Object> checked, List<Object> decided) {
    Outcome[] outcomes = new Outcome[batch.size()];
    List<ChargedSnapshot> accepted = new ArrayList<>();
    List<Integer> at = new ArrayList<>();
    int asked = 0;
    for (int i = 0; i < batch.size(); i++) {
      Object check = checked.get(i);
      Object quota = check instanceof Checked ? decided.get(asked++) : check;
      if (quota instanceof RuntimeException fault) {
        outcomes[i] = new Outcome(null, fault);
      } else {
        @SuppressWarnings("unchecked")
        Map<QuotaResource, Integer> charges = (Map<QuotaResource, Integer>) quota;
        accepted.add(
            new ChargedSnapshot(((Checked) check).snapshot(), charges, batch.get(i).task()));
        at.add(i);
      }
    }
    if (accepted.isEmpty()) {
      return Uni.createFrom().item(Arrays.asList(outcomes));
    }
    return faults
        .beforeInsert(tx)
        .chain(() -> creates.insertAllCharged(tx, accepted))
        .map(
            rows -> {
              for (int k = 0; k < rows.size(); k++) {
                outcomes[at.get(k)] = new Outcome(rows.get(k), null);
              }
              return Arrays.asList(outcomes);
            });
  }

  /**
   * After commit: one wake-up of the worker per batch. (The batcher logs each snapshot started on
   * its request's context, so the line carries that request's log context.)
   */
  private void started(List<Outcome> outcomes) {
    if (outcomes.stream().anyMatch(o -> o.snapshot() != null)) {
      worker.wake();
    }
  }
}
