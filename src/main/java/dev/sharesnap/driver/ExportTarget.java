package dev.sharesnap.driver;

/**
 * What an export serves: a share ({@code snapshot} null) or a snapshot of it, under the export id
 * sharesnap gave it (unique per backend, kept in the database so restarts never reuse a live one).
 */
public record ExportTarget(int exportId, ShareRef share, SnapshotRef snapshot) {

  public boolean isSnapshot() {
    return snapshot != null;
  }
}
