package dev.sharesnap.driver;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Wraps a driver to time each call, count its failures and trace it, so that every backend is
 * measured the same way and no driver or handler carries metrics code. Meters: {@code
 * sharesnap.driver.operation} (timer with histogram buckets; tags backend, operation) and {@code
 * sharesnap.driver.errors} (tags backend, operation, kind = transient, permanent or cancelled), and
 * the gauge {@code sharesnap.driver.calls.running} (tag backend: calls under way now, to set
 * against the backend's task concurrency). A span {@code driver <operation>} runs inside the task's
 * span. Operation names are the fixed SPI method names, so the tag sets stay small.
 */
final class InstrumentedDriver implements ShareDriver {

  /** Bucket bounds: file copies and Ceph clones take from milliseconds to tens of minutes. */
  private static final Duration[] BUCKETS = {
    Duration.ofMillis(10),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofSeconds(5),
    Duration.ofSeconds(30),
    Duration.ofMinutes(2),
    Duration.ofMinutes(10),
    Duration.ofMinutes(30)
  };

  private static final AttributeKey<String> BACKEND = AttributeKey.stringKey("sharesnap.backend");

  private final ShareDriver delegate;
  private final MeterRegistry registry;
  private final Tracer tracer;
  private final AtomicInteger running = new AtomicInteger();

  InstrumentedDriver(ShareDriver delegate, MeterRegistry registry, Tracer tracer) {
    this.delegate = delegate;
    this.registry = registry;
    this.tracer = tracer;
    Gauge.builder("sharesnap.driver.calls.running", running, AtomicInteger::get)
        .description("Driver calls under way now")
        .tags("backend", delegate.backendName())
        .strongReference(true)
        .register(registry);
  }

  /** The driver being measured. */
  ShareDriver delegate() {
    return delegate;
  }

  @Override
  public boolean enabled() {
    return delegate.enabled();
  }

  @Override
  public Set<String> protocols() {
    return delegate.protocols();
  }

  @Override
  public String backendName() {
    return delegate.backendName();
  }

  @Override
  public Uni<Void> checkHealth() {
    return delegate.checkHealth();
  }

  @Override
  public PoolCapabilities capabilities() {
    return delegate.capabilities();
  }

  @Override
  public Uni<Capacity> capacity() {
    return delegate.capacity();
  }

  @Override
  public Uni<SnapshotState> inspectSnapshot(SnapshotRef snapshot) {
    return observe("inspect_snapshot", () -> delegate.inspectSnapshot(snapshot));
  }

  @Override
  public Uni<List<BackendSnapshot>> listSnapshots() {
    return observe("list_snapshots", delegate::listSnapshots);
  }

  @Override
  public int taskConcurrency() {
    return delegate.taskConcurrency();
  }

  @Override
  public ExportIdRange exportIds() {
    return delegate.exportIds();
  }

  @Override
  public Set<String> shareAccessTypes() {
    return delegate.shareAccessTypes();
  }

  @Override
  public Uni<List<ClientAccess>> updateClientAccess(
      ShareRef share, String projectId, List<AccessGrant> grants) {
    return observe(
        "update_client_access", () -> delegate.updateClientAccess(share, projectId, grants));
  }

  @Override
  public Uni<Void> updateAccess(ExportTarget target, List<AccessGrant> grants) {
    return observe("update_access", () -> delegate.updateAccess(target, grants));
  }

  @Override
  public Uni<ShareResult> createShare(ShareRef share) {
    return observe("create_share", () -> delegate.createShare(share));
  }

  @Override
  public Uni<ShareResult> createShareFromSnapshot(ShareRef share, SnapshotRef snapshot) {
    return observe(
        "create_share_from_snapshot", () -> delegate.createShareFromSnapshot(share, snapshot));
  }

  @Override
  public Uni<ShareResult> createShareFromSnapshot(
      ShareRef share, SnapshotRef snapshot, CopyProgress progress) {
    return observe(
        "create_share_from_snapshot",
        () -> delegate.createShareFromSnapshot(share, snapshot, progress));
  }

  @Override
  public Uni<Void> deleteShare(ShareRef share) {
    return observe("delete_share", () -> delegate.deleteShare(share));
  }

  @Override
  public Uni<SnapshotResult> createSnapshot(SnapshotRef snapshot) {
    return observe("create_snapshot", () -> delegate.createSnapshot(snapshot));
  }

  @Override
  public Uni<SnapshotResult> createSnapshot(SnapshotRef snapshot, CopyProgress progress) {
    return observe("create_snapshot", () -> delegate.createSnapshot(snapshot, progress));
  }

  @Override
  public Uni<List<SnapshotResult>> createGroupSnapshot(List<SnapshotRef> members) {
    return observe("create_group_snapshot", () -> delegate.createGroupSnapshot(members));
  }

  @Override
  public String groupSnapshotConsistency() {
    return delegate.groupSnapshotConsistency();
  }

  @Override
  public Uni<Void> deleteSnapshot(SnapshotRef snapshot) {
    return observe("delete_snapshot", () -> delegate.deleteSnapshot(snapshot));
  }

  @Override
  public Uni<Void> revertToSnapshot(ShareRef share, SnapshotRef snapshot) {
    return observe("revert_to_snapshot", () -> delegate.revertToSnapshot(share, snapshot));
  }

  @Override
  public Uni<SnapshotResult> manageSnapshot(SnapshotRef snapshot) {
    return observe("manage_snapshot", () -> delegate.manageSnapshot(snapshot));
  }

  @Override
  public boolean managesShares() {
    return delegate.managesShares();
  }

  @Override
  public String shareNameOf(String exportPath) {
    return delegate.shareNameOf(exportPath);
  }

  @Override
  public Uni<ManagedShare> manageShare(ShareRef share, String name) {
    return observe("manage_share", () -> delegate.manageShare(share, name));
  }

  /**
   * Runs {@code call} (a driver that throws instead of failing its Uni is measured too), records
   * its time whatever the outcome, and counts failures and cancellations (the task's operation
   * timeout cancels a hung call).
   */
  private <T> Uni<T> observe(String operation, Supplier<Uni<T>> call) {
    return Uni.createFrom()
        .deferred(
            () -> {
              running.incrementAndGet();
              Timer.Sample sample = Timer.start(registry);
              Span span =
                  tracer
                      .spanBuilder("driver " + operation)
                      .setAttribute(BACKEND, backendName())
                      .startSpan();
              return Uni.createFrom()
                  .<T>deferred(call::get)
                  .onItemOrFailure()
                  .invoke((item, failure) -> finish(operation, sample, span, failure))
                  .onCancellation()
                  .invoke(() -> finish(operation, sample, span, new CancelledCall()));
            });
  }

  private void finish(String operation, Timer.Sample sample, Span span, Throwable failure) {
    running.decrementAndGet();
    sample.stop(timer(operation));
    if (failure != null) {
      errors(operation, kind(failure)).increment();
      span.recordException(failure);
      span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
    }
    span.end();
  }

  private static String kind(Throwable failure) {
    if (failure instanceof CancelledCall) {
      return "cancelled";
    }
    return failure instanceof DriverException d && !d.isTransient() ? "permanent" : "transient";
  }

  private Timer timer(String operation) {
    return Timer.builder("sharesnap.driver.operation")
        .description("Time of one driver call, whatever its outcome")
        .tags("backend", backendName(), "operation", operation)
        .serviceLevelObjectives(BUCKETS)
        .register(registry);
  }

  private Counter errors(String operation, String kind) {
    return Counter.builder("sharesnap.driver.errors")
        .description("Driver calls that failed or were cancelled")
        .tags("backend", backendName(), "operation", operation, "kind", kind)
        .register(registry);
  }

  /** Marks a call cancelled by its caller (the task's operation timeout). */
  private static final class CancelledCall extends RuntimeException {
    CancelledCall() {
      super("cancelled", null, false, false);
    }
  }
}
