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

  /** Threads that run copies and deletes; bounds concurrent backend work. */
  @WithDefault("4")
  int workerThreads();

  /** Longest a single backend operation may take before it counts as failed (transient). */
  @WithDefault("30m")
  Duration operationTimeout();
}
