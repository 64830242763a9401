package dev.sharesnap.task;

import dev.sharesnap.domain.AccessRule;
import dev.sharesnap.domain.IpNetwork;
import dev.sharesnap.domain.Share;
import dev.sharesnap.domain.Snapshot;
import dev.sharesnap.driver.AccessGrant;
import dev.sharesnap.driver.ClientAccess;
import dev.sharesnap.driver.DriverException;
import dev.sharesnap.driver.DriverRegistry;
import dev.sharesnap.driver.ExportIdRange;
import dev.sharesnap.driver.ExportTarget;
import dev.sharesnap.driver.ShareDriver;
import dev.sharesnap.driver.ShareRef;
import dev.sharesnap.driver.SnapshotRef;
import dev.sharesnap.persistence.AccessRuleRepository;
import dev.sharesnap.persistence.ExportIdRepository;
import dev.sharesnap.persistence.ShareRepository;
import dev.sharesnap.persistence.SnapshotRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Applies the access rules of a share or snapshot to its export. Every run sends the backend the
 * whole current set (rules queued_to_apply or active; denied ones left out), so runs are idempotent
 * and any later run repairs an earlier one. Runs for one resource are serialized by an advisory
 * lock held for the transaction that reads the rules, calls the driver (milliseconds: one D-Bus
 * call; a few Ceph manager calls per rule for CephFS) and records the outcome: two workers cannot
 * apply stale sets in the wrong order.
 */
@ApplicationScoped
public class AccessTaskHandler implements TaskHandler {

  private static final Logger LOG = Logger.getLogger(AccessTaskHandler.class);

  private final Pool pool;
  private final ShareRepository shares;
  private final SnapshotRepository snapshots;
  private final AccessRuleRepository rules;
  private final ExportIdRepository exportIds;
  private final DriverRegistry drivers;
  private final TaskQueue queue;

  public AccessTaskHandler(
      Pool pool,
      ShareRepository shares,
      SnapshotRepository snapshots,
      AccessRuleRepository rules,
      ExportIdRepository exportIds,
      DriverRegistry drivers,
      TaskQueue queue) {
    this.pool = pool;
    this.shares = shares;
    this.snapshots = snapshots;
    this.rules = rules;
    this.exportIds = exportIds;
    this.drivers = drivers;
    this.queue = queue;
  }

  @Override
  public Set<TaskKind> kinds() {
    return EnumSet.of(TaskKind.SHARE_ACCESS, TaskKind.SNAPSHOT_ACCESS);
  }

  /** The share, and the snapshot for snapshot rules; null when either is gone. */
  private record Subject(Share share, Snapshot snapshot) {}

  @Override
  public Uni<Void> run(Task task) {
    return pool.withTransaction(
        tx ->
            lock(tx, task.resourceId())
                .chain(() -> subject(tx, task))
                .chain(s -> s == null ? queue.complete(tx, task) : apply(tx, task, s)));
  }

  private static Uni<Void> lock(SqlClient tx, UUID resourceId) {
    return tx.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
        .execute(Tuple.of("access:" + resourceId))
        .replaceWithVoid();
  }

  private Uni<Subject> subject(SqlClient tx, Task task) {
    if (task.kind() == TaskKind.SHARE_ACCESS) {
      return shares
          .findById(tx, task.resourceId())
          .map(share -> share == null ? null : new Subject(share, null));
    }
    return snapshots
        .findById(tx, task.resourceId())
        .chain(
            snap ->
                snap == null
                    ? Uni.createFrom().nullItem()
                    : shares
                        .findById(tx, snap.shareId())
                        .map(share -> share == null ? null : new Subject(share, snap)));
  }

  private Uni<Void> apply(SqlClient tx, Task task, Subject s) {
    ShareDriver driver = drivers.forHost(s.share().host());
    ExportIdRange range = driver.exportIds();
    if (range == null && s.snapshot() == null && !driver.shareAccessTypes().isEmpty()) {
      return applyClientAccess(tx, task, s.share(), driver);
    }
    if (range == null) {
      throw DriverException.permanent(driver.backendName() + " does not serve access rules.");
    }
    UUID resource = task.resourceId();
    return (s.snapshot() == null ? rules.ofShare(tx, resource) : rules.ofSnapshot(tx, resource))
        .chain(
            all ->
                exportIds
                    .assign(tx, driver.backendName(), resource, range.first(), range.last())
                    .invoke(id -> requireId(id, range))
                    .chain(id -> driver.updateAccess(target(id, s), exportGrants(all)))
                    .chain(() -> recordApplied(tx, all))
                    .chain(() -> queue.complete(tx, task))
                    .invoke(
                        () ->
                            LOG.infof(
                                "%s %s: access rules applied, %d granted (task %d, %s)",
                                s.snapshot() == null ? "share" : "snapshot",
                                resource,
                                exportGrants(all).size(),
                                task.id(),
                                task.requestId())));
  }

  private static void requireId(Integer id, ExportIdRange range) {
    if (id == null) {
      throw DriverException.permanent(
          "No free export id left in " + range.first() + "-" + range.last() + ".");
    }
  }

  static ExportTarget target(int exportId, Share share, Snapshot snap) {
    ShareRef ref = new ShareRef(share.id(), share.size());
    return new ExportTarget(
        exportId,
        ref,
        snap == null ? null : new SnapshotRef(snap.id(), ref, snap.providerLocation()));
  }

