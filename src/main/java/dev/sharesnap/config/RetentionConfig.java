package dev.sharesnap.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The kept_until retention extension (docs/extensions.md). */
@ConfigMapping(prefix = "sharesnap.retention")
public interface RetentionConfig {

  /**
   * How often one replica deletes snapshots whose kept_until has passed (a Quarkus duration such as
   * {@code 1h}), or {@code off}: expired snapshots are then only listed, never deleted silently.
   */
  @WithDefault("off")
  String deleteExpiredInterval();

  /** Expired snapshots one pass deletes at most. */
  @WithDefault("100")
  int batchSize();
}
