package dev.sharesnap.driver.cephfs;

/**
 * What one monitor or manager command answered: {@code rc} is 0 or an errno (negative as a rule),
 * {@code out} the output (JSON when asked for), {@code status} Ceph's message (e.g. "subvolume 'x'
 * does not exist").
 */
record CephReply(int rc, String out, String status) {

  boolean ok() {
    return rc == 0;
  }

  /**
   * The errno as a positive number, 0 for success (librados returns some, e.g. ETIMEDOUT,
   * positive).
   */
  int errno() {
    return Math.abs(rc);
  }
}
