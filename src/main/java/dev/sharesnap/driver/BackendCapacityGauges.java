package dev.sharesnap.driver;

import dev.sharesnap.config.ObservabilityConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Each enabled backend's total and free space as the gauge {@code sharesnap.backend.capacity} (base
 * unit bytes; tags backend, kind = total or free). As for the queue gauges, a scrape never asks a
 * backend: a Vert.x timer reads {@link ShareDriver#capacity()} of every backend every {@code
 * sharesnap.observability.capacity-metrics-interval}, one round at a time, and the gauges show the
 * last answer; NaN while a backend's space is unknown.
 */
@ApplicationScoped
public class BackendCapacityGauges {

  private final DriverRegistry drivers;
  private final Map<String, Capacity> last = new ConcurrentHashMap<>();
  private final PeriodicReading reading;

  public BackendCapacityGauges(
      DriverRegistry drivers, Vertx vertx, ObservabilityConfig config, MeterRegistry registry) {
    this.drivers = drivers;
    this.reading =
        new PeriodicReading(
            vertx, config.capacityMetricsInterval(), this::readAll, "the backend capacity gauges");
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
    reading.start();
  }

  void stop(@Observes ShutdownEvent event) {
    reading.stop();
  }

  /** Every backend's capacity, asked in parallel; one that fails reads as unknown. */
  private Uni<Void> readAll() {
    return Multi.createFrom()
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
        .replaceWithVoid();
  }
}
