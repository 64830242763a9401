package dev.sharesnap.config;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.Optional;

/** Policy overrides, as Manila's {@code [oslo_policy] policy_file}. */
@ConfigMapping(prefix = "sharesnap.policy")
public interface PolicyConfig {

  /**
   * An operator's policy.yaml (or .json): rule name → oslo.policy check string, replacing Manila's
   * default for that rule. Read once at start; a missing file or a bad check string stops the
   * service. Unset: Manila's defaults.
   */
  Optional<Path> file();
}
