package dev.sharesnap.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.OptionalInt;

/** The durable task pipeline. */
@ConfigMapping(prefix = "sharesnap.tasks")
public interface TaskConfig {

  /**
   * Safety-net sweep for queued tasks and expired leases (new work also wakes the worker at once).
   */
  @WithDefault("1s")
  Duration pollInterval();

  /**
   * How long a claimed task is owned before another worker may take it over; renewed while it runs.
   */
  @WithDefault("30s")
  Duration lease();

  /**
   * Tasks this replica runs at the same time over all backends. Each backend also has its own limit
   * ({@code sharesnap.<backend>.task-concurrency}: NFS and CephFS 8, instant 64); unset, the total
   * is the sum of those limits and {@link #unassignedConcurrency()}. (Before per-backend limits
   * this was the only limit, default 8; a value set then now caps the total.)
   */
  OptionalInt concurrency();

  /**
   * Tasks this replica runs at the same time whose backend is not one it runs: rows with no backend
   * recorded (their resource row was gone), or a backend no longer configured here (its tasks then
   * fail with the reason). The periodic sweep finds such tasks (and the claims after it, while it
   * fills these slots).
   */
  @WithDefault("8")
  int unassignedConcurrency();

  /** Attempts for transient failures before the operation ends in an error status. */
  @WithDefault("5")
  int maxAttempts();

  /**
   * Longest one attempt of a task may take; a hung backend call then counts as a transient failure.
   * Keep it at or above the drivers' own operation timeouts.
   */
  @WithDefault("35m")
  Duration operationTimeout();

  /** First retry delay; doubled per attempt, with jitter. */
  @WithDefault("1s")
  Duration retryBackoff();

  /**
   * Connections of the task pipeline's own pool (claims, completions, retries), apart from the
   * API's.
   */
  @WithDefault("4")
  int poolSize();

  /**
   * Whether the pipeline's transactions commit without waiting for the WAL flush ({@code
   * synchronous_commit=off} on its connections only). Safe by design: a completion lost in a
   * database crash leaves its task in the table, so the task runs again and the idempotent driver
   * call finds its own work; a lost claim leaves the task queued. The API's transactions (the 202
   * promise) always wait for the flush.
   */
  @WithDefault("true")
  boolean asyncCommit();
}
