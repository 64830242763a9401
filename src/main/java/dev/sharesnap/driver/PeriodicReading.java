package dev.sharesnap.driver;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs a non-blocking reading on a Vert.x timer, at start and then every interval, one at a time (a
 * reading still running when the timer fires again is not overlapped), for gauges that a scrape
 * must not compute (the task queue gauges, the backend capacity gauges). A failed reading is logged
 * at DEBUG; the gauges keep their last values.
 */
public final class PeriodicReading {

  private static final Logger LOG = Logger.getLogger(PeriodicReading.class);

  private final Vertx vertx;
  private final Duration interval;
  private final Supplier<Uni<?>> read;
  private final String what;
  private final AtomicBoolean reading = new AtomicBoolean();
  private long timer = -1;

  /** {@code what} names the reading in the log ("the task queue gauges"). */
  public PeriodicReading(Vertx vertx, Duration interval, Supplier<Uni<?>> read, String what) {
    this.vertx = vertx;
    this.interval = interval;
    this.read = read;
    this.what = what;
  }

  public void start() {
    timer = vertx.setPeriodic(interval.toMillis(), id -> refresh());
    refresh();
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }

  private void refresh() {
    if (!reading.compareAndSet(false, true)) {
      return;
    }
    Uni.createFrom()
        .deferred(read)
        .subscribe()
        .with(
            ok -> reading.set(false),
            failure -> {
              reading.set(false);
              LOG.debugf("reading %s failed: %s", what, failure.getMessage());
            });
  }
}
