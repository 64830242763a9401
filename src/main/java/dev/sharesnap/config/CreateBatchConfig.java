package dev.sharesnap.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Group commit of snapshot creates ({@code POST /v2/snapshots}): concurrent creates share one
 * transaction, so its fixed costs (round trips, locks, commit) are paid once per batch.
 */
@ConfigMapping(prefix = "sharesnap.create-batch")
public interface CreateBatchConfig {

  /** Creates one transaction takes at most; 1 makes every create its own transaction. */
  @WithDefault("64")
  int maxSize();

  /** Batch transactions of one replica running at once; arrivals meanwhile wait for the next. */
  @WithDefault("1")
  int inFlight();

  /**
   * Creates waiting for a batch at most; beyond, a create runs in a transaction of its own (and
   * meets the connection pool's wait queue limit, as without batching).
   */
  @WithDefault("1024")
  int maxQueued();
}
