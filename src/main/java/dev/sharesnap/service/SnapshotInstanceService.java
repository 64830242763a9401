package dev.sharesnap.service;

import dev.sharesnap.domain.ApiException;
import dev.sharesnap.domain.Snapshot;
import dev.sharesnap.identity.Caller;
import dev.sharesnap.persistence.SnapshotQuery;
import dev.sharesnap.persistence.SnapshotRepository;
import dev.sharesnap.policy.PolicyEnforcer;
import dev.sharesnap.policy.Rule;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Manila's admin snapshot-instances API (2.19+). sharesnap has no share replication or migration,
 * so every snapshot has exactly one instance, which shares the snapshot's id and row (its share
 * instance likewise shares the share's id).
 */
@ApplicationScoped
public class SnapshotInstanceService {

  private static final Logger LOG = Logger.getLogger(SnapshotInstanceService.class);

  private final Pool pool;
  private final SnapshotRepository snapshots;
  private final PolicyEnforcer policy;

  public SnapshotInstanceService(Pool pool, SnapshotRepository snapshots, PolicyEnforcer policy) {
    this.pool = pool;
    this.snapshots = snapshots;
    this.policy = policy;
  }

  /**
   * All instances, or those of {@code snapshotId} (any text: one that names no snapshot lists
   * none).
   */
  public Uni<List<Snapshot>> list(Caller caller, boolean detail, String snapshotId) {
    policy.authorize(caller, detail ? Rule.SNAPSHOT_INSTANCE_DETAIL : Rule.SNAPSHOT_INSTANCE_INDEX);
    UUID id = null;
    if (snapshotId != null) {
      id = MessageService.uuidOrNull(snapshotId);
      if (id == null) {
        return Uni.createFrom().item(List.of());
      }
    }
    SnapshotQuery q =
        new SnapshotQuery(
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            id,
            null,
            null,
            null,
            "created_at",
            false,
            null,
            0);
    return snapshots.list(pool, q);
  }

  public Uni<Snapshot> show(Caller caller, String id) {
    policy.authorize(caller, Rule.SNAPSHOT_INSTANCE_SHOW);
    return find(id);
  }

  /** reset_status: policy, then the body, then the lookup (Manila's admin-actions order). */
  public Uni<Void> resetStatus(Caller caller, String id, Supplier<String> status) {
    policy.authorize(caller, Rule.SNAPSHOT_INSTANCE_RESET_STATUS);
    String target = status.get();
    return find(id)
        .chain(s -> snapshots.setStatus(pool, s.id(), target))
        .onItem()
        .ifNull()
        .failWith(() -> notFound(id))
        .invoke(s -> LOG.infof("snapshot instance %s: status reset to %s", s.id(), target))
        .replaceWithVoid();
  }

  private Uni<Snapshot> find(String id) {
    UUID uuid = Ids.parse(id, notFound(id));
    return snapshots.findById(pool, uuid).onItem().ifNull().failWith(() -> notFound(id));
  }

  private static ApiException notFound(String id) {
    return ApiException.notFound("Snapshot instance " + id + " not found.");
  }
}
