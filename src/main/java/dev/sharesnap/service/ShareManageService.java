package dev.sharesnap.service;

import dev.sharesnap.domain.ApiException;
import dev.sharesnap.domain.Share;
import dev.sharesnap.domain.ShareStatus;
import dev.sharesnap.domain.ShareType;
import dev.sharesnap.driver.DriverRegistry;
import dev.sharesnap.driver.ShareDriver;
import dev.sharesnap.identity.Caller;
import dev.sharesnap.persistence.Clock;
import dev.sharesnap.persistence.ShareRepository;
import dev.sharesnap.persistence.SnapshotRepository;
import dev.sharesnap.policy.PolicyEnforcer;
import dev.sharesnap.policy.Rule;
import dev.sharesnap.task.TaskKind;
import dev.sharesnap.task.TaskQueue;
import dev.sharesnap.task.TaskWorker;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Share manage (adopt a share that exists on a backend) and unmanage (forget a share, keeping its
 * data), as Manila's share API: the request checks what it can at once (backend, share type,
 * duplicates, state, snapshots), commits the share's new status with a {@code share.manage} or
 * {@code share.unmanage} task, and the task asks the driver.
 */
@ApplicationScoped
public class ShareManageService {

  private static final Logger LOG = Logger.getLogger(ShareManageService.class);

  private final Pool pool;
  private final ShareRepository shares;
  private final SnapshotRepository snapshots;
  private final ShareTypeService types;
  private final DriverRegistry drivers;
  private final TaskQueue tasks;
  private final TaskWorker worker;
  private final PolicyEnforcer policy;

  public ShareManageService(
      Pool pool,
      ShareRepository shares,
      SnapshotRepository snapshots,
      ShareTypeService types,
      DriverRegistry drivers,
      TaskQueue tasks,
      TaskWorker worker,
      PolicyEnforcer policy) {
    this.pool = pool;
    this.shares = shares;
    this.snapshots = snapshots;
    this.types = types;
    this.drivers = drivers;
    this.tasks = tasks;
    this.worker = worker;
    this.policy = policy;
  }

  /** A manage request as the edge validated it; {@code protocol} is upper-case. */
  public record ManagedShareRequest(
      String exportPath,
      String serviceHost,
      String protocol,
      String shareType,
      String name,
      String description,
      boolean isPublic,
      String shareServerId) {}

  /** Creates the share in manage_starting with its task; answers it (Manila's 200). */
  public Uni<Share> manage(Caller caller, Supplier<ManagedShareRequest> request, String rid) {
    policy.authorize(caller, Rule.SHARE_MANAGE);
    ManagedShareRequest req = request.get();
    ShareDriver driver = backend(req.serviceHost());
    return types
        .resolve(caller, req.shareType())
        .invoke(type -> checkShareServer(type, req.shareServerId()))
        .invoke(
            type -> {
              if (!driver.managesShares()) {
                throw ApiException.invalidInput(
                    "No valid host was found: backend '"
                        + driver.backendName()
                        + "' cannot manage existing shares.");
              }
            })
        .map(type -> managedShare(caller, req, type))
        .chain(share -> insert(share, driver.shareNameOf(req.exportPath()), rid));
  }

  /**
   * The backend of {@code host@backend#pool}: without a pool 400, an unknown service 404, as
   * Manila's manage controller (the pool itself is the scheduler's check, so the task's).
   */
  private ShareDriver backend(String serviceHost) {
    int hash = serviceHost.indexOf('#');
    if (hash < 0 || hash == serviceHost.length() - 1) {
      throw ApiException.badRequest("service_host parameter should contain pool.");
    }
    String service = serviceHost.substring(0, hash);
    ShareDriver driver = drivers.forService(service);
    if (driver == null) {
      throw ApiException.notFound("Service " + service + " could not be found.");
    }
    return driver;
  }

  /** sharesnap has no share servers: only types without driver_handles_share_servers manage. */
  private static void checkShareServer(ShareType type, String shareServerId) {
    boolean dhss = type.capability("driver_handles_share_servers");
    if (dhss && shareServerId == null) {
      throw ApiException.invalidInput(
          "Share Server ID parameter is required when managing a share using a share type with"
              + " driver_handles_share_servers extra-spec set to True.");
    }
    if (dhss) {
      throw ApiException.invalidInput("Share Server specified was not found.");
    }
    if (shareServerId != null) {
      throw ApiException.invalidInput(
          "Share Server ID parameter is not expected when managing a share using a share type"
              + " with driver_handles_share_servers extra-spec set to False.");
    }
  }

