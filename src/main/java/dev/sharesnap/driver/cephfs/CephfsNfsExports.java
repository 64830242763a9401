package dev.sharesnap.driver.cephfs;

import static dev.sharesnap.driver.cephfs.CephErrors.ENOENT;

import dev.sharesnap.config.CephfsConfig;
import dev.sharesnap.driver.AccessGrant;
import dev.sharesnap.driver.BlockingExecutor;
import dev.sharesnap.driver.DriverException;
import dev.sharesnap.driver.ExportIdRange;
import dev.sharesnap.driver.ExportTarget;
import dev.sharesnap.driver.ganesha.GaneshaExports;
import io.smallrye.mutiny.Uni;
import java.io.IOException;
import java.util.List;
import java.util.UUID;

/**
 * The NFS mode of the CephFS backend, as Manila's CephFS driver with its NFS protocol helper: a
 * share's subvolume is exported by NFS-Ganesha with FSAL CEPH, its Path and Pseudo both the
 * subvolume's path, so the export location reads {@code host:/volumes/<group>/<share>/<uuid>}. The
 * export exists while the share has IP rules (the CLIENT blocks, as for the NFS backend) and is
 * removed with the last one. Ganesha mounts each share as its own cephx id ({@code <prefix><share
 * id>}), authorized read-write on that subvolume only through the volumes module, its key written
 * into the export's FSAL block; the id is deauthorized when the export goes. Snapshots are not
 * exported on their own: clients read them in the share's {@code .snap} directory.
 */
final class CephfsNfsExports implements AutoCloseable {

  /** The tenant Ganesha's ids are recorded under in Ceph's auth metadata. */
  static final String GANESHA_TENANT = "sharesnap-ganesha";

  private final CephfsConfig config;
  private final CephfsConfig.Nfs nfs;
  private final CephCommandChannel ceph;
  private final CephfsExports exports;
  private final GaneshaExports ganesha;
  private final BlockingExecutor blocking;

  CephfsNfsExports(CephfsConfig config, CephCommandChannel ceph, CephfsExports exports) {
    this.config = config;
    this.nfs = config.nfs();
    this.ceph = ceph;
    this.exports = exports;
    this.ganesha = new GaneshaExports(nfs.dbusAddress(), nfs.exportsDir(), nfs.commandTimeout());
    // dbus-send children; the pool bounds them, the timeout covers a call and its process start
    this.blocking = new BlockingExecutor("cephfs-ganesha", 2, nfs.commandTimeout().plusSeconds(5));
  }

  ExportIdRange exportIds() {
    return new ExportIdRange(nfs.firstExportId(), nfs.lastExportId(), nfs.dbusAddress());
  }

  /** Where NFS clients mount the subvolume at {@code path}. */
  String location(String path) {
    return nfs.exportHost() + ":" + path;
  }

  /** Makes the share's export admit exactly {@code grants}; none removes it. */
  Uni<Void> update(ExportTarget target, List<AccessGrant> grants) {
    if (target.isSnapshot()) {
      return Uni.createFrom()
          .failure(
              DriverException.permanent(
                  "CephFS snapshots are not exported on their own; read them in the .snap"
                      + " directory of the share's NFS export."));
    }
    UUID share = target.share().id();
    if (grants.isEmpty()) {
      return ganesha(
              "remove export " + target.exportId() + " of share " + share,
              () -> ganesha.remove(target.exportId()))
          .chain(() -> deauthorize(share));
    }
    return exports
        .path(share)
        .chain(
            path ->
                authorize(share)
                    .chain(
                        key ->
                            ganesha(
                                "export share " + share + " as " + target.exportId(),
                                () ->
                                    ganesha.apply(
                                        target.exportId(),
                                        path,
                                        path,
                                        grants,
                                        false,
                                        fsal(share, key)))));
  }

  private String authId(UUID share) {
    return nfs.authIdPrefix() + share;
  }

  /** Ganesha's FSAL CEPH block: this share's own cephx id and key, on the backend's volume. */
  private String fsal(UUID share, String key) {
    return "Name = CEPH; Filesystem = \""
        + config.volumeName()
        + "\"; User_Id = \""
        + authId(share)
        + "\"; Secret_Access_Key = \""
        + key
        + "\";";
  }

  /**
   * Authorizes Ganesha's id on the subvolume (idempotent: the same key again) and returns the key.
   */
  private Uni<String> authorize(UUID share) {
    CephCommand authorize =
        CephCommand.subvolume("fs subvolume authorize", config, share)
            .with("auth_id", authId(share))
            .with("tenant_id", GANESHA_TENANT)
            .with("access_level", "rw");
    return ceph.mgr(authorize).map(CephfsNfsExports::key);
  }

  /** Takes Ganesha's id off the subvolume; ENOENT: already done, or the subvolume is gone. */
  private Uni<Void> deauthorize(UUID share) {
    CephCommand deauthorize =
        CephCommand.subvolume("fs subvolume deauthorize", config, share)
            .with("auth_id", authId(share));
    return ceph.mgr(deauthorize, ENOENT).replaceWithVoid();
  }

  private static String key(CephReply reply) {
    String out = reply.out().strip();
    String key = out.startsWith("\"") ? CephCommandChannel.json(reply).asText() : out;
    if (key.isEmpty() || key.contains("\"")) {
      throw DriverException.permanent("Ceph returned no usable key for Ganesha's cephx id");
    }
    return key;
  }

  private Uni<Void> ganesha(String operation, GaneshaCall call) {
    return blocking
        .run(
            operation,
            () -> {
              try {
                call.run();
                return null;
              } catch (IOException e) {
                throw DriverException.transientFailure(operation + " failed: " + e.getMessage(), e);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw DriverException.transientFailure(operation + " was interrupted", e);
              }
            })
        .replaceWithVoid();
  }

  @FunctionalInterface
  private interface GaneshaCall {
    void run() throws IOException, InterruptedException;
  }

  @Override
  public void close() {
    blocking.close();
  }
}
