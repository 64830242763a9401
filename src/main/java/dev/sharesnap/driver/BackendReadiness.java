package dev.sharesnap.driver;

import dev.sharesnap.config.ObservabilityConfig;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the storage: every enabled backend answers its {@link ShareDriver#checkHealth()}
 * within the timeout, checked in parallel. A pod whose backend is unreachable leaves the Service
 * (its tasks would only fail and retry); the database has Quarkus' own readiness check beside this
 * one. The response lists each backend as {@code UP} or the reason it is down, and for a backend
 * that is up and knows its space, {@code <backend>_total_bytes} and {@code <backend>_free_bytes}.
 * Capacity is asked in parallel with the check and bounded by the same timeout; not knowing it
 * leaves a backend ready.
 */
@Readiness
@ApplicationScoped
public class BackendReadiness implements AsyncHealthCheck {

  static final String NAME = "storage backends";

  private final DriverRegistry registry;
  private final ObservabilityConfig config;

  public BackendReadiness(DriverRegistry registry, ObservabilityConfig config) {
    this.registry = registry;
    this.config = config;
  }

  @Override
  public Uni<HealthCheckResponse> call() {
    return check(registry.enabled(), config.backendCheckTimeout());
  }

  /** UP when every backend answers in time; the data names each backend's state. */
  static Uni<HealthCheckResponse> check(Collection<ShareDriver> drivers, Duration timeout) {
    if (drivers.isEmpty()) {
      return Uni.createFrom().item(HealthCheckResponse.down(NAME));
    }
    List<Uni<BackendState>> states = new ArrayList<>();
    drivers.forEach(d -> states.add(state(d, timeout)));
    return Uni.join().all(states).andFailFast().map(BackendReadiness::response);
  }

  /** One backend's answer: UP or the reason it is down, and its capacity (maybe unknown). */
  private record BackendState(String backend, String state, Capacity capacity) {}

  private static Uni<BackendState> state(ShareDriver driver, Duration timeout) {
    Uni<String> health =
        Uni.createFrom()
            .deferred(driver::checkHealth)
            .ifNoItem()
            .after(timeout)
            .failWith(
                () -> new IllegalStateException("no answer within " + timeout.toMillis() + " ms"))
            .map(ok -> "UP")
            .onFailure()
            .recoverWithItem(e -> "DOWN: " + e.getMessage());
    Uni<Capacity> capacity =
        Uni.createFrom()
            .deferred(driver::capacity)
            .ifNoItem()
            .after(timeout)
            .recoverWithItem(Capacity.unknown())
            .onFailure()
            .recoverWithItem(Capacity.unknown());
    return Uni.combine()
        .all()
        .unis(health, capacity)
        .with((h, c) -> new BackendState(driver.backendName(), h, c));
  }

  private static HealthCheckResponse response(List<BackendState> states) {
    HealthCheckResponseBuilder builder = HealthCheckResponse.named(NAME).up();
    Map<String, BackendState> sorted = new TreeMap<>();
    states.forEach(s -> sorted.put(s.backend(), s));
    sorted.forEach(
        (backend, s) -> {
          builder.withData(backend, s.state());
          if (!s.state().equals("UP")) {
            builder.down();
          } else if (s.capacity().known()) {
            builder.withData(backend + "_total_bytes", s.capacity().totalBytes());
            builder.withData(backend + "_free_bytes", s.capacity().freeBytes());
          }
        });
    return builder.build();
  }
}
