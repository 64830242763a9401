package dev.sharesnap.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The NFS backend: shares are directories under an export root. */
@ConfigMapping(prefix = "sharesnap.nfs")
public interface NfsConfig {

  /** Export root; shares live in {@code <root>/shares}, snapshots in {@code <root>/snapshots}. */
  @WithDefault("sharesnap-data/nfs")
  String root();

  /** Host name NFS clients mount from; export locations read {@code <export-host>:<path>}. */
  @WithDefault("127.0.0.1")
  String exportHost();

  /** Backend name, the middle part of Manila's host string {@code host@backend#pool}. */
  @WithDefault("nfs")
  String backendName();

  /**
   * Tasks of this backend one replica runs at once (sharesnap.tasks.concurrency caps all backends
   * together). Tasks beyond it stay queued without a lease, so their operation timeout does not run
   * while they wait.
   */
  @WithDefault("8")
  int taskConcurrency();

  /** Threads that run copies and deletes; bounds concurrent backend work. */
  @WithDefault("4")
  int workerThreads();

  /** Longest a single backend operation may take before it counts as failed (transient). */
  @WithDefault("30m")
  Duration operationTimeout();

  /**
   * How snapshot and clone copies are made: {@code auto} detects at start whether the export root's
   * filesystem clones files (reflink: XFS with reflink, Btrfs) and uses that, else full copies;
   * {@code reflink} requires it (the service refuses to start the backend without it); {@code copy}
   * always copies in full.
   */
  @WithDefault("auto")
  CopyStrategy copyStrategy();

  /**
   * How often a running copy (snapshot, share from snapshot) measures how far it has come: it
   * counts the bytes and files already in its temporary tree against the source's totals, measured
   * once before the copy. Each measurement is reported to the task, which stores a changed value as
   * the progress and checks that the copy is still wanted (a force_delete stops it within about one
   * interval). Each measurement stats every file copied so far: on a busy machine, a longer
   * interval lowers what full copies of many files pay for it (docs/performance.md).
   */
  @WithDefault("2s")
  Duration progressInterval();

  /**
   * The program that copies trees, with its leading arguments, called as {@code <command> -a
   * --reflink=always|never <source>/. <target>}: GNU cp by default; e.g. {@code ionice,-c3,cp}
   * copies at idle I/O priority. A cancelled copy is killed with every process it started.
   */
  @WithDefault("cp")
  java.util.List<String> copyCommand();

  /** Snapshot copy strategies of the NFS backend. */
  enum CopyStrategy {
    AUTO,
    REFLINK,
    COPY
  }

  /** Serving shares and snapshots over NFS through an NFS-Ganesha server on this host. */
  Ganesha ganesha();

  /** How the members of a share group snapshot are taken at one point in time. */
  GroupSnapshots groupSnapshots();

  /**
   * Share group snapshots. With {@code freeze} (and the service running as root, the export root
   * being a mount of its own, not {@code /}, and the staging directory on another filesystem) the
   * export filesystem is frozen ({@code fsfreeze}) while every member is copied to the staging
   * directory, then thawed; the staged copies then become the member snapshots. Otherwise members
   * are copied one after another (see docs/drivers.md for both guarantees).
   */
  interface GroupSnapshots {

    /** Whether to freeze the export filesystem for group snapshots when it can be. */
    @WithDefault("true")
    boolean freeze();

    /**
     * Where member copies are staged while the export filesystem is frozen; must be on another
     * filesystem (the frozen one refuses writes). Default: {@code
     * <java.io.tmpdir>/sharesnap-group-staging}.
     */
    java.util.Optional<String> stagingDir();

    /**
     * Longest time the export filesystem stays frozen: then it is thawed whatever the copies' state
     * and the attempt fails (transient, retried), so writers are never held longer.
     */
    @WithDefault("10s")
    Duration maxFreeze();
  }

  /**
   * NFS-Ganesha exports, added and removed at run time through Ganesha's D-Bus export manager. Off
   * by default: then export locations are the share directories and access rules are refused.
   */
  interface Ganesha {

    /**
     * Export shares (and snapshots of shares with mount_snapshot_support) through Ganesha, driven
     * by access rules.
     */
    @WithDefault("false")
    boolean enabled();

    /** D-Bus address of the bus Ganesha's export manager listens on (the system bus by default). */
    @WithDefault("unix:path=/run/dbus/system_bus_socket")
    String dbusAddress();

    /** Directory the export files are written to; Ganesha reads them from there, on this host. */
    @WithDefault("sharesnap-data/ganesha/exports")
    String exportsDir();

    /** Lowest Ganesha Export_Id sharesnap gives; keep this range free of other exports. */
    @WithDefault("1000")
    int firstExportId();

    /** Highest Ganesha Export_Id sharesnap gives (Ganesha's ids are 16-bit). */
    @WithDefault("65000")
    int lastExportId();

    /** Longest one D-Bus call may take before it counts as failed (transient). */
    @WithDefault("20s")
    Duration commandTimeout();
  }
}
