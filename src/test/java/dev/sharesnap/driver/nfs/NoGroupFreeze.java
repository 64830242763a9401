package dev.sharesnap.driver.nfs;

import dev.sharesnap.config.NfsConfig;
import java.time.Duration;
import java.util.Optional;

/** Group snapshot settings for driver tests built without Quarkus: no freeze. */
final class NoGroupFreeze implements NfsConfig.GroupSnapshots {

  @Override
  public boolean freeze() {
    return false;
  }

  @Override
  public Optional<String> stagingDir() {
    return Optional.empty();
  }

  @Override
  public Duration maxFreeze() {
    return Duration.ofSeconds(10);
  }
}
