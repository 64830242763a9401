package dev.sharesnap.domain;

import java.util.Optional;

/**
 * Manila's quota resources, with Manila's default limits (manila/quota.py; -1 = unlimited).
 * sharesnap counts and enforces the six it has objects for; the others are stored and reported as
 * Manila does, so clients that read or set them work, but nothing consumes them.
 */
public enum QuotaResource {
  SHARES("shares", 50, true),
  GIGABYTES("gigabytes", 1000, true),
  SNAPSHOTS("snapshots", 50, true),
  SNAPSHOT_GIGABYTES("snapshot_gigabytes", 1000, true),
  SHARE_NETWORKS("share_networks", 10, false),
  SHARE_GROUPS("share_groups", 50, true),
  SHARE_GROUP_SNAPSHOTS("share_group_snapshots", 50, true),
  SHARE_REPLICAS("share_replicas", 100, false),
  REPLICA_GIGABYTES("replica_gigabytes", 1000, false),
  PER_SHARE_GIGABYTES("per_share_gigabytes", -1, false);

  public static final int UNLIMITED = -1;

  private final String key;
  private final int manilaDefault;
  private final boolean enforced;

  QuotaResource(String key, int manilaDefault, boolean enforced) {
    this.key = key;
    this.manilaDefault = manilaDefault;
    this.enforced = enforced;
  }

  /** The name in quota-set bodies and in the database. */
  public String key() {
    return key;
  }

  public int manilaDefault() {
    return manilaDefault;
  }

  public boolean enforced() {
    return enforced;
  }

  public static Optional<QuotaResource> fromKey(String key) {
    for (QuotaResource r : values()) {
      if (r.key.equals(key)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
