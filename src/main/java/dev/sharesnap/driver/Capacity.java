package dev.sharesnap.driver;

/**
 * A backend's total and free space in bytes; null when it cannot tell (Manila then reports
 * "unknown").
 */
public record Capacity(Long totalBytes, Long freeBytes) {

  private static final int GIB_SHIFT = 30;

  public static Capacity unknown() {
    return new Capacity(null, null);
  }

  /** Whether both figures are known. */
  public boolean known() {
    return totalBytes != null && freeBytes != null;
  }

  /** Total space in whole GiB, rounded down (Manila's total_capacity_gb), or null. */
  public Long totalGiB() {
    return totalBytes == null ? null : totalBytes >> GIB_SHIFT;
  }

  /** Free space in whole GiB, rounded down (Manila's free_capacity_gb), or null. */
  public Long freeGiB() {
    return freeBytes == null ? null : freeBytes >> GIB_SHIFT;
  }
}
