package dev.sharesnap.driver.cephfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharesnap.driver.DriverException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which Ceph errors the pipeline retries, and what users read for them (no cluster needed). */
class CephErrorsTest {

  @ParameterizedTest
  @CsvSource({
    "110, true, the Ceph cluster did not answer in time",
    "11, true, (EAGAIN): snapshot has pending clones",
    "107, true, (ENOTCONN)",
    "111, true, (ECONNREFUSED)",
    "2, false, (ENOENT): snapshot has pending clones",
    "31, false, has reached its snapshot limit (mds_max_snaps_per_dir)",
    "28, false, the CephFS volume is full",
    "122, false, the CephFS volume is full",
    "13, false, access denied",
    "39, false, (ENOTEMPTY)",
    "22, false, (EINVAL)"
  })
  void failure_isTransientOnlyWhenARetryCanHelp_andSaysWhy(
      int errno, boolean retried, String text) {
    DriverException e =
        CephErrors.failure("ceph fs subvolume snapshot rm", errno, "snapshot has pending clones");
    assertEquals(retried, e.isTransient());
    assertTrue(e.getMessage().startsWith("ceph fs subvolume snapshot rm failed"), e.getMessage());
    assertTrue(e.getMessage().contains(text), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"'', ceph x failed (ENOENT)", "'  ', ceph x failed (ENOENT)"})
  void failure_withoutCephsMessage_endsAfterTheCode(String status, String expected) {
    DriverException e = CephErrors.failure("ceph x", 2, status);
    assertEquals(expected, e.getMessage());
    assertFalse(e.isTransient());
  }
}
