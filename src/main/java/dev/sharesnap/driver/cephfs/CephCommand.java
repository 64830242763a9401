package dev.sharesnap.driver.cephfs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sharesnap.config.CephfsConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One command as librados sends it: a JSON object with {@code prefix} (e.g. "fs subvolume create"),
 * the arguments under the names Manila sends (vol_name, sub_name, ...), and {@code format: json}.
 */
record CephCommand(String prefix, Map<String, Object> args) {

  private static final ObjectMapper JSON = new ObjectMapper();

  static CephCommand of(String prefix) {
    return new CephCommand(prefix, Map.of());
  }

  /**
   * A {@code fs subvolume ...} command on subvolume {@code sub} of the configured volume and group.
   */
  static CephCommand subvolume(String prefix, CephfsConfig config, String sub) {
    return of(prefix)
        .with("vol_name", config.volumeName())
        .with("sub_name", sub)
        .with("group_name", config.subvolumeGroup());
  }

  /** The same, for the subvolume of share {@code share}. */
  static CephCommand subvolume(String prefix, CephfsConfig config, UUID share) {
    return subvolume(prefix, config, share.toString());
  }

  CephCommand with(String name, Object value) {
    Map<String, Object> more = new LinkedHashMap<>(args);
    more.put(name, value);
    return new CephCommand(prefix, more);
  }

  String toJson() {
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("prefix", prefix);
    all.putAll(args);
    all.put("format", "json");
    try {
      return JSON.writeValueAsString(all);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON-serializable: " + args, e);
    }
  }
}
