package dev.sharesnap.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Snapshot reconciliation with the backends (extension, docs/extensions.md). */
@ConfigMapping(prefix = "sharesnap.sync")
public interface SyncConfig {

  /**
   * How often the periodic reconciliation runs on some replica (a Quarkus duration such as {@code
   * 10m}), or {@code off}. Each run re-reads the {@code batch-size} least recently synced available
   * snapshots; several replicas never run it at the same time.
   */
  @WithDefault("off")
  String interval();

  /** Snapshots one periodic run schedules for re-reading at most. */
  @WithDefault("100")
  int batchSize();
}
