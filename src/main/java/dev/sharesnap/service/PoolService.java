package dev.sharesnap.service;

import dev.sharesnap.api.view.Timestamps;
import dev.sharesnap.config.ServiceConfig;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.domain.ShareType;
import dev.sharesnap.driver.Capacity;
import dev.sharesnap.driver.DriverRegistry;
import dev.sharesnap.driver.PoolCapabilities;
import dev.sharesnap.driver.ShareDriver;
import dev.sharesnap.identity.Caller;
import dev.sharesnap.policy.PolicyEnforcer;
import dev.sharesnap.policy.Rule;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Manila's scheduler-stats pools: one pool per enabled backend ({@code host@backend#pool0}), with
 * the backend's capabilities and capacity as Manila's share drivers report them.
 */
@ApplicationScoped
public class PoolService {

  /** One pool as the view shows it; {@code capabilities} in Manila's key order. */
  public record Pool(
      String name, String host, String backend, String pool, Map<String, Object> capabilities) {}

  /** The list query: regular expressions on host, backend and pool, and a share type. */
  public record PoolFilter(String host, String backend, String pool, String shareType) {}

  private final DriverRegistry drivers;
  private final ServiceConfig config;
  private final PolicyEnforcer policy;
  private final ShareTypeService types;

  public PoolService(
      DriverRegistry drivers, ServiceConfig config, PolicyEnforcer policy, ShareTypeService types) {
    this.drivers = drivers;
    this.config = config;
    this.policy = policy;
    this.types = types;
  }

  public Uni<List<Pool>> list(Caller caller, boolean detail, PoolFilter filter) {
    policy.authorize(caller, detail ? Rule.POOLS_DETAIL : Rule.POOLS_INDEX);
    Pattern host = pattern(filter.host());
    Pattern backend = pattern(filter.backend());
    Pattern pool = pattern(filter.pool());
    Uni<ShareType> type =
        filter.shareType() == null
            ? Uni.createFrom().nullItem()
            : types
                .resolve(caller, filter.shareType())
                .onFailure(ApiException.class)
                .transform(
                    e ->
                        ((ApiException) e).status() == 404
                            ? ApiException.badRequest(
                                "Share type " + filter.shareType() + " not found.")
                            : e);
    return type.chain(
        t -> {
          List<Uni<Pool>> pools = new ArrayList<>();
          for (ShareDriver d : drivers.all()) {
            String poolName = DriverRegistry.pool();
            if (matches(host, config.host())
                && matches(backend, d.backendName())
                && matches(pool, poolName)) {
              pools.add(d.capacity().map(c -> pool(d, c)));
            }
          }
          if (pools.isEmpty()) {
            return Uni.createFrom().item(List.<Pool>of());
          }
          return Uni.join()
              .all(pools)
              .andFailFast()
              .map(all -> all.stream().filter(p -> t == null || satisfies(p, t)).toList());
        });
  }

  private Pool pool(ShareDriver d, Capacity capacity) {
    PoolCapabilities c = d.capabilities();
    Map<String, Object> caps = new LinkedHashMap<>();
    caps.put("pool_name", DriverRegistry.pool());
    caps.put("total_capacity_gb", capacity.totalGiB() == null ? "unknown" : capacity.totalGiB());
    caps.put("free_capacity_gb", capacity.freeGiB() == null ? "unknown" : capacity.freeGiB());
    caps.put("reserved_percentage", 0);
    caps.put("reserved_snapshot_percentage", 0);
    caps.put("thin_provisioning", false);
    caps.put("qos", false);
    caps.put("dedupe", false);
    caps.put("compression", false);
    caps.put("replication_type", null);
    caps.put("replication_domain", null);
    caps.put("sg_consistent_snapshot_support", null);
    caps.put("ipv4_support", true);
    caps.put("ipv6_support", false);
    caps.put("timestamp", Timestamps.format(LocalDateTime.now(ZoneOffset.UTC)));
    caps.put("share_backend_name", d.backendName());
    caps.put("storage_protocol", String.join("_", d.protocols()));
    caps.put("vendor_name", "sharesnap");
    caps.put("driver_version", "1.0");
    caps.put("driver_handles_share_servers", false);
    caps.put("snapshot_support", c.snapshotSupport());
    caps.put("create_share_from_snapshot_support", c.createShareFromSnapshotSupport());
    caps.put("revert_to_snapshot_support", c.revertToSnapshotSupport());
    caps.put("mount_snapshot_support", c.mountSnapshotSupport());
    String name = config.host() + "@" + d.backendName() + "#" + DriverRegistry.pool();
    return new Pool(name, config.host(), d.backendName(), DriverRegistry.pool(), caps);
  }

  /**
   * Whether the pool offers what the type's extra specs ask, for the specs that name a capability
   * (booleans read as Manila reads them; other values compared as text, ignoring case).
   */
  private static boolean satisfies(Pool pool, ShareType type) {
    for (Map.Entry<String, String> spec : type.extraSpecs().entrySet()) {
      if (!pool.capabilities().containsKey(spec.getKey())) {
        continue;
      }
      Object have = pool.capabilities().get(spec.getKey());
      if (have instanceof Boolean b) {
        if (b != type.capability(spec.getKey())) {
          return false;
        }
      } else if (have != null
          && !String.valueOf(have)
              .toLowerCase(Locale.ROOT)
              .equals(spec.getValue().trim().toLowerCase(Locale.ROOT))) {
        return false;
      }
    }
    return true;
  }

  /** Manila matches filters with Python's re.match: anchored at the start only. */
  private static boolean matches(Pattern p, String value) {
    return p == null || p.matcher(value).lookingAt();
  }

  private static Pattern pattern(String regex) {
    if (regex == null) {
      return null;
    }
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      // Manila answers 500 on a bad expression
      throw ApiException.badRequest("Invalid filter expression: " + regex);
    }
  }
}
