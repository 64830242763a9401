package dev.sharesnap.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Default per-project quotas, as Manila's {@code quota_*} options: what a project may hold until an
 * admin sets its own limits with the quota-sets API. -1 means unlimited.
 */
@ConfigMapping(prefix = "sharesnap.quota")
public interface QuotaConfig {

  /** Shares per project (Manila's {@code quota_shares}). */
  @WithDefault("50")
  int shares();

  /** Gigabytes of shares per project (Manila's {@code quota_gigabytes}). */
  @WithDefault("1000")
  int gigabytes();

  /** Snapshots per project (Manila's {@code quota_snapshots}). */
  @WithDefault("50")
  int snapshots();

  /** Gigabytes of snapshots per project (Manila's {@code quota_snapshot_gigabytes}). */
  @WithDefault("1000")
  int snapshotGigabytes();
}
