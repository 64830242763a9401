package dev.sharesnap.domain;

import java.util.Map;

/**
 * A project's quotas: the limit in force for every resource and, for the detail view, what is in
 * use. Nothing is ever "reserved" in sharesnap: usage changes in the same transaction as the share
 * or snapshot row, so Manila's reserved count is always 0.
 */
public record QuotaSet(
    String projectId, Map<QuotaResource, Integer> limits, Map<QuotaResource, Integer> inUse) {

  public int limit(QuotaResource r) {
    return limits.getOrDefault(r, r.manilaDefault());
  }

  public int inUse(QuotaResource r) {
    return inUse.getOrDefault(r, 0);
  }
}
