package dev.sharesnap.driver;

import dev.sharesnap.config.ObservabilityConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Each enabled backend's total and free space as the gauge {@code sharesnap.backend.capacity} (base
 * unit bytes; tags backend, kind = total or free). As for the queue gauges, a scrape never asks a
 * backend: a Vert.x timer reads {@link ShareDriver#capacity()} of every backend every {@code
 * sharesnap.observability.capacity-metrics-interval}, one round at a time, and the gauges show the
 * last answer; NaN while a backend's space is unknown.
 */
@ApplicationScoped
public class BackendCapacityGauges {

  private static final Logger LOG = Logger.getLogger(BackendCapacityGauges.class);

  private final DriverRegistry drivers;
  private final Vertx vertx;
  private final ObservabilityConfig config;
  private final Map<String, Capacity> last = new ConcurrentHashMap<>();
  private final AtomicBoolean reading = new AtomicBoolean();
  private long timer = -1;

  public BackendCapacityGauges(
      DriverRegistry drivers, Vertx vertx, ObservabilityConfig config, MeterRegistry registry) {
    this.drivers = drivers;
    this.vertx = vertx;
    this.config = config;
    for (ShareDriver d : drivers.enabled()) {
      gauge(registry, d.backendName(), "total", Capacity::totalBytes);
      gauge(registry, d.backendName(), "free", Capacity::freeBytes);
    }
  }

  private void gauge(
      MeterRegistry registry, String backend, String kind, Function<Capacity, Long> value) {
    Gauge.builder("sharesnap.backend.capacity", this, g -> g.read(backend, value))
        .description("Space of a storage backend (last reading)")
        .baseUnit("bytes")
        .tags("backend", backend, "kind", kind)
        .register(registry);
  }

  private double read(String backend, Function<Capacity, Long> value) {
    Long v = value.apply(last.getOrDefault(backend, Capacity.unknown()));
    return v == null ? Double.NaN : v;
  }

  void start(@Observes StartupEvent event) {
    timer = vertx.setPeriodic(config.capacityMetricsInterval().toMillis(), id -> refresh());
    refresh();
  }

  void stop(@Observes ShutdownEvent event) {
    vertx.cancelTimer(timer);
  }

  private void refresh() {
    if (!reading.compareAndSet(false, true)) {
      return;
    }
    Multi.createFrom()
        .iterable(drivers.enabled())
        .onItem()
        .transformToUniAndMerge(
            d ->
                d.capacity()
                    .onFailure()
                    .recoverWithItem(Capacity.unknown())
                    .invoke(c -> last.put(d.backendName(), c)))
        .collect()
        .last()
        .subscribe()
        .with(
            ok -> reading.set(false),
            failure -> {
              reading.set(false);
              LOG.debugf("reading backend capacity failed: %s", failure.getMessage());
            });
  }
}
