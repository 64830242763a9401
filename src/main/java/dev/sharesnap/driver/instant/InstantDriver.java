package dev.sharesnap.driver.instant;

import dev.sharesnap.config.InstantConfig;
import dev.sharesnap.driver.PoolCapabilities;
import dev.sharesnap.driver.ShareDriver;
import dev.sharesnap.driver.ShareRef;
import dev.sharesnap.driver.ShareResult;
import dev.sharesnap.driver.SnapshotRef;
import dev.sharesnap.driver.SnapshotResult;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * BENCHMARK BACKEND, "instant": stores nothing and succeeds at once, or after the configured
 * latency (a Vert.x timer: no thread waits). It lets the benchmarks measure the API and the task
 * pipeline alone, and the pipeline's behaviour with a slow backend. Disabled unless {@code
 * sharesnap.instant.enabled=true}; a share on it holds no data.
 */
@ApplicationScoped
public class InstantDriver implements ShareDriver {

  private final InstantConfig config;

  public InstantDriver(InstantConfig config) {
    this.config = config;
  }

  @Override
  public boolean enabled() {
    return config.enabled();
  }

  @Override
  public PoolCapabilities capabilities() {
    return new PoolCapabilities(true, true, true, false);
  }

  @Override
  public String backendName() {
    return config.backendName();
  }

  @Override
  public int taskConcurrency() {
    return config.taskConcurrency();
  }

  @Override
  public Uni<ShareResult> createShare(ShareRef share) {
    return after(new ShareResult("/instant/" + share.id()));
  }

  @Override
  public Uni<ShareResult> createShareFromSnapshot(ShareRef share, SnapshotRef snapshot) {
    return createShare(share);
  }

  @Override
  public Uni<Void> deleteShare(ShareRef share) {
    return after(null);
  }

  @Override
  public Uni<SnapshotResult> createSnapshot(SnapshotRef snapshot) {
    return after(new SnapshotResult(snapshot.id().toString(), snapshot.share().sizeGiB()));
  }

  @Override
  public Uni<Void> deleteSnapshot(SnapshotRef snapshot) {
    return after(null);
  }

  @Override
  public Uni<Void> revertToSnapshot(ShareRef share, SnapshotRef snapshot) {
    return after(null);
  }

  @Override
  public Uni<SnapshotResult> manageSnapshot(SnapshotRef snapshot) {
    return after(new SnapshotResult(snapshot.providerLocation(), snapshot.share().sizeGiB()));
  }

  /** {@code result} now, or after the latency on the caller's Vert.x context. */
  private <T> Uni<T> after(T result) {
    Duration latency = config.latency();
    if (latency.isZero()) {
      return Uni.createFrom().item(result);
    }
    Context caller = Vertx.currentContext();
    return Uni.createFrom()
        .emitter(
            e -> {
              if (caller == null) {
                Uni.createFrom()
                    .item(result)
                    .onItem()
                    .delayIt()
                    .by(latency)
                    .subscribe()
                    .with(e::complete, e::fail);
              } else {
                caller
                    .owner()
                    .setTimer(
                        latency.toMillis(), id -> caller.runOnContext(v -> e.complete(result)));
              }
            });
  }
}
