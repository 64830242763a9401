package dev.sharesnap.api.view;

import dev.sharesnap.api.microversion.ApiVersion;
import dev.sharesnap.api.microversion.Versions;
import dev.sharesnap.domain.AccessRule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Access rule views per microversion (Manila's share_accesses and share_snapshot access views):
 * access_key from 2.21, created_at / updated_at from 2.33, metadata from 2.45; before 2.28 the
 * queued states read {@code new}.
 */
public final class AccessRuleView {

  private AccessRuleView() {}

  /** An entry of the share's access_list. */
  public static Map<String, Object> summary(AccessRule r, ApiVersion v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id().toString());
    m.put("access_level", r.accessLevel());
    m.put("access_to", r.accessTo());
    m.put("access_type", r.accessType());
    m.put("state", state(r, v));
    versioned(m, r, v);
    return m;
  }

  /** allow_access's answer and GET /share-access-rules/{id}. */
  public static Map<String, Object> detail(AccessRule r, ApiVersion v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id().toString());
    m.put("share_id", r.shareId().toString());
    m.put("access_level", r.accessLevel());
    m.put("access_to", r.accessTo());
    m.put("access_type", r.accessType());
    m.put("state", state(r, v));
    versioned(m, r, v);
    return Map.of("access", m);
  }

  public static Map<String, Object> list(List<AccessRule> rules, ApiVersion v) {
    return Map.of("access_list", rules.stream().map(r -> summary(r, v)).toList());
  }

  /** A snapshot rule: Manila shows id, type, target and state only. */
  public static Map<String, Object> snapshotRule(AccessRule r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id().toString());
    m.put("access_type", r.accessType());
    m.put("access_to", r.accessTo());
    m.put("state", r.state());
    return m;
  }

  public static Map<String, Object> snapshotList(List<AccessRule> rules) {
    return Map.of(
        "snapshot_access_list", rules.stream().map(AccessRuleView::snapshotRule).toList());
  }

  private static void versioned(Map<String, Object> m, AccessRule r, ApiVersion v) {
    if (v.atLeast(Versions.ACCESS_KEY)) {
      m.put("access_key", r.accessKey());
    }
    if (v.atLeast(Versions.ACCESS_RULE_TIMES)) {
      m.put("created_at", Timestamps.format(r.createdAt()));
      m.put("updated_at", Timestamps.format(r.updatedAt()));
    }
    if (v.atLeast(Versions.SHARE_ACCESS_RULES_ROUTE)) {
      m.put("metadata", r.metadata());
    }
  }

  private static String state(AccessRule r, ApiVersion v) {
    boolean queued =
        AccessRule.QUEUED_TO_APPLY.equals(r.state()) || AccessRule.QUEUED_TO_DENY.equals(r.state());
    return queued && !v.atLeast(Versions.ACCESS_RULE_STATES) ? "new" : r.state();
  }
}
