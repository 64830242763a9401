package dev.sharesnap.api.view;

import dev.sharesnap.api.microversion.ApiVersion;
import dev.sharesnap.domain.ShareType;
import dev.sharesnap.service.ShareTypeAccessService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Share type views; Manila sends every type twice, as {@code share_type} and legacy {@code
 * volume_type}. Non-admins see only the tenant-visible extra specs, and from 2.24 the optional
 * capability specs a type does not set, inferred as JSON false (what Manila's view does).
 */
public final class ShareTypeView {

  private static final ApiVersion ACCESS_KEY_RENAMED = new ApiVersion(2, 7);
  private static final ApiVersion INFERRED_SPECS = new ApiVersion(2, 24);
  private static final ApiVersion DESCRIPTION = new ApiVersion(2, 41);
  private static final ApiVersion IS_DEFAULT = new ApiVersion(2, 46);

  /** Manila's tenant-visible extra specs. */
  public static final Set<String> TENANT_VISIBLE =
      Set.of(
          "driver_handles_share_servers",
          "snapshot_support",
          "create_share_from_snapshot_support",
          "revert_to_snapshot_support",
          "mount_snapshot_support",
          "availability_zones");

  private static final List<String> OPTIONAL =
      List.of(
          "snapshot_support",
          "create_share_from_snapshot_support",
          "revert_to_snapshot_support",
          "mount_snapshot_support");

  private ShareTypeView() {}

  public static Map<String, Object> detail(ShareType t, ApiVersion v, boolean admin) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id().toString());
    m.put("name", t.name());
    m.put("extra_specs", extraSpecs(t, v, admin));
    Map<String, String> required = new LinkedHashMap<>();
    required.put(
        "driver_handles_share_servers",
        t.extraSpecs().getOrDefault("driver_handles_share_servers", "False"));
    m.put("required_extra_specs", required);
    m.put(
        v.atLeast(ACCESS_KEY_RENAMED)
            ? "share_type_access:is_public"
            : "os-share-type-access:is_public",
        t.isPublic());
    if (v.atLeast(DESCRIPTION)) {
      m.put("description", t.description());
    }
    if (v.atLeast(IS_DEFAULT)) {
      m.put("is_default", t.isDefault());
    }
    return m;
  }

  /** The extra specs this caller may see (also {@code GET /types/{id}/extra_specs}). */
  public static Map<String, Object> extraSpecs(ShareType t, ApiVersion v, boolean admin) {
    Map<String, Object> specs = new LinkedHashMap<>();
    t.extraSpecs()
        .forEach(
            (k, val) -> {
              if (admin || TENANT_VISIBLE.contains(k)) {
                specs.put(k, val);
              }
            });
    if (!admin && v.atLeast(INFERRED_SPECS)) {
      OPTIONAL.forEach(k -> specs.putIfAbsent(k, false));
    }
    return specs;
  }

  public static Map<String, Object> one(ShareType t, ApiVersion v, boolean admin) {
    Map<String, Object> m = new LinkedHashMap<>();
    Map<String, Object> d = detail(t, v, admin);
    m.put("volume_type", d);
    m.put("share_type", d);
    return m;
  }

  public static Map<String, Object> list(List<ShareType> all, ApiVersion v, boolean admin) {
    List<Map<String, Object>> views = all.stream().map(t -> detail(t, v, admin)).toList();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("volume_types", views);
    m.put("share_types", views);
    return m;
  }

  /** {@code GET /types/{id}/share_type_access}: one entry per project, as Manila lists them. */
  public static Map<String, Object> access(ShareTypeAccessService.AccessList list) {
    List<Map<String, Object>> entries =
        list.projects().stream()
            .map(
                p -> {
                  Map<String, Object> e = new LinkedHashMap<>();
                  e.put("share_type_id", list.type().id().toString());
                  e.put("project_id", p);
                  return e;
                })
            .toList();
    return Map.of("share_type_access", entries);
  }
}
