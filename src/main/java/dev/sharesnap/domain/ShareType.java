package dev.sharesnap.domain;

import java.util.Map;
import java.util.UUID;

/** A share type: a name plus extra specs, whose capability specs a share copies at creation. */
public record ShareType(
    UUID id,
    String name,
    String description,
    boolean isPublic,
    boolean isDefault,
    Map<String, String> extraSpecs) {

  /**
   * Manila's reading of a boolean extra spec ("True", "true", "<is> True", ...); absent means
   * false.
   */
  public boolean capability(String key) {
    String v = extraSpecs.get(key);
    if (v == null) {
      return false;
    }
    String s = v.trim().toLowerCase();
    if (s.startsWith("<is>")) {
      s = s.substring(4).trim();
    }
    return s.equals("true") || s.equals("1") || s.equals("yes") || s.equals("on") || s.equals("t");
  }
}
