package dev.sharesnap.task;

import dev.sharesnap.config.ObservabilityConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Queue depth and age of the oldest task as gauges. A scrape must not query the database (scrapes
 * come from several Prometheus servers, and a slow query would delay them all), so a Vert.x timer
 * reads {@link TaskQueue#stats()} every {@code sharesnap.observability.queue-metrics-interval}
 * without blocking, one read at a time, and the gauges show the last values read. Every replica
 * reports the whole queue: aggregate with {@code max}, not {@code sum}.
 */
@ApplicationScoped
public class TaskQueueGauges {

  private static final Logger LOG = Logger.getLogger(TaskQueueGauges.class);

  private final TaskQueue queue;
  private final Vertx vertx;
  private final ObservabilityConfig config;
  private final AtomicBoolean reading = new AtomicBoolean();
  private volatile TaskQueue.QueueStats last = new TaskQueue.QueueStats(0, 0, 0);
  private long timer = -1;

  public TaskQueueGauges(
      TaskQueue queue, Vertx vertx, ObservabilityConfig config, MeterRegistry registry) {
    this.queue = queue;
    this.vertx = vertx;
    this.config = config;
    Gauge.builder("sharesnap.tasks.depth", this, g -> g.last.queued())
        .description("Task rows waiting to run, due or not (all replicas)")
        .tag("status", "queued")
        .register(registry);
    Gauge.builder("sharesnap.tasks.depth", this, g -> g.last.running())
        .description("Task rows waiting to run, due or not (all replicas)")
        .tag("status", "running")
        .register(registry);
    Gauge.builder("sharesnap.tasks.oldest.age", this, g -> g.last.oldestAgeSeconds())
        .description("Age of the oldest pending task; 0 when the queue is empty")
        .baseUnit("seconds")
        .register(registry);
  }

  void start(@Observes StartupEvent event) {
    timer = vertx.setPeriodic(config.queueMetricsInterval().toMillis(), id -> refresh());
    refresh();
  }

  void stop(@Observes ShutdownEvent event) {
    vertx.cancelTimer(timer);
  }

  private void refresh() {
    if (!reading.compareAndSet(false, true)) {
      return;
    }
    queue
        .stats()
        .subscribe()
        .with(
            stats -> {
              last = stats;
              reading.set(false);
            },
            failure -> {
              reading.set(false);
              LOG.debugf("reading the task queue gauges failed: %s", failure.getMessage());
            });
  }
}
