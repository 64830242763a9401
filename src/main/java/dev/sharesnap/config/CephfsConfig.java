package dev.sharesnap.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The CephFS backend: shares are subvolumes of one CephFS volume, reached through the Ceph
 * manager's {@code volumes} module with librados. Off by default so that the service runs without a
 * Ceph cluster.
 */
@ConfigMapping(prefix = "sharesnap.cephfs")
public interface CephfsConfig {

  /**
   * Registers the backend. When false the driver never loads librados and no share can be placed on
   * it.
   */
  @WithDefault("false")
  boolean enabled();

  /** The cluster's ceph.conf (monitor addresses and client options). */
  @WithDefault("/etc/ceph/ceph.conf")
  String confPath();

  /**
   * Cephx id the service authenticates as, without the {@code client.} prefix. Manila documents the
   * caps {@code mon 'allow r' mgr 'allow rw'} for it; admin rights are not needed.
   */
  @WithDefault("manila")
  String clientId();

  /**
   * Keyring holding that client's key; when absent, the {@code keyring} option of ceph.conf
   * applies.
   */
  Optional<String> keyring();

  /** CephFS volume (file system) that holds the shares' subvolumes. */
  @WithDefault("cephfs")
  String volumeName();

  /**
   * Subvolume group of the shares; created on first use, so one cluster can serve several services.
   */
  @WithDefault("sharesnap")
  String subvolumeGroup();

  /** Backend name, the middle part of Manila's host string {@code host@backend#pool}. */
  @WithDefault("cephfs")
  String backendName();

  /**
   * Tasks of this backend one replica runs at once (sharesnap.tasks.concurrency caps all backends
   * together). Tasks beyond it stay queued without a lease, so their operation timeout does not run
   * while they wait.
   */
  @WithDefault("8")
  int taskConcurrency();

  /**
   * Longest one manager or monitor command may take, counted from the request (waiting for a worker
   * and a first connect included); then it fails transiently and the task is retried. A call to a
   * manager that does not answer keeps its worker thread until the manager comes back.
   */
  @WithDefault("30s")
  Duration commandTimeout();

  /**
   * Longest a manager command that waits for the manager's own background work may take: {@code fs
   * clone cancel} returns only once the cloner thread has stopped, which on a busy cluster takes
   * longer than an ordinary command.
   */
  @WithDefault("2m")
  Duration slowCommandTimeout();

  /** Longest the first connection to the monitors may take ({@code client_mount_timeout}). */
  @WithDefault("15s")
  Duration connectTimeout();

  /**
   * Longest a share-from-snapshot clone may copy before the creation fails (transiently, so it
   * resumes).
   */
  @WithDefault("30m")
  Duration cloneTimeout();

  /** Pause between two {@code fs clone status} polls while a clone copies. */
  @WithDefault("1s")
  Duration clonePollInterval();

  /**
   * Threads that make librados calls, which block; bounds the commands in flight to the cluster.
   */
  @WithDefault("4")
  int workerThreads();

  /**
   * How clients reach the shares: {@code cephfs} (Manila's native CEPHFS protocol, access by cephx
   * id) or {@code nfs} (NFS protocol shares exported by NFS-Ganesha with FSAL CEPH, access by IP,
   * as Manila's CephFS driver with {@code cephfs_protocol_helper_type = NFS}).
   */
  @WithDefault("cephfs")
  Protocol protocol();

  /** The share protocols the backend can serve. */
  enum Protocol {
    CEPHFS,
    NFS
  }

  /** NFS-Ganesha exports of the subvolumes; used only with {@code protocol = nfs}. */
  Nfs nfs();

  /**
   * The NFS-Ganesha that exports the subvolumes (FSAL CEPH). Exports are added, updated and removed
   * at run time through its D-Bus export manager, as the NFS backend does; the Ganesha must read a
   * ceph.conf of this cluster (environment {@code CEPH_CONF} of ganesha.nfsd).
   */
  interface Nfs {

    /** Host name NFS clients mount from; export locations read {@code <export-host>:<path>}. */
    @WithDefault("127.0.0.1")
    String exportHost();

    /** D-Bus address of the bus Ganesha's export manager listens on (the system bus by default). */
    @WithDefault("unix:path=/run/dbus/system_bus_socket")
    String dbusAddress();

    /**
     * Directory the export files are written to (mode 0600: they hold cephx keys); Ganesha reads
     * them from there, on this host.
     */
    @WithDefault("sharesnap-data/ganesha/cephfs-exports")
    String exportsDir();

    /**
     * Lowest Ganesha Export_Id this backend gives. When the NFS backend uses the same Ganesha, the
     * two ranges must not overlap.
     */
    @WithDefault("1000")
    int firstExportId();

    /** Highest Ganesha Export_Id this backend gives (Ganesha's ids are 16-bit). */
    @WithDefault("65000")
    int lastExportId();

    /** Longest one D-Bus call may take before it counts as failed (transient). */
    @WithDefault("20s")
    Duration commandTimeout();

    /**
     * Prefix of the cephx id Ganesha mounts a share's subvolume with: {@code <prefix><share id>},
     * authorized read-write on that subvolume only (as Manila's {@code ganesha-<share id>}), so a
     * Ganesha export can reach no other share's data.
     */
    @WithDefault("ganesha-")
    String authIdPrefix();
  }
}
