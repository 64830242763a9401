package dev.sharesnap.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The benchmark backend "instant": keeps no data and answers every call at once (or after a fixed
 * latency), so a benchmark measures sharesnap's API and task pipeline rather than a storage system.
 * Off by default; never for real shares.
 */
@ConfigMapping(prefix = "sharesnap.instant")
public interface InstantConfig {

  /** Registers the backend, so share types with {@code share_backend_name=instant} place on it. */
  @WithDefault("false")
  boolean enabled();

  /** Backend name, the middle part of Manila's host string. */
  @WithDefault("instant")
  String backendName();

  /**
   * Tasks of this backend one replica runs at once (high: its calls hold no thread)
   * (sharesnap.tasks.concurrency caps all backends together). Tasks beyond it stay queued without a
   * lease, so their operation timeout does not run while they wait.
   */
  @WithDefault("64")
  int taskConcurrency();

  /** How long every call takes, spent on a timer (no thread waits). */
  @WithDefault("0ms")
  Duration latency();
}
