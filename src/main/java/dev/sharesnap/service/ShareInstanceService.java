package dev.sharesnap.service;

import dev.sharesnap.domain.ApiException;
import dev.sharesnap.domain.Share;
import dev.sharesnap.identity.Caller;
import dev.sharesnap.persistence.ShareRepository;
import dev.sharesnap.policy.PolicyEnforcer;
import dev.sharesnap.policy.Rule;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * Manila's admin share-instances API (2.3+). sharesnap has no replication or migration, so every
 * share has exactly one instance, which shares the share's id and row (as snapshot instances do,
 * see {@link SnapshotInstanceService}); snapshot instances name it as their share_instance_id.
 */
@ApplicationScoped
public class ShareInstanceService {

  private final Pool pool;
  private final ShareRepository shares;
  private final PolicyEnforcer policy;

  public ShareInstanceService(Pool pool, ShareRepository shares, PolicyEnforcer policy) {
    this.pool = pool;
    this.shares = shares;
    this.policy = policy;
  }

  /** Every share's instance, oldest share last (the share list's order). */
  public Uni<List<Share>> list(Caller caller) {
    policy.authorize(caller, Rule.SHARE_INSTANCE_INDEX);
    return shares.list(pool, null, null, null, null, null, null, 0);
  }

  /** {@code GET /shares/{id}/instances}: the share's one instance; an unknown share is a 404. */
  public Uni<List<Share>> ofShare(Caller caller, String shareId) {
    policy.authorize(caller, Rule.SHARE_INSTANCE_INDEX);
    return find(shareId, ApiException.notFound()).map(List::of);
  }

  public Uni<Share> show(Caller caller, String id) {
    policy.authorize(caller, Rule.SHARE_INSTANCE_SHOW);
    return find(id, notFound(id));
  }

  /** The instance whose export locations are read (share_instance_export_location:index). */
  public Uni<Share> withExportLocations(Caller caller, String id) {
    policy.authorize(caller, Rule.SHARE_INSTANCE_EXPORT_LOCATION_INDEX);
    return find(id, notFound(id));
  }

  private Uni<Share> find(String id, ApiException notFound) {
    UUID uuid = Ids.parse(id, notFound);
    return shares.findById(pool, uuid).onItem().ifNull().failWith(() -> notFound);
  }

  private static ApiException notFound(String id) {
    return ApiException.notFound("Share instance " + id + " could not be found.");
  }
}
