package dev.sharesnap.driver;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs a driver's blocking work (file copies, child processes) on a bounded, named pool, never on a
 * Vert.x event loop, with a timeout; the result is delivered back on the caller's Vert.x context so
 * that the caller's reactive chain continues where it started.
 */
public final class BlockingExecutor implements AutoCloseable {

  private final ExecutorService pool;
  private final Duration timeout;

  public BlockingExecutor(String name, int threads, Duration timeout) {
    AtomicInteger n = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, name + "-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.timeout = timeout;
  }

  public <T> Uni<T> run(String operation, Supplier<T> work) {
    return run(operation, timeout, work);
  }

  /** As {@link #run(String, Supplier)}, with this call's own timeout. */
  public <T> Uni<T> run(String operation, Duration timeout, Supplier<T> work) {
    Context caller = Vertx.currentContext();
    Uni<T> uni =
        Uni.createFrom()
            .item(work)
            .runSubscriptionOn(pool)
            .ifNoItem()
            .after(timeout)
            .failWith(
                () ->
                    DriverException.transientFailure(
                        operation + " timed out after " + timeout.toSeconds() + " s",
                        new TimeoutException()));
    return caller == null ? uni : uni.emitOn(r -> caller.runOnContext(v -> r.run()));
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
