package dev.sharesnap.service;

import dev.sharesnap.domain.ApiException;
import dev.sharesnap.domain.QuotaResource;
import dev.sharesnap.domain.Retention;
import dev.sharesnap.domain.Share;
import dev.sharesnap.domain.Snapshot;
import dev.sharesnap.identity.Caller;
import dev.sharesnap.persistence.Clock;
import dev.sharesnap.persistence.NewTaskRow;
import dev.sharesnap.persistence.QuotaRepository.LimitsAndUsage;
import dev.sharesnap.persistence.ShareRepository;
import dev.sharesnap.persistence.SnapshotCreateRepository;
import dev.sharesnap.persistence.SnapshotCreateRepository.ChargedSnapshot;
import dev.sharesnap.persistence.SnapshotCreateRepository.Inserted;
import dev.sharesnap.persistence.TaskBackendSql;
import dev.sharesnap.service.SnapshotQuotaBatch.Ask;
import dev.sharesnap.service.SnapshotService.NewSnapshot;
import dev.sharesnap.task.SnapshotTaskHandler;
import dev.sharesnap.task.Task;
import dev.sharesnap.task.TaskKind;
import dev.sharesnap.task.TaskQueue;
import dev.sharesnap.task.TaskWorker;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One transaction for a batch of snapshot creates (group commit, see {@link
 * SnapshotCreateBatcher}): the distinct shares locked in id order in one statement, each request
 * checked in Java with the rules of the single create, the quota of all their projects checked by
 * {@link SnapshotQuotaBatch}, then every accepted snapshot with its charges and task in one insert.
 * Three round trips per batch (see {@link #transaction}). A refused request does not fail the
 * batch: its fault is its outcome.
 *
 * <p>Hand-off: the batch holds this replica's worker's free slots of its tasks' backends. While the
 * worker knows that queued tasks of a backend may wait, the insert first fills that backend's slots
 * with its oldest queued tasks (a claim inside the same statement, so queued work keeps its turn);
 * it inserts its own tasks for the slots left already leased to the worker. After commit the worker
 * runs both: its own with the rows just inserted (no claim, no NOTIFY and no reload, which a queued
 * task costs), the claimed ones after loading them. Crash safety is that of a claimed task: if the
 * replica dies before or while running one, its lease expires and any worker claims it again. The
 * rest stay queued for a claim.
 */
@ApplicationScoped
public class SnapshotCreateBatch {

  private final Pool pool;
  private final ShareRepository shares;
  private final SnapshotCreateRules rules;
  private final SnapshotQuotaBatch quotas;
  private final SnapshotCreateRepository creates;
  private final TaskWorker worker;
  private final SnapshotTaskHandler handler;
  private final CreateBatchFaultInjection faults;

  public SnapshotCreateBatch(
      Pool pool,
      ShareRepository shares,
      SnapshotCreateRules rules,
      SnapshotQuotaBatch quotas,
      SnapshotCreateRepository creates,
      TaskWorker worker,
      SnapshotTaskHandler handler,
      CreateBatchFaultInjection faults) {
    this.handler = handler;
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
    HandOff handOff = new HandOff();
    return pool.withConnection(conn -> transaction(conn, batch, handOff))
        .onItemOrFailure()
        .invoke(
            (outcomes, failure) -> {
              if (failure == null) {
                started(batch, handOff);
              } else {
                handOff.reserved.forEach(worker::unreserve);
              }
            });
  }

  /** The worker slots one batch holds, per backend, and its inserted rows (after the insert). */
  private static final class HandOff {
    final Map<String, Integer> reserved = new HashMap<>();
    List<Inserted> inserted = List.of();
    List<Integer> at = List.of(); // per inserted row: its create's index in the batch
    List<Task> claimed = List.of(); // older tasks the insert claimed for the held slots
  }

  /**
   * The batch's transaction in three round trips: BEGIN, the share locks, the quota locks of their
   * projects and the quota read go at once (PostgreSQL runs them in order, each statement after the
   * previous one's locks are held); then the checks in Java; then the insert and COMMIT at once (a
   * COMMIT behind a failed insert only ends the aborted transaction). A failure anywhere rolls
   * back; the connection then goes back to the pool outside any transaction.
   */
  private Uni<List<Outcome>> transaction(SqlConnection conn, List<Create> batch, HandOff handOff) {
    UUID[] ids = batch.stream().map(Create::shareId).distinct().sorted().toArray(UUID[]::new);
    Uni<Void> begin = conn.query("BEGIN").execute().replaceWithVoid();
    Uni<Map<UUID, Share>> locked = shares.lockAll(conn, ids);
    Uni<Map<String, LimitsAndUsage>> read = quotas.lockAndRead(conn, ids);
    return Uni.combine()
        .all()
        .unis(begin, locked, read)
        .asTuple()
        .chain(
            t ->
                checkQuotaAndInsert(
                    conn, batch, checkShares(batch, t.getItem2()), t.getItem3(), handOff))
        .onFailure()
        .call(() -> conn.query("ROLLBACK").execute().onFailure().recoverWithNull());
  }

  /** A request that passed the share checks: its share and the snapshot to insert. */
  private record Checked(Share share, Snapshot snapshot, String backend) {}

  /** Per request: {@link Checked}, or the fault of the first check it failed. */
  private List<Object> checkShares(List<Create> batch, Map<UUID, Share> locked) {
    List<Object> out = new ArrayList<>(batch.size());
    for (Create c : batch) {
      try {
        Share share = rules.checkSnapshottable(c.caller(), locked.get(c.shareId()));
        Retention.checkChange(null, c.req().keptUntil(), true, Clock.now());
        out.add(
            new Checked(
                share,
                SnapshotCreateRules.newSnapshot(c.caller(), share, c.req()),
                // the backend the task will act on, as its row records it (null: none known)
                TaskBackendSql.ofHost(share.host())));
      } catch (ApiException refused) {
        out.add(refused);
      }
    }
    return out;
  }

  private Uni<List<Outcome>> checkQuotaAndInsert(
      SqlConnection tx,
      List<Create> batch,
      List<Object> checked,
      Map<String, LimitsAndUsage> read,
      HandOff handOff) {
    List<Ask> asks = new ArrayList<>();
    for (Object o : checked) {
      if (o instanceof Checked c) {
        Snapshot s = c.snapshot();
        asks.add(new Ask(s.projectId(), s.userId(), c.share().shareTypeId(), s.shareSize()));
      }
    }
    return quotas
        .decide(tx, asks, read)
        .chain(decided -> insert(tx, batch, checked, decided, handOff));
  }

  /**
   * Holds worker slots for the hand-off of the checked creates' tasks, per backend (an upper bound:
   * the quota may still refuse some); the slots got, also recorded in {@code handOff}.
   */
  private Map<String, Integer> reserve(List<Object> checked, HandOff handOff) {
    Map<String, Integer> wanted = new HashMap<>();
    for (Object o : checked) {
      if (o instanceof Checked c && c.backend() != null) {
        wanted.merge(c.backend(), 1, Integer::sum);
      }
    }
    wanted.forEach(
        (backend, n) -> {
          int got = worker.reserve(backend, n);
          if (got > 0) {
            handOff.reserved.put(backend, got);
          }
        });
    return new HashMap<>(handOff.reserved);
  }

  /**
   * Inserts the requests the quota accepted ({@code decided} has one entry per {@link Checked}).
   */
  private Uni<List<Outcome>> insert(
      SqlConnection tx,
      List<Create> batch,
      List<Object> checked,
      List<Object> decided,
      HandOff handOff) {
    Outcome[] outcomes = new Outcome[batch.size()];
    List<ChargedSnapshot> accepted = new ArrayList<>();
    List<Integer> at = new ArrayList<>();
    Map<String, Integer> free = reserve(checked, handOff);
    int asked = 0;
    for (int i = 0; i < batch.size(); i++) {
      Object check = checked.get(i);
      Object quota = check instanceof Checked ? decided.get(asked++) : check;
      if (quota instanceof RuntimeException fault) {
        outcomes[i] = new Outcome(null, fault);
      } else {
        @SuppressWarnings("unchecked")
        Map<QuotaResource, Integer> charges = (Map<QuotaResource, Integer>) quota;
        Checked c = (Checked) check;
        // its place among the creates holding a slot of its backend (0: none)
        int slot = 0;
        if (free.getOrDefault(c.backend(), 0) > 0) {
          slot = handOff.reserved.get(c.backend()) - free.merge(c.backend(), -1, Integer::sum);
        }
        accepted.add(
            new ChargedSnapshot(
                c.snapshot(), charges, batch.get(i).task(), slot > 0 ? c.backend() : null, slot));
        at.add(i);
      }
    }
    // per backend held: its slots, and the oldest queued tasks to claim first while some may wait
    String[] backends = handOff.reserved.keySet().toArray(new String[0]);
    Integer[] slots = new Integer[backends.length];
    Integer[] claims = new Integer[backends.length];
    for (int b = 0; b < backends.length; b++) {
      slots[b] = handOff.reserved.get(backends[b]);
      claims[b] = worker.mayHaveQueued(backends[b]) ? slots[b] : 0;
    }
    Uni<Void> commit = tx.query("COMMIT").execute().replaceWithVoid();
    if (accepted.isEmpty()) {
      return commit.replaceWith(Arrays.asList(outcomes));
    }
    return faults
        .beforeInsert(tx)
        .chain(
            () ->
                Uni.combine()
                    .all()
                    .unis(
                        creates.insertAllCharged(
                            tx, accepted, backends, claims, slots, worker.owner(), worker.lease()),
                        commit)
                    .with((inserted, committed) -> inserted))
        .map(
            inserted -> {
              List<Inserted> rows = inserted.rows();
              handOff.inserted = rows;
              handOff.at = at;
              handOff.claimed = TaskQueue.tasks(inserted.claimed());
              for (int k = 0; k < rows.size(); k++) {
                outcomes[at.get(k)] = new Outcome(rows.get(k).snapshot(), null);
              }
              return Arrays.asList(outcomes);
            });
  }

  /**
   * After commit: the handed-off tasks start (with their rows just inserted, so they load nothing)
   * and, when some stayed queued, one wake-up of the worker per batch. (The batcher logs each
   * snapshot started on its request's context, so the line carries that request's log context.)
   */
  private void started(List<Create> batch, HandOff handOff) {
    List<Task> tasks = new ArrayList<>(handOff.inserted.size());
    boolean queued = false;
    for (int k = 0; k < handOff.inserted.size(); k++) {
      Inserted row = handOff.inserted.get(k);
      if (row.taskOwner() == null) {
        queued = true;
        continue;
      }
      Create create = batch.get(handOff.at.get(k));
      Task task =
          new Task(
              row.taskId(),
              TaskKind.fromKey(create.task().kind()),
              row.snapshot().id(),
              1,
              create.requestId(),
              create.task().traceParent(),
              false,
              row.taskOwner(),
              row.taskBackend());
      handler.preloaded(task, row.snapshot());
      tasks.add(task);
    }
    worker.handOff(tasks, handOff.claimed, handOff.reserved);
    if (queued) {
      worker.wake();
    }
  }
}
