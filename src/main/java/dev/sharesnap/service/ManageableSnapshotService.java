package dev.sharesnap.service;

import dev.sharesnap.config.ServiceConfig;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.domain.ManageableSnapshot;
import dev.sharesnap.driver.BackendSnapshot;
import dev.sharesnap.driver.DriverException;
import dev.sharesnap.driver.DriverRegistry;
import dev.sharesnap.driver.ShareDriver;
import dev.sharesnap.identity.Caller;
import dev.sharesnap.persistence.BackendInventoryRepository;
import dev.sharesnap.policy.PolicyEnforcer;
import dev.sharesnap.policy.Rule;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The manageable-snapshots listing (Cinder's {@code GET manageable_snapshots}): what each backend
 * holds, matched against what sharesnap manages. The backends are asked directly, not through a
 * task: the call is read-only and its answer is wanted now (as the pools report their capacity).
 * Sorting and paging happen here, as the entries come from the backends, not from the database.
 */
@ApplicationScoped
public class ManageableSnapshotService {

  /** A sort key of the listing. */
  public enum SortKey {
    REFERENCE,
    SIZE
  }

  /**
   * The validated query: {@code host} ({@code host@backend[#pool]}) or null for every backend;
   * {@code ascending.get(i)} is the direction of {@code sortKeys.get(i)}; {@code marker} the
   * reference of the last entry of the previous page, or null.
   */
  public record Query(
      String host,
      List<SortKey> sortKeys,
      List<Boolean> ascending,
      Integer limit,
      int offset,
      String marker) {}

  private final DriverRegistry drivers;
  private final BackendInventoryRepository inventory;
  private final Pool pool;
  private final PolicyEnforcer policy;
  private final ServiceConfig config;

  public ManageableSnapshotService(
      DriverRegistry drivers,
      BackendInventoryRepository inventory,
      Pool pool,
      PolicyEnforcer policy,
      ServiceConfig config) {
    this.drivers = drivers;
    this.inventory = inventory;
    this.pool = pool;
    this.policy = policy;
    this.config = config;
  }

  public Uni<List<ManageableSnapshot>> list(Caller caller, Query query) {
    policy.authorize(caller, Rule.MANAGEABLE_SNAPSHOTS_LIST);
    List<Uni<List<ManageableSnapshot>>> perBackend =
        backends(query.host()).stream().map(this::entries).toList();
    if (perBackend.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return Uni.join()
        .all(perBackend)
        .andFailFast()
        .map(lists -> page(lists.stream().flatMap(List::stream).toList(), query));
  }

  /** The backends the host names, all without one; a host that names none is bad input. */
  private List<ShareDriver> backends(String host) {
    if (host == null) {
      return List.copyOf(drivers.all());
    }
    List<ShareDriver> out =
        drivers.all().stream()
            .filter(d -> host.equals(hostOf(d)) || host.equals(poolOf(d)))
            .toList();
    if (out.isEmpty()) {
      throw ApiException.badRequest(
          "Invalid input received: host '" + host + "' names no backend of this service.");
    }
    return out;
  }

  private String hostOf(ShareDriver d) {
    return config.host() + "@" + d.backendName();
  }

  private String poolOf(ShareDriver d) {
    return hostOf(d) + "#" + DriverRegistry.pool();
  }

  private Uni<List<ManageableSnapshot>> entries(ShareDriver d) {
    return d.listSnapshots()
        .onFailure(DriverException.class)
        .transform(
            e ->
                new ApiException(
                    503,
                    "Backend " + d.backendName() + " cannot list its snapshots: " + e.getMessage()))
        .chain(found -> match(d, found));
  }

  private Uni<List<ManageableSnapshot>> match(ShareDriver d, List<BackendSnapshot> found) {
    if (found.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    List<String> refs = found.stream().map(BackendSnapshot::reference).toList();
    List<String> shares =
        found.stream().map(BackendSnapshot::shareReference).filter(Objects::nonNull).toList();
    return Uni.combine()
        .all()
        .unis(
            inventory.snapshots(pool, d.backendName(), refs),
            inventory.shares(pool, d.backendName(), shares))
        .asTuple()
        .map(
            t -> found.stream().map(b -> entry(poolOf(d), b, t.getItem1(), t.getItem2())).toList());
  }

  /** Not safe, in this order: already managed, the backend's own reason, share not managed. */
  private static ManageableSnapshot entry(
      String host, BackendSnapshot b, Map<String, UUID> managed, Set<String> managedShares) {
    UUID id = managed.get(b.reference());
    String reason =
        id != null
            ? ManageableSnapshot.ALREADY_MANAGED
            : b.unsafeReason() != null
                ? b.unsafeReason()
                : b.shareReference() != null && !managedShares.contains(b.shareReference())
                    ? ManageableSnapshot.SHARE_NOT_MANAGED
                    : null;
    return new ManageableSnapshot(
        b.reference(),
        b.sizeGiB(),
        reason == null,
        reason,
        b.shareReference(),
        id,
        host,
        b.createdAt());
  }

  /** Sorted, then from after the marker, skipping {@code offset}, at most {@code limit}. */
  private static List<ManageableSnapshot> page(List<ManageableSnapshot> all, Query q) {
    List<ManageableSnapshot> sorted = new ArrayList<>(all);
    sorted.sort(order(q));
    int start = 0;
    if (q.marker() != null) {
      int at = -1;
      for (int i = 0; i < sorted.size() && at < 0; i++) {
        at = sorted.get(i).reference().equals(q.marker()) ? i : -1;
      }
      if (at < 0) {
        throw ApiException.badRequest("Invalid input received: marker not found: " + q.marker());
      }
      start = at + 1;
    }
    start = (int) Math.min(sorted.size(), (long) start + q.offset());
    int end =
        q.limit() == null ? sorted.size() : (int) Math.min(sorted.size(), (long) start + q.limit());
    return List.copyOf(sorted.subList(start, end));
  }

  /** The requested order, then reference and host, so that pages are stable. */
  private static Comparator<ManageableSnapshot> order(Query q) {
    Comparator<ManageableSnapshot> c = (a, b) -> 0;
    for (int i = 0; i < q.sortKeys().size(); i++) {
      Comparator<ManageableSnapshot> key =
          switch (q.sortKeys().get(i)) {
            case REFERENCE -> Comparator.comparing(ManageableSnapshot::reference);
            case SIZE -> Comparator.comparingInt(ManageableSnapshot::size);
          };
      c = c.thenComparing(q.ascending().get(i) ? key : key.reversed());
    }
    return c.thenComparing(ManageableSnapshot::reference).thenComparing(ManageableSnapshot::host);
  }
}
