package dev.sharesnap.support;

import dev.sharesnap.driver.DriverException;
import dev.sharesnap.driver.ShareDriver;
import dev.sharesnap.driver.ShareRef;
import dev.sharesnap.driver.ShareResult;
import dev.sharesnap.driver.SnapshotRef;
import dev.sharesnap.driver.SnapshotResult;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * TEST DOUBLE, backend "faulty": an in-memory backend whose calls can be made slow, failing,
 * hanging, or failing right after their side effect, per share. It exists only to test the task
 * pipeline's retries, timeouts, idempotency and bounds; the real drivers stay real.
 */
@ApplicationScoped
public class FaultInjectingDriver implements ShareDriver {

  /** What to do to calls on one share (and its snapshots). */
  public record Plan(
      int transientFailures,
      boolean permanentFailure,
      boolean hang,
      Duration latency,
      boolean failAfterSideEffect,
      double failureRate,
      double hangRate) {

    public Plan(
        int transientFailures,
        boolean permanentFailure,
        boolean hang,
        Duration latency,
        boolean failAfterSideEffect) {
      this(transientFailures, permanentFailure, hang, latency, failAfterSideEffect, 0, 0);
    }

    public static Plan ok() {
      return new Plan(0, false, false, Duration.ZERO, false);
    }

    /**
     * Every call fails transiently with probability {@code failureRate} and hangs with {@code
     * hangRate}.
     */
    public static Plan flaky(double failureRate, double hangRate) {
      return new Plan(0, false, false, Duration.ofMillis(5), false, failureRate, hangRate);
    }
  }

  private final Map<UUID, Plan> plans = new ConcurrentHashMap<>();
  private final Map<UUID, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final Set<String> backendSnapshots = ConcurrentHashMap.newKeySet();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger maxRunning = new AtomicInteger();
  private final AtomicInteger sideEffects = new AtomicInteger();
  private final Map<UUID, CompletableFuture<Void>> holds = new ConcurrentHashMap<>();
  private final int taskConcurrency;

  /** {@code taskConcurrency}: this backend's limit, settable per test profile. */
  public FaultInjectingDriver(
      @ConfigProperty(name = "test.faulty.task-concurrency", defaultValue = "8")
          int taskConcurrency) {
    this.taskConcurrency = taskConcurrency;
  }

  @Override
  public int taskConcurrency() {
    return taskConcurrency;
  }

  /** Calls on {@code shareId} from now on wait, counted as running, until {@link #release}. */
  public void hold(String shareId) {
    holds.put(UUID.fromString(shareId), new CompletableFuture<>());
  }

  /** Lets the held calls on {@code shareId} go on. */
  public void release(String shareId) {
    CompletableFuture<Void> gate = holds.remove(UUID.fromString(shareId));
    if (gate != null) {
      gate.complete(null);
    }
  }

  /** Calls running (or held) now. */
  public int runningCalls() {
    return running.get();
  }

  /** Waits until exactly {@code n} calls run (or are held); fails after {@code within}. */
  public void awaitRunningCalls(int n, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (running.get() != n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("never " + n + " calls running (" + running.get() + " now)");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  public void plan(String shareId, Plan plan) {
    plans.put(UUID.fromString(shareId), plan);
  }

  public int calls(String shareId) {
    return calls.getOrDefault(UUID.fromString(shareId), new AtomicInteger()).get();
  }

  public boolean hasSnapshot(String snapshotId) {
    return backendSnapshots.contains(snapshotId);
  }

  public int sideEffects() {
    return sideEffects.get();
  }

  public int maxConcurrentCalls() {
    return maxRunning.get();
  }

  public void resetConcurrency() {
    maxRunning.set(0);
  }

  @Override
  public String backendName() {
    return "faulty";
  }

  @Override
  public Uni<ShareResult> createShare(ShareRef share) {
    return Uni.createFrom().item(new ShareResult("faulty:/" + share.id()));
  }

  @Override
  public Uni<ShareResult> createShareFromSnapshot(ShareRef share, SnapshotRef snapshot) {
    return createShare(share);
  }

  @Override
  public Uni<Void> deleteShare(ShareRef share) {
    return Uni.createFrom().voidItem();
  }

  @Override
  public Uni<SnapshotResult> createSnapshot(SnapshotRef snapshot) {
    return call(
        snapshot.share().id(),
        () -> {
          if (backendSnapshots.add(snapshot.id().toString())) {
            sideEffects.incrementAndGet();
          }
          return new SnapshotResult(snapshot.id().toString(), snapshot.share().sizeGiB());
        });
  }

  @Override
  public Uni<Void> deleteSnapshot(SnapshotRef snapshot) {
    return call(
            snapshot.share().id(),
            () -> backendSnapshots.remove(String.valueOf(snapshot.providerLocation())))
        .replaceWithVoid();
  }

  @Override
  public Uni<SnapshotResult> manageSnapshot(SnapshotRef snapshot) {
    return call(
        snapshot.share().id(),
        () -> {
          if (!backendSnapshots.contains(snapshot.providerLocation())) {
            throw DriverException.permanent("no snapshot " + snapshot.providerLocation());
          }
          return new SnapshotResult(snapshot.providerLocation(), 1);
        });
  }

  private static Uni<Void> held(CompletableFuture<Void> gate) {
    return Uni.createFrom()
        .completionStage(gate)
        .emitOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultExecutor());
  }

  private <T> Uni<T> call(UUID shareId, java.util.function.Supplier<T> sideEffect) {
    Plan plan = plans.getOrDefault(shareId, Plan.ok());
    int n = calls.computeIfAbsent(shareId, k -> new AtomicInteger()).incrementAndGet();
    var random = java.util.concurrent.ThreadLocalRandom.current();
    if (plan.hang() && n == 1 || random.nextDouble() < plan.hangRate()) {
      return Uni.createFrom().nothing();
    }
    boolean randomFailure = random.nextDouble() < plan.failureRate();
    CompletableFuture<Void> gate = holds.get(shareId);
    return Uni.createFrom()
        .item(
            () -> {
              maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
              return 0;
            })
        .onItem()
        .delayIt()
        .by(plan.latency().isZero() ? Duration.ofMillis(1) : plan.latency())
        .call(x -> gate == null ? Uni.createFrom().voidItem() : held(gate))
        .map(
            x -> {
              try {
                if (plan.permanentFailure()) {
                  throw DriverException.permanent("injected permanent failure");
                }
                if (n <= plan.transientFailures() || randomFailure) {
                  throw DriverException.transientFailure("injected transient failure " + n, null);
                }
                T result = sideEffect.get();
                if (plan.failAfterSideEffect() && n == 1) {
                  throw DriverException.transientFailure(
                      "injected crash after the backend acted", null);
                }
                return result;
              } finally {
                running.decrementAndGet();
              }
            });
  }
}
