package dev.sharesnap.task;

import dev.sharesnap.domain.QuotaResource;
import dev.sharesnap.domain.Share;
import dev.sharesnap.domain.ShareStatus;
import dev.sharesnap.domain.UserMessage;
import dev.sharesnap.driver.DriverException;
import dev.sharesnap.driver.DriverRegistry;
import dev.sharesnap.driver.ManagedShare;
import dev.sharesnap.driver.ShareDriver;
import dev.sharesnap.driver.ShareRef;
import dev.sharesnap.persistence.MessageRepository;
import dev.sharesnap.persistence.QuotaRepository;
import dev.sharesnap.persistence.ShareRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Share manage and unmanage. Manage plays Manila's scheduler and share manager: the host's pool and
 * protocol must fit, the driver adopts the share named by the export path and reports its size and
 * export path, and the share becomes available and is charged to the quota (without a limit check,
 * as Manila commits a managed share's usage even over quota). Unmanage drops the share's export
 * (its access rules go with the row) but leaves its data, then forgets the share and gives its
 * quota back. Outcomes are recorded only while the share is still in the task's status.
 */
@ApplicationScoped
public class ShareManageTaskHandler implements TaskHandler {

  private static final Logger LOG = Logger.getLogger(ShareManageTaskHandler.class);

  private final Pool pool;
  private final ShareRepository shares;
  private final DriverRegistry drivers;
  private final TaskQueue queue;
  private final MessageRepository messages;
  private final QuotaRepository quotas;
  private final AccessTaskHandler access;

  public ShareManageTaskHandler(
      @TaskPool Pool pool,
      ShareRepository shares,
      DriverRegistry drivers,
      TaskQueue queue,
      MessageRepository messages,
      QuotaRepository quotas,
      AccessTaskHandler access) {
    this.pool = pool;
    this.shares = shares;
    this.drivers = drivers;
    this.queue = queue;
    this.messages = messages;
    this.quotas = quotas;
    this.access = access;
  }

  @Override
  public Set<TaskKind> kinds() {
    return EnumSet.of(TaskKind.SHARE_MANAGE, TaskKind.SHARE_UNMANAGE);
  }

  @Override
  public Uni<Void> run(Task task) {
    return shares
        .findById(pool, task.resourceId())
        .chain(
            s -> {
              if (s == null || !expected(task, s)) {
                return queue.complete(pool, task);
              }
              return task.kind() == TaskKind.SHARE_MANAGE ? manage(task, s) : unmanage(task, s);
            });
  }

  private Uni<Void> manage(Task task, Share share) {
    ShareDriver driver = placed(share);
    String name = driver.shareNameOf(share.exportPath());
    if (name == null) {
      throw DriverException.permanent(
          "Export path "
              + share.exportPath()
              + " is not a share of backend '"
              + driver.backendName()
              + "'.");
    }
    return driver
        .manageShare(new ShareRef(share.id(), share.size()), name)
        .chain(
            m ->
                pool.withTransaction(
                    tx ->
                        shares
                            .completeManage(
                                tx,
                                share.id(),
                                ShareStatus.AVAILABLE,
                                m.sizeGiB(),
                                m.exportPath(),
                                null)
                            .call(done -> done ? charge(tx, share, m) : Uni.createFrom().voidItem())
                            .chain(() -> queue.complete(tx, task))))
        .invoke(
            () ->
                LOG.infof(
                    "share %s: manage_starting -> available, adopted %s (task %d, %s)",
                    share.id(), name, task.id(), task.requestId()));
  }

  /**
   * The share's backend, as Manila's scheduler checks a manage request's host: the pool must be the
   * backend's and the backend must export the protocol, else "No valid host was found".
   */
  private ShareDriver placed(Share share) {
    ShareDriver driver = drivers.forHost(share.host());
    String pool = share.host().substring(share.host().indexOf('#') + 1);
    if (!DriverRegistry.pool().equals(pool)) {
      throw DriverException.permanent(
          "No valid host was found: backend '"
              + driver.backendName()
              + "' has no pool '"
              + pool
              + "'.");
    }
    if (!driver.protocols().contains(share.shareProto())) {
      throw DriverException.permanent(
          "No valid host was found: backend '"
              + driver.backendName()
              + "' does not export "
              + share.shareProto()
              + " shares.");
    }
    return driver;
  }

  /** Manila adds a managed share to usage once the backend accepted it, without a limit check. */
  private Uni<Void> charge(SqlClient tx, Share share, ManagedShare m) {
    return quotas.charge(
        tx,
        share.projectId(),
        share.id(),
        Map.of(QuotaResource.SHARES, 1, QuotaResource.GIGABYTES, m.sizeGiB()));
  }

  /**
   * The export goes (a share in manage_error never had one, and its backend is not asked), the data
   * stays; then the row and its quota charge go in one transaction.
   */
  private Uni<Void> unmanage(Task task, Share share) {
    Uni<Void> unexported =
        ShareStatus.UNMANAGE_STARTING.equals(share.status())
            ? access.removeExport(
                drivers.forHost(share.host()), new ShareRef(share.id(), share.size()), null)
            : Uni.createFrom().voidItem();
    return unexported
        .chain(
            () ->
                pool.withTransaction(
                    tx ->
                        shares
                            .deleteIfStatus(tx, share.id(), share.status())
                            .call(
                                gone ->
                                    gone
                                        ? quotas.release(tx, share.id())
                                        : Uni.createFrom().voidItem())
                            .chain(() -> queue.complete(tx, task))))
        .invoke(
            () ->
                LOG.infof(
                    "share %s: %s -> unmanaged, data kept (task %d, %s)",
                    share.id(), share.status(), task.id(), task.requestId()));
  }

  @Override
  public Uni<Void> giveUp(Task task, Throwable cause) {
    return ShareGiveUp.run(
        pool,
        shares,
        queue,
        LOG,
        task,
        cause,
        ShareManageTaskHandler::expected,
        this::recordFailure);
  }

  /** manage_error with size 0 (Manila's), or unmanage_error; with a user message either way. */
  private Uni<Void> recordFailure(SqlClient tx, Task task, Share s, String reason) {
    boolean manage = task.kind() == TaskKind.SHARE_MANAGE;
    Uni<Boolean> recorded =
        manage
            ? shares.completeManage(tx, s.id(), ShareStatus.MANAGE_ERROR, 0, null, reason)
            : shares.complete(tx, s.id(), s.status(), ShareStatus.UNMANAGE_ERROR, null, reason);
    UserMessage.Action action = manage ? UserMessage.Action.MANAGE : UserMessage.Action.UNMANAGE;
    return recorded.chain(
        () ->
            messages.error(
                tx, s.projectId(), task.requestId(), UserMessage.SHARE, s.id(), action, reason));
  }

  private static boolean expected(Task task, Share s) {
    return task.kind() == TaskKind.SHARE_MANAGE
        ? ShareStatus.MANAGE_STARTING.equals(s.status())
        : ShareStatus.UNMANAGE_STARTING.equals(s.status())
            || ShareStatus.MANAGE_ERROR_UNMANAGE_STARTING.equals(s.status());
  }
}
