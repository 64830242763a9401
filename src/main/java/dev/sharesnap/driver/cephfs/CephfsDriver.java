package dev.sharesnap.driver.cephfs;

import static dev.sharesnap.driver.cephfs.CephErrors.EAGAIN;
import static dev.sharesnap.driver.cephfs.CephErrors.EEXIST;
import static dev.sharesnap.driver.cephfs.CephErrors.ENOENT;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharesnap.config.CephfsConfig;
import dev.sharesnap.driver.AccessGrant;
import dev.sharesnap.driver.BackendSnapshot;
import dev.sharesnap.driver.Capacity;
import dev.sharesnap.driver.ClientAccess;
import dev.sharesnap.driver.DriverException;
import dev.sharesnap.driver.ExportIdRange;
import dev.sharesnap.driver.ExportTarget;
import dev.sharesnap.driver.ShareDriver;
import dev.sharesnap.driver.ShareRef;
import dev.sharesnap.driver.ShareResult;
import dev.sharesnap.driver.SnapshotRef;
import dev.sharesnap.driver.SnapshotResult;
import dev.sharesnap.driver.SnapshotState;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * CephFS backend, as Manila's CephFS driver: a share is a subvolume named after the share id in one
 * volume and subvolume group, a snapshot is a subvolume snapshot named after the snapshot id (its
 * provider_location), a share from a snapshot is a subvolume clone. Everything goes through the
 * manager's {@code volumes} module, one command at a time through {@link CephCommandChannel}. Ceph
 * makes most calls idempotent itself (a forced delete of what is gone succeeds); where it answers
 * EEXIST or ENOENT the driver checks what is there and succeeds. Clones copy asynchronously on the
 * Ceph side: the driver polls {@code fs clone status} within the same call, pausing on timers,
 * never holding a thread while it waits. Clients get access by cephx id ({@link CephfsAccess}), or,
 * with {@code protocol = nfs}, by IP through NFS-Ganesha exports of the subvolumes ({@link
 * CephfsNfsExports}). Revert to snapshot is not offered (Manila's CephFS driver has none either).
 */
@ApplicationScoped
public class CephfsDriver implements ShareDriver {

  private static final Logger LOG = Logger.getLogger(CephfsDriver.class);
  private static final long GIB = 1L << 30;

  /** Names Ceph accepts for a snapshot and sharesnap can show as provider_location. */
  private static final Pattern LOCATION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");

  private final CephfsConfig config;
  private final CephCommandChannel ceph;
  private final CephfsClones clones;
  private final CephfsExports exports;
  private final CephfsSnapshotList inventory;
  private final CephfsAccess access;

  /** The NFS mode's exports; null in native CEPHFS mode. */
  private final CephfsNfsExports nfs;

  public CephfsDriver(CephfsConfig config) {
    this.config = config;
    this.ceph = new CephCommandChannel(config);
    this.clones = new CephfsClones(config, ceph);
    this.exports = new CephfsExports(config, ceph);
    this.inventory = new CephfsSnapshotList(config, ceph);
    this.access = new CephfsAccess(config, ceph);
    this.nfs =
        config.protocol() == CephfsConfig.Protocol.NFS
            ? new CephfsNfsExports(config, ceph, exports)
            : null;
  }

  @PreDestroy
  void close() {
    if (nfs != null) {
      nfs.close();
    }
    ceph.close();
  }

  @Override
  public boolean enabled() {
    return config.enabled();
  }

  /** One protocol per backend, as Manila's CephFS driver: native CEPHFS, or NFS. */
  @Override
  public Set<String> protocols() {
    return Set.of(nfs == null ? "CEPHFS" : "NFS");
  }

  /** Native access by cephx id ({@link CephfsAccess}); by IP in NFS mode (its exports). */
  @Override
  public Set<String> shareAccessTypes() {
    return Set.of(nfs == null ? "cephx" : "ip");
  }

  /** Ganesha export ids in NFS mode; none natively (no exports). */
  @Override
  public ExportIdRange exportIds() {
    return nfs == null ? null : nfs.exportIds();
  }

  /**
   * NFS mode: the share's Ganesha export admits exactly {@code grants} ({@link CephfsNfsExports}).
   */
  @Override
  public Uni<Void> updateAccess(ExportTarget target, List<AccessGrant> grants) {
    return nfs == null
        ? ShareDriver.super.updateAccess(target, grants)
        : Uni.createFrom().deferred(() -> nfs.update(target, grants));
  }

  @Override
  public Uni<List<ClientAccess>> updateClientAccess(
      ShareRef share, String projectId, List<AccessGrant> grants) {
    return Uni.createFrom().deferred(() -> access.update(share, projectId, grants));
  }

  @Override
  public String backendName() {
    return config.backendName();
  }

  @Override
  public int taskConcurrency() {
    return config.taskConcurrency();
  }

  /** Volume and group holding the shares (tests look at them with the ceph CLI). */
  public String volumeName() {
    return config.volumeName();
  }

  public String subvolumeGroup() {
    return config.subvolumeGroup();
  }

  /**
   * The manager answers a read-only command within the command timeout (every share call goes to
   * it).
   */
  @Override
  public Uni<Void> checkHealth() {
    return ceph.mgr(CephCommand.of("fs volume ls")).replaceWithVoid();
  }

  /**
   * The cluster's raw space, as {@code ceph df} reports it (stats.total_bytes and
   * total_avail_bytes, before replication); unknown, with a WARN line, when the monitors cannot be
   * asked.
   */
  @Override
  public Uni<Capacity> capacity() {
    return ceph.mon(CephCommand.of("df"))
        .map(
            reply -> {
              JsonNode stats = CephCommandChannel.json(reply).path("stats");
              return stats.has("total_bytes") && stats.has("total_avail_bytes")
                  ? new Capacity(
                      stats.get("total_bytes").asLong(), stats.get("total_avail_bytes").asLong())
                  : Capacity.unknown();
            })
        .onFailure()
        .recoverWithItem(
            e -> {
              LOG.warnf("capacity of CephFS backend %s unknown: %s", backendName(), e.getMessage());
              return Capacity.unknown();
            });
  }

  @Override
  public Uni<ShareResult> createShare(ShareRef share) {
    CephCommand create =
        subvolume("fs subvolume create", share.id())
            .with("size", share.sizeGiB() * GIB)
            .with("namespace_isolated", true)
            .with("mode", "755");
    return exports.ensureGroup().chain(() -> ceph.mgr(create)).chain(() -> location(share.id()));
  }

  @Override
  public Uni<ShareResult> createShareFromSnapshot(ShareRef share, SnapshotRef snapshot) {
    return Uni.createFrom().deferred(() -> cloneShare(share, snapshot));
  }

  private Uni<ShareResult> cloneShare(ShareRef share, SnapshotRef snapshot) {
    CephCommand clone =
        subvolume("fs subvolume snapshot clone", snapshot.share().id())
            .with("snap_name", location(snapshot))
            .with("target_sub_name", share.id().toString())
            .with("target_group_name", config.subvolumeGroup());
    // EEXIST: a retry finds the clone it started; polling its status tells how far it got
    return exports
        .ensureGroup()
        .chain(() -> ceph.mgr(clone, EEXIST))
        .chain(() -> clones.awaitComplete(share.id()))
        .chain(
            () ->
                share.sizeGiB() > snapshot.share().sizeGiB()
                    ? resize(share)
                    : Uni.createFrom().voidItem())
        .chain(() -> location(share.id()));
  }

  /** The export location: monitors and path natively, {@code host:path} in NFS mode. */
  private Uni<ShareResult> location(UUID share) {
    return nfs == null
        ? exports.of(share)
        : exports.path(share).map(path -> new ShareResult(nfs.location(path)));
  }

  private Uni<Void> resize(ShareRef share) {
    CephCommand resize =
        subvolume("fs subvolume resize", share.id())
            .with("new_size", share.sizeGiB() * GIB)
            .with("no_shrink", true);
    return ceph.mgr(resize).replaceWithVoid();
  }

  @Override
  public Uni<Void> deleteShare(ShareRef share) {
    CephCommand rm = subvolume("fs subvolume rm", share.id()).with("force", true);
    // EAGAIN: a clone still copying must be canceled before its subvolume can go (Manila does the
    // same)
    return ceph.mgr(rm, ENOENT, EAGAIN)
        .chain(
            reply ->
                reply.errno() == EAGAIN
                    ? clones.cancel(share.id()).chain(() -> ceph.mgr(rm, ENOENT))
                    : Uni.createFrom().item(reply))
        .replaceWithVoid();
  }

  @Override
  public Uni<SnapshotResult> createSnapshot(SnapshotRef snapshot) {
    UUID share = snapshot.share().id();
    String name = snapshot.id().toString();
    SnapshotResult result = new SnapshotResult(name, snapshot.share().sizeGiB());
    // Pacific answers a repeated create with success; an EEXIST (other releases) is checked, not
    // trusted
    return ceph.mgr(snapshotCommand("fs subvolume snapshot create", share, name), EEXIST)
        .chain(
            reply ->
                reply.ok()
                    ? Uni.createFrom().item(result)
                    : snapshotInfo(share, name).replaceWith(result));
  }

  @Override
  public Uni<Void> deleteSnapshot(SnapshotRef snapshot) {
    return Uni.createFrom().deferred(() -> removeSnapshot(snapshot));
  }

  private Uni<Void> removeSnapshot(SnapshotRef snapshot) {
    // a snapshot whose creation never recorded its location still has the name derived from its id
    String name =
        snapshot.providerLocation() == null ? snapshot.id().toString() : location(snapshot);
    CephCommand rm =
        snapshotCommand("fs subvolume snapshot rm", snapshot.share().id(), name)
            .with("force", true);
    return ceph.mgr(rm, ENOENT).replaceWithVoid();
  }

  @Override
  public Uni<SnapshotResult> manageSnapshot(SnapshotRef snapshot) {
    return Uni.createFrom().deferred(() -> manage(snapshot));
  }

  private Uni<SnapshotResult> manage(SnapshotRef snapshot) {
    String name = location(snapshot);
    UUID share = snapshot.share().id();
    return snapshotInfo(share, name)
        .chain(
            info ->
                info.has("size")
                    ? Uni.createFrom().item(info.get("size").asLong())
                    : bytesUsed(share))
        .map(bytes -> new SnapshotResult(name, (int) Math.max(1, (bytes + GIB - 1) / GIB)));
  }

  /**
   * {@code fs subvolume snapshot info}: ENOENT (snapshot or subvolume gone) is MISSING. The size is
   * the share's size at snapshot time unless the data is larger, as for NFS; Pacific's answer has
   * no size, and then the recorded size stands.
   */
  @Override
  public Uni<SnapshotState> inspectSnapshot(SnapshotRef snapshot) {
    return Uni.createFrom().deferred(() -> inspect(snapshot));
  }

  private Uni<SnapshotState> inspect(SnapshotRef snapshot) {
    String name =
        snapshot.providerLocation() == null ? snapshot.id().toString() : location(snapshot);
    return ceph.mgr(
            snapshotCommand("fs subvolume snapshot info", snapshot.share().id(), name), ENOENT)
        .map(
            reply -> {
              if (!reply.ok()) {
                return SnapshotState.missing();
              }
              JsonNode info = CephCommandChannel.json(reply);
              Integer size =
                  info.has("size")
                      ? (int)
                          Math.max(
                              snapshot.share().sizeGiB(),
                              (info.get("size").asLong() + GIB - 1) / GIB)
                      : null;
              return SnapshotState.present(size, name);
            });
  }

  /** Every subvolume snapshot in the group ({@link CephfsSnapshotList}). */
  @Override
  public Uni<List<BackendSnapshot>> listSnapshots() {
    return Uni.createFrom().deferred(inventory::list);
  }

  /**
   * Snapshot info; fails permanently when the snapshot or its subvolume is missing. Pacific's
   * answer has no size (later releases add one), so manage falls back to the subvolume's used
   * bytes.
   */
  private Uni<JsonNode> snapshotInfo(UUID share, String name) {
    return ceph.mgr(snapshotCommand("fs subvolume snapshot info", share, name), ENOENT)
        .map(
            reply -> {
              if (!reply.ok()) {
                throw DriverException.permanent(
                    "Snapshot '"
                        + name
                        + "' was not found in subvolume "
                        + share
                        + " of CephFS volume "
                        + config.volumeName()
                        + ": "
                        + reply.status());
              }
              return CephCommandChannel.json(reply);
            });
  }

  private Uni<Long> bytesUsed(UUID share) {
    return ceph.mgr(subvolume("fs subvolume info", share))
        .map(reply -> CephCommandChannel.json(reply).path("bytes_used").asLong(0));
  }

  private CephCommand snapshotCommand(String prefix, UUID share, String name) {
    return subvolume(prefix, share).with("snap_name", name);
  }

  private CephCommand subvolume(String prefix, UUID share) {
    return CephCommand.subvolume(prefix, config, share.toString());
  }

  private static String location(SnapshotRef snapshot) {
    String loc = snapshot.providerLocation();
    if (loc == null || !LOCATION.matcher(loc).matches()) {
      throw DriverException.permanent(
          "Invalid provider_location '"
              + loc
              + "' for the CephFS backend: a"
              + " subvolume snapshot name of letters, digits, '.', '_' and '-'.");
    }
    return loc;
  }
}
