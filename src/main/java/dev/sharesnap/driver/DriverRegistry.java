package dev.sharesnap.driver;

import dev.sharesnap.config.ServiceConfig;
import dev.sharesnap.domain.ApiException;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Knows every driver bean by backend name. New shares go to the backend their share type names in
 * the extra spec {@code share_backend_name} (Manila's scheduler honours the same spec), else to the
 * default backend; existing shares find their driver again from their Manila-style host {@code
 * host@backend#pool}. Every driver handed out is wrapped in an {@link InstrumentedDriver}, so each
 * call is timed, counted and traced per backend and operation.
 */
@ApplicationScoped
public class DriverRegistry {

  private static final String POOL = "pool0";
  private final Map<String, ShareDriver> byBackend = new LinkedHashMap<>();
  private final ServiceConfig config;

  public DriverRegistry(
      Instance<ShareDriver> drivers, ServiceConfig config, MeterRegistry meters, Tracer tracer) {
    drivers.stream()
        .filter(ShareDriver::enabled)
        .forEach(d -> byBackend.put(d.backendName(), new InstrumentedDriver(d, meters, tracer)));
    this.config = config;
  }

  /** At start: backends exporting through one Ganesha must not share export ids. */
  void checkExportIds(@Observes StartupEvent event) {
    Map<String, ExportIdRange> ranges = new LinkedHashMap<>();
    byBackend.forEach(
        (name, d) -> {
          if (d.exportIds() != null) {
            ranges.put(name, d.exportIds());
          }
        });
    ExportIdRange.requireDisjoint(ranges);
  }

  /** The enabled backends, in registration order (readiness checks each). */
  public Collection<ShareDriver> enabled() {
    return Collections.unmodifiableCollection(byBackend.values());
  }

  /**
   * Host string for a new share. A share type that names a backend ({@code backend}) places it
   * there. Without one, as Manila's scheduler filters hosts by their storage protocol, the share
   * goes to the default backend when that serves it, else to the first enabled backend that does.
   * The backend must export {@code protocol} and, for {@code mountSnapshots}, have the
   * mount_snapshot_support capability; when none fits, the 400 names the backend that was asked
   * (the default one) and why.
   */
  public String placeNewShare(String backend, String protocol, boolean mountSnapshots) {
    String name = backend == null ? config.defaultBackend() : backend;
    if (backend == null && unfit(name, protocol, mountSnapshots) != null) {
      name =
          byBackend.keySet().stream()
              .filter(b -> unfit(b, protocol, mountSnapshots) == null)
              .findFirst()
              .orElse(name);
    }
    String why = unfit(name, protocol, mountSnapshots);
    if (why != null) {
      throw ApiException.badRequest(
          "Invalid input received: No valid host was found: " + why + ".");
    }
    return config.host() + "@" + name + "#" + POOL;
  }

  /** Why backend {@code name} cannot hold the share, or null when it can. */
  private String unfit(String name, String protocol, boolean mountSnapshots) {
    ShareDriver driver = byBackend.get(name);
    if (driver == null) {
      return "no backend named '" + name + "'";
    }
    if (!driver.protocols().contains(protocol)) {
      return "backend '" + name + "' does not export " + protocol + " shares";
    }
    if (mountSnapshots && !driver.capabilities().mountSnapshotSupport()) {
      return "backend '" + name + "' cannot mount snapshots (mount_snapshot_support)";
    }
    return null;
  }

  /**
   * Host string for a new share group: every share of the group lives there, so that one backend
   * can snapshot them together. {@code backend} null is the default backend.
   */
  public String placeNewGroup(String backend) {
    String name = backend == null ? config.defaultBackend() : backend;
    if (!byBackend.containsKey(name)) {
      throw ApiException.badRequest(
          "Invalid input received: No valid host was found: no backend named '" + name + "'.");
    }
    return config.host() + "@" + name + "#" + POOL;
  }

  /**
   * The enabled backend whose Manila service host ({@code host@backend}, a host string without its
   * pool) is {@code service}, or null: share manage names its backend this way.
   */
  public ShareDriver forService(String service) {
    String prefix = config.host() + "@";
    return service.startsWith(prefix) ? byBackend.get(service.substring(prefix.length())) : null;
  }

  /** The enabled backends, in registration order. */
  public Collection<ShareDriver> all() {
    return byBackend.values();
  }

  /** The pool part of every host string; each backend has one pool. */
  public static String pool() {
    return POOL;
  }

  /** Whether the backend of {@code host} is registered and serves access rules (exports). */
  public boolean servesAccessRules(String host) {
    ShareDriver driver = byBackend.get(backendOf(host));
    return driver != null && driver.exportIds() != null;
  }

  /** The share rule access types the backend of {@code host} serves; none when unregistered. */
  public Set<String> shareAccessTypes(String host) {
    ShareDriver driver = byBackend.get(backendOf(host));
    return driver == null ? Set.of() : driver.shareAccessTypes();
  }

  private static String backendOf(String host) {
    int at = host.indexOf('@');
    int hash = host.indexOf('#');
    return host.substring(at + 1, hash < 0 ? host.length() : hash);
  }

  public ShareDriver forHost(String host) {
    String backend = backendOf(host);
    ShareDriver driver = byBackend.get(backend);
    if (driver == null) {
      throw DriverException.permanent(
          "No driver for backend '" + backend + "' of host " + host + ".");
    }
    return driver;
  }
}
