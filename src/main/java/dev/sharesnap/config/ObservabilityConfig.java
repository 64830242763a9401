package dev.sharesnap.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Metrics and health beyond what Quarkus measures by itself (HTTP routes, JVM, connection pool).
 */
@ConfigMapping(prefix = "sharesnap.observability")
public interface ObservabilityConfig {

  /**
   * How often the task queue gauges (depth, age of the oldest task) are read from PostgreSQL. One
   * small aggregate query per interval and replica; never on a scrape.
   */
  @WithDefault("15s")
  Duration queueMetricsInterval();

  /**
   * Longest a backend's readiness check may take before the backend counts as down (a hung Ceph
   * manager must not hang the probe).
   */
  @WithDefault("5s")
  Duration backendCheckTimeout();

  /**
   * How often each backend's total and free space is read for the capacity gauges (a statvfs on
   * NFS, {@code ceph df} on CephFS); never on a scrape.
   */
  @WithDefault("60s")
  Duration capacityMetricsInterval();
}