  private static Share managedShare(Caller caller, ManagedShareRequest req, ShareType type) {
    return new Share(
        UUID.randomUUID(),
        caller.projectId(),
        caller.userId(),
        req.name(),
        req.description(),
        0, // known once the driver measured it
        req.protocol(),
        type.id(),
        type.name(),
        ShareStatus.MANAGE_STARTING,
        req.serviceHost(),
        null,
        req.isPublic(),
        type.capability("snapshot_support"),
        type.capability("create_share_from_snapshot_support"),
        type.capability("revert_to_snapshot_support"),
        type.capability("mount_snapshot_support"),
        req.exportPath(),
        Map.of(),
        Clock.now(),
        null,
        null,
        null,
        null);
  }

  /**
   * Inserts the share unless a share already has its export path on its host, or the backend name
   * the path points at is a managed share's id (the same share spelled differently): Manila's 409.
   */
  private Uni<Share> insert(Share share, String backendName, String rid) {
    UUID named = uuidOrNull(backendName);
    return pool.withTransaction(
            tx ->
                shares
                    .lockExportPath(tx, share.exportPath())
                    .chain(() -> shares.findManaged(tx, share.host(), share.exportPath(), named))
                    .invoke(ShareManageService::rejectManaged)
                    .chain(() -> shares.insert(tx, share))
                    .chain(() -> shares.setExportPath(tx, share.id(), share.exportPath()))
                    .chain(() -> tasks.enqueue(tx, TaskKind.SHARE_MANAGE, share.id(), rid)))
        .replaceWith(share)
        .invoke(
            () -> {
              LOG.infof(
                  "share %s: manage_starting from %s (%s)", share.id(), share.exportPath(), rid);
              worker.wake();
            });
  }

  private static void rejectManaged(UUID existing) {
    if (existing != null) {
      LOG.infof("share manage refused: share %s already has that export path", existing);
      throw ApiException.conflict(
          "Invalid share: A share already exists with the export path specified.");
    }
  }

  private static UUID uuidOrNull(String raw) {
    try {
      return raw == null ? null : UUID.fromString(raw);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * Moves the share to unmanage_starting (manage_error_unmanage_starting from manage_error) with
   * its task; Manila's 403s for a transitional status and for dependent snapshots. The share row is
   * locked first, as share delete does, so no snapshot can appear meanwhile.
   */
  public Uni<Void> unmanage(Caller caller, String id, String rid) {
    policy.authorize(caller, Rule.SHARE_UNMANAGE);
    UUID uuid = Ids.parse(id, ApiException.notFound());
    return pool.withTransaction(
            tx ->
                shares
                    .lock(tx, uuid)
                    .map(s -> existing(caller, s))
                    .invoke(ShareManageService::rejectTransitional)
                    .call(s -> rejectDependentSnapshots(tx, s))
                    .call(s -> startUnmanaging(tx, s))
                    .call(s -> tasks.enqueue(tx, TaskKind.SHARE_UNMANAGE, s.id(), rid)))
        .invoke(
            s -> {
              LOG.infof("share %s: unmanaging (%s)", s.id(), rid);
              worker.wake();
            })
        .replaceWithVoid();
  }

  /** Another project's share does not exist for a caller a policy.yaml lets unmanage. */
  private static Share existing(Caller caller, Share s) {
    if (s == null || !caller.isAdmin() && !caller.projectId().equals(s.projectId())) {
      throw ApiException.notFound();
    }
    return s;
  }

  private static void rejectTransitional(Share s) {
    if (ShareStatus.TRANSITIONAL.contains(s.status())) {
      throw ApiException.forbidden(
          "Share with transitional state can not be unmanaged. Share '"
              + s.id()
              + "' is in '"
              + s.status()
              + "' state.");
    }
  }

  private Uni<Integer> rejectDependentSnapshots(SqlClient tx, Share s) {
    return snapshots
        .countForShare(tx, s.id())
        .invoke(
            n -> {
              if (n > 0) {
                throw ApiException.forbidden(
                    "Share '"
                        + s.id()
                        + "' can not be unmanaged because it has '"
                        + n
                        + "' dependent snapshot(s).");
              }
            });
  }

  private Uni<Boolean> startUnmanaging(SqlClient tx, Share s) {
    String target =
        ShareStatus.MANAGE_ERROR.equals(s.status())
            ? ShareStatus.MANAGE_ERROR_UNMANAGE_STARTING
            : ShareStatus.UNMANAGE_STARTING;
    return shares.setStatus(tx, s.id(), target);
  }
}
