package dev.sharesnap.driver.cephfs;

import dev.sharesnap.driver.DriverException;
import java.util.Set;

/**
 * Turns Ceph's negative errno codes into {@link DriverException}s. Transient: the cluster is
 * unreachable, slow or busy, so the task pipeline retries with backoff. Permanent: anything a retry
 * cannot change (no such subvolume, access denied, limits reached). The message keeps Ceph's own
 * text, as the reason users read.
 */
final class CephErrors {

  static final int EPERM = 1;
  static final int ENOENT = 2;
  static final int EINTR = 4;
  static final int EAGAIN = 11;
  static final int EACCES = 13;
  static final int EBUSY = 16;
  static final int EEXIST = 17;
  static final int EINVAL = 22;
  static final int ENOSPC = 28;
  static final int EMLINK = 31;
  static final int ENOSYS = 38;
  static final int ENOTEMPTY = 39;
  static final int ENOTSUP = 95;
  static final int ECONNRESET = 104;
  static final int ENOTCONN = 107;
  static final int ESHUTDOWN = 108;
  static final int ETIMEDOUT = 110;
  static final int ECONNREFUSED = 111;
  static final int EHOSTUNREACH = 113;
  static final int EDQUOT = 122;

  private static final Set<Integer> TRANSIENT =
      Set.of(
          EINTR,
          EAGAIN,
          EBUSY,
          ECONNRESET,
          ENOTCONN,
          ESHUTDOWN,
          ETIMEDOUT,
          ECONNREFUSED,
          EHOSTUNREACH);

  private CephErrors() {}

  static boolean isTransient(int errno) {
    return TRANSIENT.contains(errno);
  }

  /**
   * The failure of {@code operation} with {@code errno} (positive) and Ceph's {@code status}
   * message. Some codes get a sentence of their own, as Manila's users would otherwise read only
   * "Too many links".
   */
  static DriverException failure(String operation, int errno, String status) {
    String detail = status == null || status.isBlank() ? "" : ": " + status.strip();
    String message =
        switch (errno) {
          case EMLINK ->
              operation
                  + " failed: the subvolume has reached its snapshot limit"
                  + " (mds_max_snaps_per_dir)"
                  + detail;
          case ENOSPC, EDQUOT -> operation + " failed: the CephFS volume is full" + detail;
          case EACCES, EPERM ->
              operation
                  + " failed: access denied; the Ceph client needs the caps"
                  + " mon 'allow r' mgr 'allow rw'"
                  + detail;
          case ETIMEDOUT -> operation + " failed: the Ceph cluster did not answer in time" + detail;
          default -> operation + " failed (" + name(errno) + ")" + detail;
        };
    return new DriverException(message, isTransient(errno), null);
  }

  static String name(int errno) {
    return switch (errno) {
      case EPERM -> "EPERM";
      case ENOENT -> "ENOENT";
      case EINTR -> "EINTR";
      case EAGAIN -> "EAGAIN";
      case EACCES -> "EACCES";
      case EBUSY -> "EBUSY";
      case EEXIST -> "EEXIST";
      case EINVAL -> "EINVAL";
      case ENOSPC -> "ENOSPC";
      case EMLINK -> "EMLINK";
      case ENOSYS -> "ENOSYS";
      case ENOTEMPTY -> "ENOTEMPTY";
      case ENOTSUP -> "ENOTSUP";
      case ECONNRESET -> "ECONNRESET";
      case ENOTCONN -> "ENOTCONN";
      case ESHUTDOWN -> "ESHUTDOWN";
      case ETIMEDOUT -> "ETIMEDOUT";
      case ECONNREFUSED -> "ECONNREFUSED";
      case EHOSTUNREACH -> "EHOSTUNREACH";
      case EDQUOT -> "EDQUOT";
      default -> "errno " + errno;
    };
  }
}
