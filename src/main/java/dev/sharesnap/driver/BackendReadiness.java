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
 * one. The response lists each backend as {@code UP} or the reason it is down.
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
    List<Uni<Map.Entry<String, String>>> states = new ArrayList<>();
    drivers.forEach(d -> states.add(state(d, timeout)));
    return Uni.join().all(states).andFailFast().map(BackendReadiness::response);
  }

  private static Uni<Map.Entry<String, String>> state(ShareDriver driver, Duration timeout) {
    return Uni.createFrom()
        .deferred(driver::checkHealth)
        .ifNoItem()
        .after(timeout)
        .failWith(() -> new IllegalStateException("no answer within " + timeout.toMillis() + " ms"))
        .map(ok -> Map.entry(driver.backendName(), "UP"))
        .onFailure()
        .recoverWithItem(e -> Map.entry(driver.backendName(), "DOWN: " + e.getMessage()));
  }

  private static HealthCheckResponse response(List<Map.Entry<String, String>> states) {
    HealthCheckResponseBuilder builder = HealthCheckResponse.named(NAME).up();
    Map<String, String> sorted = new TreeMap<>();
    states.forEach(s -> sorted.put(s.getKey(), s.getValue()));
    sorted.forEach(
        (backend, state) -> {
          builder.withData(backend, state);
          if (!state.equals("UP")) {
            builder.down();
          }
        });
    return builder.build();
  }
}
