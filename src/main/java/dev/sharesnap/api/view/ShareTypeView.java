package dev.sharesnap.api.view;

import dev.sharesnap.api.microversion.ApiVersion;
import dev.sharesnap.domain.ShareType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Share type views; Manila sends every type twice, as {@code share_type} and legacy {@code volume_type}. */
public final class ShareTypeView {

  private static final ApiVersion ACCESS_KEY_RENAMED = new ApiVersion(2, 7);
  private static final ApiVersion DESCRIPTION = new ApiVersion(2, 41);
  private static final ApiVersion IS_DEFAULT = new ApiVersion(2, 46);

  private ShareTypeView() {}

  public static Map<String, Object> detail(ShareType t, ApiVersion v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id().toString());
    m.put("name", t.name());
    m.put("extra_specs", t.extraSpecs());
    Map<String, String> required = new LinkedHashMap<>();
    required.put("driver_handles_share_servers", t.extraSpecs().getOrDefault("driver_handles_share_servers", "False"));
    m.put("required_extra_specs", required);
    m.put(v.atLeast(ACCESS_KEY_RENAMED) ? "share_type_access:is_public" : "os-share-type-access:is_public", t.isPublic());
    if (v.atLeast(DESCRIPTION)) {
      m.put("description", t.description());
    }
    if (v.atLeast(IS_DEFAULT)) {
      m.put("is_default", t.isDefault());
    }
    return m;
  }

  public static Map<String, Object> one(ShareType t, ApiVersion v) {
    Map<String, Object> m = new LinkedHashMap<>();
    Map<String, Object> d = detail(t, v);
    m.put("volume_type", d);
    m.put("share_type", d);
    return m;
  }

  public static Map<String, Object> list(List<ShareType> all, ApiVersion v) {
    List<Map<String, Object>> views = all.stream().map(t -> detail(t, v)).toList();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("volume_types", views);
    m.put("share_types", views);
    return m;
  }
}