  private static ExportTarget target(int exportId, Subject s) {
    return target(exportId, s.share(), s.snapshot());
  }

  private static List<AccessGrant> exportGrants(List<AccessRule> all) {
    return all.stream()
        .filter(r -> AccessRule.GRANTED.contains(r.state()))
        .map(r -> new AccessGrant(IpNetwork.canonical(r.accessTo(), true), r.readOnly()))
        .toList();
  }

  private static List<AccessGrant> clientGrants(List<AccessRule> all) {
    return all.stream()
        .filter(r -> AccessRule.GRANTED.contains(r.state()))
        .map(r -> new AccessGrant(r.accessTo(), r.readOnly()))
        .toList();
  }

  /**
   * A backend without exports (CephFS) admits the share's clients by their own ids: the whole set
   * goes to the driver, each rule then records its key (active) or the backend's refusal (error),
   * and denied rules are dropped. The lock is held over a few manager calls per rule.
   */
  private Uni<Void> applyClientAccess(SqlClient tx, Task task, Share share, ShareDriver driver) {
    ShareRef ref = new ShareRef(share.id(), share.size());
    return rules
        .ofShare(tx, share.id())
        .chain(
            all ->
                driver
                    .updateClientAccess(ref, share.projectId(), clientGrants(all))
                    .chain(outcomes -> recordOutcomes(tx, share, all, outcomes))
                    .chain(() -> rules.deleteDenied(tx, all.stream().map(AccessRule::id).toList()))
                    .chain(() -> queue.complete(tx, task))
                    .invoke(
                        () ->
                            LOG.infof(
                                "share %s: client access applied, %d granted (task %d, %s)",
                                share.id(),
                                clientGrants(all).size(),
                                task.id(),
                                task.requestId())));
  }

  private Uni<Void> recordOutcomes(
      SqlClient tx, Share share, List<AccessRule> all, List<ClientAccess> outcomes) {
    Map<String, UUID> byClient = new HashMap<>();
    all.stream()
        .filter(r -> AccessRule.GRANTED.contains(r.state()))
        .forEach(r -> byClient.put(r.accessTo(), r.id()));
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (ClientAccess outcome : outcomes) {
      UUID id = byClient.get(outcome.accessTo());
      if (id == null) {
        continue;
      }
      chain = chain.chain(() -> recordOutcome(tx, share, id, outcome));
    }
    return chain;
  }

  private Uni<Void> recordOutcome(SqlClient tx, Share share, UUID rule, ClientAccess outcome) {
    if (outcome.isGranted()) {
      return rules.activate(tx, rule, outcome.accessKey()).replaceWithVoid();
    }
    LOG.warnf("share %s: access rule %s in error: %s", share.id(), rule, outcome.error());
    return rules
        .transition(tx, List.of(rule), AccessRule.GRANTED, AccessRule.ERROR)
        .replaceWithVoid();
  }

  private Uni<Void> recordApplied(SqlClient tx, List<AccessRule> all) {
    List<UUID> ids = all.stream().map(AccessRule::id).toList();
    return rules
        .transition(tx, ids, List.of(AccessRule.QUEUED_TO_APPLY), AccessRule.ACTIVE)
        .chain(() -> rules.deleteDenied(tx, ids));
  }

  /**
   * Removes the export of a share or snapshot about to be deleted or unmanaged, then frees its id:
   * Ganesha must not keep serving a directory that goes away, nor an id that is given again. On a
   * backend without exports every client id loses its caps on the share (a cephx id would keep them
   * for a path that is gone, and get them back on a new share at that path). Nothing to do when it
   * never had one; a retry after the removal finds the id freed.
   */
  public Uni<Void> removeExport(ShareDriver driver, ShareRef share, SnapshotRef snapshot) {
    if (driver.exportIds() == null) {
      return snapshot == null && !driver.shareAccessTypes().isEmpty()
          ? driver.updateClientAccess(share, null, List.of()).replaceWithVoid()
          : Uni.createFrom().voidItem();
    }
    UUID resource = snapshot == null ? share.id() : snapshot.id();
    return exportIds
        .find(pool, driver.backendName(), resource)
        .chain(
            id ->
                id == null
                    ? Uni.createFrom().voidItem()
                    : driver
                        .updateAccess(new ExportTarget(id, share, snapshot), List.of())
                        .chain(() -> exportIds.release(pool, driver.backendName(), resource)));
  }

  /** Rules still waiting end in error, as Manila's share manager leaves them. */
  @Override
  public Uni<Void> giveUp(Task task, Throwable cause) {
    String reason = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    LOG.warnf(
        "%s: %s failed for good (task %d, %s): %s",
        task.resourceId(), task.kind().key(), task.id(), task.requestId(), reason);
    return pool.withTransaction(
        tx ->
            lock(tx, task.resourceId())
                .chain(
                    () ->
                        task.kind() == TaskKind.SHARE_ACCESS
                            ? rules.ofShare(tx, task.resourceId())
                            : rules.ofSnapshot(tx, task.resourceId()))
                .chain(
                    all ->
                        rules.transition(
                            tx,
                            all.stream().map(AccessRule::id).toList(),
                            List.of(AccessRule.QUEUED_TO_APPLY, AccessRule.QUEUED_TO_DENY),
                            AccessRule.ERROR))
                .chain(() -> queue.complete(tx, task)));
  }
}
