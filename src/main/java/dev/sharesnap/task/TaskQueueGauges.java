package dev.sharesnap.task;

import dev.sharesnap.config.ObservabilityConfig;
import dev.sharesnap.driver.PeriodicReading;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Queue depth and age of the oldest task as gauges. A scrape must not query the database (scrapes
 * come from several Prometheus servers, and a slow query would delay them all), so a Vert.x timer
 * reads {@link TaskQueue#stats()} every {@code sharesnap.observability.queue-metrics-interval}
 * without blocking, one read at a time, and the gauges show the last values read. Every replica
 * reports the whole queue: aggregate with {@code max}, not {@code sum}.
 */
@ApplicationScoped
public class TaskQueueGauges {

  private final PeriodicReading reading;
  private volatile TaskQueue.QueueStats last = new TaskQueue.QueueStats(0, 0, 0);

  public TaskQueueGauges(
      TaskQueue queue, Vertx vertx, ObservabilityConfig config, MeterRegistry registry) {
    this.reading =
        new PeriodicReading(
            vertx,
            config.queueMetricsInterval(),
            () -> queue.stats().invoke(stats -> last = stats),
            "the task queue gauges");
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
    reading.start();
  }

  void stop(@Observes ShutdownEvent event) {
    reading.stop();
  }
}
