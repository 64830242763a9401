package dev.sharesnap.service;

import dev.sharesnap.config.CreateBatchConfig;
import dev.sharesnap.domain.Snapshot;
import dev.sharesnap.service.SnapshotCreateBatch.Create;
import dev.sharesnap.service.SnapshotCreateBatch.Outcome;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Group commit of snapshot creates. A create joins a queue; when fewer than {@code in-flight}
 * batches run, a batch starts at once with what is queued (so an idle service adds no latency), and
 * creates arriving while batches run wait for the next one (up to {@code max-size} each). A batch
 * is one transaction ({@link SnapshotCreateBatch}); if it fails for an unexpected reason (database
 * error, deadlock) each of its creates is retried alone through {@code alone}, the single-create
 * path, so a bad batch costs time, not answers. Nothing blocks: the queue is guarded by a monitor
 * held only to add or take entries, and each create is completed on the Vert.x context it came
 * from. Beyond {@code max-queued} waiting creates, a create runs alone at once.
 */
final class SnapshotCreateBatcher {

  private static final Logger LOG = Logger.getLogger(SnapshotCreateBatcher.class);

  private final SnapshotCreateBatch batch;
  private final Function<Create, Uni<Snapshot>> alone;
  private final CreateBatchConfig config;
  private final DistributionSummary sizes;

  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private int running;

  SnapshotCreateBatcher(
      SnapshotCreateBatch batch,
      Function<Create, Uni<Snapshot>> alone,
      CreateBatchConfig config,
      MeterRegistry registry) {
    this.batch = batch;
    this.alone = alone;
    this.config = config;
    this.sizes =
        DistributionSummary.builder("sharesnap.snapshot.create.batch")
            .description("Snapshot creates committed together in one transaction")
            .register(registry);
  }

  /** A queued create, its emitter and the context to complete it on (null off Vert.x). */
  private record Pending(Create create, UniEmitter<? super Snapshot> emitter, Context context) {}

  Uni<Snapshot> submit(Create create) {
    return Uni.createFrom().emitter(em -> enqueue(new Pending(create, em, Vertx.currentContext())));
  }

  private void enqueue(Pending p) {
    boolean queued;
    synchronized (this) {
      queued = queue.size() < config.maxQueued();
      if (queued) {
        queue.add(p);
      }
    }
    if (queued) {
      dispatch();
    } else {
      runAlone(p);
    }
  }

  /** Starts batches while fewer than {@code in-flight} run and creates wait. */
  private void dispatch() {
    while (true) {
      List<Pending> next;
      synchronized (this) {
        if (running >= config.inFlight() || queue.isEmpty()) {
          return;
        }
        running++;
        int n = Math.min(queue.size(), Math.max(1, config.maxSize()));
        next = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          next.add(queue.poll());
        }
      }
      start(next);
    }
  }

  private void start(List<Pending> pending) {
    sizes.record(pending.size());
    batch
        .run(pending.stream().map(Pending::create).toList())
        .subscribe()
        .with(outcomes -> finished(pending, outcomes), failure -> failed(pending, failure));
  }

  private void finished(List<Pending> pending, List<Outcome> outcomes) {
    ended();
    for (int i = 0; i < pending.size(); i++) {
      deliver(pending.get(i), outcomes.get(i));
    }
  }

  private void failed(List<Pending> pending, Throwable failure) {
    LOG.warnf(
        "a batch of %d snapshot creates failed (%s); each is retried alone",
        pending.size(), failure.toString());
    ended();
    pending.forEach(this::runAlone);
  }

  private void ended() {
    synchronized (this) {
      running--;
    }
    dispatch();
  }

  private void runAlone(Pending p) {
    onContext(
        p,
        () -> alone.apply(p.create()).subscribe().with(p.emitter()::complete, p.emitter()::fail));
  }

  private void deliver(Pending p, Outcome o) {
    onContext(
        p,
        () -> {
          if (o.fault() != null) {
            p.emitter().fail(o.fault());
          } else {
            LOG.infof("snapshot %s: creating (%s)", o.snapshot().id(), p.create().requestId());
            p.emitter().complete(o.snapshot());
          }
        });
  }

  /** Runs {@code action} on the create's own context (its request's), now if already there. */
  private static void onContext(Pending p, Runnable action) {
    if (p.context() == null || p.context() == Vertx.currentContext()) {
      action.run();
    } else {
      p.context().runOnContext(v -> action.run());
    }
  }
}
