package dev.sharesnap.driver;

/**
 * Outcome of a snapshot creation or manage: its backend location, size in GiB (rounded up) and, for
 * backends that can export snapshots, the path clients mount it from (else null).
 */
public record SnapshotResult(String providerLocation, int sizeGiB, String exportPath) {

  public SnapshotResult(String providerLocation, int sizeGiB) {
    this(providerLocation, sizeGiB, null);
  }
}
