package dev.sharesnap.task;

import dev.sharesnap.persistence.SnapshotTaskCompletions;
import dev.sharesnap.persistence.SnapshotTaskCompletions.Completion;
import dev.sharesnap.persistence.SnapshotTaskCompletions.Outcome;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Group commit for snapshot task completions. A completion that arrives while none is being written
 * goes to the database at the end of its event loop's current turn, with those that arrived in the
 * meantime (the tasks one claim or one hand-off started run one after the other on the same event
 * loop, so their completions meet there); those that arrive while a statement runs wait and go
 * together in the next one ({@link SnapshotTaskCompletions}: one statement, one commit). Each
 * caller's Uni completes after the commit that holds its outcome, on the caller's own Vert.x
 * context (its MDC and span). Crash safety is that of a single completion: an outcome and its
 * task's removal commit together or not at all. A batch that fails is retried one completion at a
 * time, so one bad row fails only its own task.
 */
@ApplicationScoped
public class SnapshotCompletions {

  private static final Logger LOG = Logger.getLogger(SnapshotCompletions.class);

  /** Upper bound of one statement's rows (a claim holds at most the worker's concurrency). */
  static final int MAX_BATCH = 512;

  private final Pool pool;
  private final SnapshotTaskCompletions rows;
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>(); // guarded by this
  private boolean writing; // guarded by this

  public SnapshotCompletions(@TaskPool Pool pool, SnapshotTaskCompletions rows) {
    this.pool = pool;
    this.rows = rows;
  }

  private record Waiting(Completion completion, UniEmitter<? super Outcome> emitter, Context ctx) {

    void deliver(Outcome outcome) {
      if (ctx == null) {
        emitter.complete(outcome);
      } else {
        ctx.runOnContext(v -> emitter.complete(outcome));
      }
    }

    void fail(Throwable failure) {
      if (ctx == null) {
        emitter.fail(failure);
      } else {
        ctx.runOnContext(v -> emitter.fail(failure));
      }
    }
  }

  /** Records {@code completion} with the next batch; the item tells what became of it. */
  public Uni<Outcome> complete(Completion completion) {
    return Uni.createFrom()
        .emitter(e -> submit(new Waiting(completion, e, Vertx.currentContext())));
  }

  private void submit(Waiting w) {
    synchronized (this) {
      waiting.add(w);
      if (writing) {
        return;
      }
      writing = true;
    }
    Context ctx = Vertx.currentContext();
    if (ctx == null) {
      next();
    } else {
      // behind the tasks already queued on this event loop, whose completions then join
      ctx.runOnContext(v -> next());
    }
  }

  /** The next batch: oldest first, one completion per snapshot (a second waits its turn). */
  private List<Waiting> take() {
    List<Waiting> batch = new ArrayList<>(Math.min(waiting.size(), MAX_BATCH));
    Set<UUID> snapshots = new HashSet<>();
    for (Iterator<Waiting> it = waiting.iterator(); it.hasNext() && batch.size() < MAX_BATCH; ) {
      Waiting w = it.next();
      if (snapshots.add(w.completion().id())) {
        batch.add(w);
        it.remove();
      }
    }
    return batch;
  }

  private void write(List<Waiting> batch) {
    List<Completion> completions = new ArrayList<>(batch.size());
    batch.forEach(w -> completions.add(w.completion()));
    Uni.createFrom()
        .deferred(() -> rows.complete(pool, completions))
        .subscribe()
        .with(
            outcomes -> {
              deliver(batch, outcomes);
              next();
            },
            failure -> {
              if (batch.size() == 1) {
                batch.get(0).fail(failure);
                next();
              } else {
                LOG.warnf(
                    "recording %d task outcomes together failed (%s); recording them one by one",
                    batch.size(), failure.getMessage());
                oneByOne(batch);
              }
            });
  }

  private static void deliver(List<Waiting> batch, Map<Long, Outcome> outcomes) {
    for (Waiting w : batch) {
      Outcome o = outcomes.get(w.completion().taskId());
      if (o == null) {
        w.fail(new IllegalStateException("no outcome for task " + w.completion().taskId()));
      } else {
        w.deliver(o);
      }
    }
  }

  private void oneByOne(List<Waiting> batch) {
    List<Uni<Void>> singles = new ArrayList<>(batch.size());
    for (Waiting w : batch) {
      singles.add(
          rows.complete(pool, List.of(w.completion()))
              .onItemOrFailure()
              .invoke(
                  (outcomes, failure) -> {
                    if (failure != null) {
                      w.fail(failure);
                    } else {
                      deliver(List.of(w), outcomes);
                    }
                  })
              .onFailure()
              .recoverWithNull()
              .replaceWithVoid());
    }
    Uni.join().all(singles).andCollectFailures().subscribe().with(ok -> next(), f -> next());
  }

  private void next() {
    List<Waiting> batch;
    synchronized (this) {
      if (waiting.isEmpty()) {
        writing = false;
        return;
      }
      batch = take();
    }
    write(batch);
  }
}
