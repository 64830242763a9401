package dev.sharesnap.persistence;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/** Conversion between jsonb string maps (metadata, extra specs) and Java maps. */
final class JsonColumns {

  private JsonColumns() {}

  static Map<String, String> toMap(Object column) {
    Map<String, String> out = new LinkedHashMap<>();
    if (column instanceof JsonObject json) {
      json.forEach(
          e -> out.put(e.getKey(), e.getValue() == null ? null : String.valueOf(e.getValue())));
    }
    return out;
  }

  static JsonObject toJson(Map<String, String> map) {
    JsonObject json = new JsonObject();
    if (map != null) {
      map.forEach(json::put);
    }
    return json;
  }
}
