package dev.sharesnap.api.v2;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharesnap.api.microversion.ApiVersion;
import dev.sharesnap.api.microversion.Versions;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.domain.QuotaResource;
import dev.sharesnap.service.QuotaService.QuotaUpdate;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The body of {@code PUT /quota-sets/{project}}: {@code {"quota_set": {"snapshots": 10, "force":
 * true}}}, read as Manila's controller reads it. Unknown keys are collected into one "Bad key(s)"
 * error; values must be integers (or strings of one); null or empty values are skipped; {@code
 * tenant_id}, {@code id} and {@code share_type} are accepted and ignored. A body without {@code
 * quota_set} changes nothing.
 */
public record QuotaSetRequest(QuotaUpdate update) {

  private static final Set<String> NON_QUOTA_KEYS =
      Set.of("tenant_id", "id", "force", "share_type");

  public static QuotaSetRequest from(JsonNode body, ApiVersion v) {
    JsonNode set = body.isObject() ? body.get("quota_set") : null;
    Map<QuotaResource, Integer> limits = new EnumMap<>(QuotaResource.class);
    boolean force = false;
    List<String> badKeys = new ArrayList<>();
    if (set != null && set.isObject()) {
      for (Map.Entry<String, JsonNode> e : set.properties()) {
        String key = e.getKey();
        JsonNode value = e.getValue();
        if (key.equals("force")) {
          force = truthy(value);
        } else if (!NON_QUOTA_KEYS.contains(key)) {
          QuotaResource r = QuotaResource.fromKey(key).orElse(null);
          if (r == null) {
            badKeys.add(key);
          } else if (!skipped(value)) {
            requireVersion(r, v);
            limits.put(r, integer(key, value));
          }
        }
      }
    }
    if (!badKeys.isEmpty()) {
      throw ApiException.badRequest("Bad key(s) " + String.join(",", badKeys) + " in quota_set.");
    }
    return new QuotaSetRequest(new QuotaUpdate(limits, force));
  }

  /** Manila skips keys whose value is falsy but not 0: null, "", false. */
  private static boolean skipped(JsonNode value) {
    return value == null
        || value.isNull()
        || value.isTextual() && value.asText().isEmpty()
        || value.isBoolean() && !value.asBoolean();
  }

  /** Python's int(): integers, floats (truncated), strings holding an integer. */
  private static int integer(String key, JsonNode value) {
    try {
      if (value.isIntegralNumber() && value.canConvertToInt()) {
        return value.intValue();
      }
      if (value.isFloatingPointNumber()) {
        return new BigDecimal(value.asText()).intValueExact();
      }
      if (value.isTextual()) {
        return Integer.parseInt(value.asText().trim());
      }
    } catch (NumberFormatException | ArithmeticException e) {
      // reported below with Manila's wording
    }
    String shown = value.isTextual() ? value.asText() : value.toString();
    throw ApiException.badRequest("Quota '" + shown + "' for " + key + " should be integer.");
  }

  /** oslo's bool_from_string: true, 1, yes, on, y, t (any case). */
  private static boolean truthy(JsonNode value) {
    if (value == null || value.isNull()) {
      return false;
    }
    if (value.isBoolean() || value.isNumber()) {
      return value.asDouble() != 0 || value.asBoolean();
    }
    return Set.of("1", "t", "true", "on", "y", "yes").contains(value.asText().trim().toLowerCase());
  }

  private static void requireVersion(QuotaResource r, ApiVersion v) {
    ApiVersion min =
        switch (r) {
          case SHARE_GROUPS, SHARE_GROUP_SNAPSHOTS -> Versions.QUOTA_SHARE_GROUPS;
          case SHARE_REPLICAS, REPLICA_GIGABYTES -> Versions.QUOTA_SHARE_REPLICAS;
          case PER_SHARE_GIGABYTES -> Versions.QUOTA_PER_SHARE_GIGABYTES;
          default -> Versions.MIN;
        };
    if (!v.atLeast(min)) {
      throw ApiException.badRequest(
          "'"
              + r.key()
              + "' key is not supported by this microversion. Use "
              + min
              + " or greater microversion to be able to use '"
              + r.key()
              + "' quotas.");
    }
  }
}
