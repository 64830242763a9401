package dev.sharesnap.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Snapshot schedules (extension, docs/extensions.md). */
@ConfigMapping(prefix = "sharesnap.schedules")
public interface ScheduleConfig {

  /**
   * How often each replica looks for due schedules (a Quarkus duration), or {@code off} to fire
   * none on this replica. A schedule fires at most this late.
   */
  @WithDefault("10s")
  String pollInterval();

  /** Shortest interval a schedule may have. */
  @WithDefault("60s")
  Duration minInterval();

  /** Schedules one replica fires per poll at most; the rest wait for the next poll. */
  @WithDefault("20")
  int batchSize();
}
