package dev.sharesnap.driver.nfs;

import dev.sharesnap.config.NfsConfig;
import java.io.IOException;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * What the NFS backend decides once at start, on the main thread, and logs: how snapshots are
 * copied (reflink or full copies) and whether group snapshots can freeze the export filesystem.
 */
final class NfsStartup {

  private static final Logger LOG = Logger.getLogger(NfsDriver.class);

  private NfsStartup() {}

  /**
   * The copy strategy, decided once at start and logged: reflink where the filesystem clones files
   * (cheap, copy-on-write snapshots), full copies elsewhere; {@code reflink} configured on a
   * filesystem without it stops the backend from starting rather than silently copying in full.
   */
  static boolean reflink(NfsConfig.CopyStrategy strategy, Path root) {
    if (strategy == NfsConfig.CopyStrategy.COPY) {
      LOG.infof("NFS snapshots in %s: full copies (copy-strategy=copy)", root);
      return false;
    }
    String refusal;
    try {
      refusal = NfsTree.reflinkRefusal(root);
    } catch (IOException e) {
      refusal = e.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      refusal = "interrupted";
    }
    if (refusal == null) {
      LOG.infof("NFS snapshots in %s: reflink copies (the filesystem clones files)", root);
      return true;
    }
    if (strategy == NfsConfig.CopyStrategy.REFLINK) {
      throw new IllegalStateException(
          "sharesnap.nfs.copy-strategy=reflink, but " + root + " cannot clone files: " + refusal);
    }
    LOG.infof("NFS snapshots in %s: full copies (no reflink here: %s)", root, refusal);
    return false;
  }

  static GroupFreeze groupFreeze(NfsConfig config, Path root) {
    NfsConfig.GroupSnapshots groups = config.groupSnapshots();
    if (!groups.freeze()) {
      LOG.infof("NFS group snapshots in %s: members one after another (freeze=false)", root);
      return null;
    }
    Path staging =
        Path.of(
                groups
                    .stagingDir()
                    .orElse(
                        Path.of(System.getProperty("java.io.tmpdir"), "sharesnap-group-staging")
                            .toString()))
            .toAbsolutePath();
    return GroupFreeze.detect(root, staging, groups.maxFreeze());
  }
}
