package dev.sharesnap.api.view;

import dev.sharesnap.api.microversion.ApiVersion;
import dev.sharesnap.api.microversion.Versions;
import dev.sharesnap.domain.QuotaResource;
import dev.sharesnap.domain.QuotaSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Quota-set and limits views (Manila's views/quota_sets.py and views/limits.py): the keys a
 * microversion shows, each a limit or, in the detail view, {@code {"in_use", "limit", "reserved"}}.
 */
public final class QuotaSetView {

  private QuotaSetView() {}

  /** {@code {"quota_set": {...}}} with limits only (show, update, defaults). */
  public static Map<String, Object> limits(QuotaSet set, ApiVersion v) {
    return limits(set, v, false);
  }

  /**
   * The same; a share type's set ({@code shareType}) has no share_networks, share_groups and
   * share_group_snapshots keys, as in Manila.
   */
  public static Map<String, Object> limits(QuotaSet set, ApiVersion v, boolean shareType) {
    Map<String, Object> view = new LinkedHashMap<>();
    for (QuotaResource r : keys(v, shareType)) {
      view.put(r.key(), set.limit(r));
      if (r == QuotaResource.SNAPSHOT_GIGABYTES) {
        view.put("id", set.projectId());
      }
    }
    return Map.of("quota_set", view);
  }

  /** {@code {"quota_set": {...}}} with usage (detail); nothing is ever reserved in sharesnap. */
  public static Map<String, Object> detail(QuotaSet set, ApiVersion v, boolean shareType) {
    Map<String, Object> view = new LinkedHashMap<>();
    for (QuotaResource r : keys(v, shareType)) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("in_use", set.inUse(r));
      item.put("limit", set.limit(r));
      item.put("reserved", 0);
      view.put(r.key(), item);
      if (r == QuotaResource.SNAPSHOT_GIGABYTES) {
        view.put("id", set.projectId());
      }
    }
    return Map.of("quota_set", view);
  }

  /**
   * Manila's key order: shares, gigabytes, snapshots, snapshot_gigabytes, (id), share_networks,
   * then by version.
   */
  private static List<QuotaResource> keys(ApiVersion v, boolean shareType) {
    List<QuotaResource> keys =
        new ArrayList<>(
            List.of(
                QuotaResource.SHARES,
                QuotaResource.GIGABYTES,
                QuotaResource.SNAPSHOTS,
                QuotaResource.SNAPSHOT_GIGABYTES,
                QuotaResource.SHARE_NETWORKS));
    if (shareType) {
      keys.remove(QuotaResource.SHARE_NETWORKS);
    }
    if (v.atLeast(Versions.QUOTA_SHARE_GROUPS) && !shareType) {
      keys.addAll(List.of(QuotaResource.SHARE_GROUPS, QuotaResource.SHARE_GROUP_SNAPSHOTS));
    }
    if (v.atLeast(Versions.QUOTA_SHARE_REPLICAS)) {
      keys.addAll(List.of(QuotaResource.SHARE_REPLICAS, QuotaResource.REPLICA_GIGABYTES));
    }
    if (v.atLeast(Versions.QUOTA_PER_SHARE_GIGABYTES)) {
      keys.add(QuotaResource.PER_SHARE_GIGABYTES);
    }
    return keys;
  }

  /**
   * {@code GET /limits}: {@code {"limits": {"rate": [], "absolute": {...}}}}; sharesnap has no rate
   * limits.
   */
  public static Map<String, Object> absoluteLimits(QuotaSet set, ApiVersion v) {
    Map<String, Object> abs = new LinkedHashMap<>();
    abs.put("maxTotalShareGigabytes", set.limit(QuotaResource.GIGABYTES));
    abs.put("maxTotalSnapshotGigabytes", set.limit(QuotaResource.SNAPSHOT_GIGABYTES));
    abs.put("maxTotalShares", set.limit(QuotaResource.SHARES));
    abs.put("maxTotalShareSnapshots", set.limit(QuotaResource.SNAPSHOTS));
    abs.put("maxTotalShareNetworks", set.limit(QuotaResource.SHARE_NETWORKS));
    abs.put("totalSharesUsed", set.inUse(QuotaResource.SHARES));
    abs.put("totalShareSnapshotsUsed", set.inUse(QuotaResource.SNAPSHOTS));
    abs.put("totalShareNetworksUsed", set.inUse(QuotaResource.SHARE_NETWORKS));
    abs.put("totalShareGigabytesUsed", set.inUse(QuotaResource.GIGABYTES));
    abs.put("totalSnapshotGigabytesUsed", set.inUse(QuotaResource.SNAPSHOT_GIGABYTES));
    if (v.atLeast(Versions.QUOTA_SHARE_REPLICAS)) {
      abs.put("maxTotalShareReplicas", set.limit(QuotaResource.SHARE_REPLICAS));
      abs.put("maxTotalReplicaGigabytes", set.limit(QuotaResource.REPLICA_GIGABYTES));
      abs.put("totalShareReplicasUsed", set.inUse(QuotaResource.SHARE_REPLICAS));
      abs.put("totalReplicaGigabytesUsed", set.inUse(QuotaResource.REPLICA_GIGABYTES));
    }
    if (v.atLeast(Versions.LIMITS_SHARE_GROUPS)) {
      abs.put("maxTotalShareGroups", set.limit(QuotaResource.SHARE_GROUPS));
      abs.put("maxTotalShareGroupSnapshots", set.limit(QuotaResource.SHARE_GROUP_SNAPSHOTS));
      abs.put("totalShareGroupsUsed", set.inUse(QuotaResource.SHARE_GROUPS));
      abs.put("totalShareGroupSnapshotsUsed", set.inUse(QuotaResource.SHARE_GROUP_SNAPSHOTS));
    }
    Map<String, Object> limits = new LinkedHashMap<>();
    limits.put("rate", List.of());
    limits.put("absolute", abs);
    return Map.of("limits", limits);
  }
}
