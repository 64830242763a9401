package dev.sharesnap.driver;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExportIdRangeTest {

  private static final String BUS = "unix:path=/run/dbus/system_bus_socket";

  @Test
  void backendsOnOneGanesha_withTheDefaultRanges_refuseToStart() {
    Map<String, ExportIdRange> ranges = new LinkedHashMap<>();
    ranges.put("nfs", new ExportIdRange(1000, 65000, BUS));
    ranges.put("cephfs", new ExportIdRange(1000, 65000, BUS));

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> ExportIdRange.requireDisjoint(ranges));

    assertEquals(
        "Export id ranges overlap: backends 'nfs' (1000-65000) and 'cephfs' (1000-65000) export"
            + " through the same NFS-Ganesha ("
            + BUS
            + "). Give each backend its own range (first-export-id, last-export-id).",
        e.getMessage());
  }

  @Test
  void rangesSharingOnlyTheirEnds_clash() {
    assertThrows(
        IllegalStateException.class,
        () ->
            ExportIdRange.requireDisjoint(
                Map.of(
                    "a", new ExportIdRange(1000, 2000, BUS),
                    "b", new ExportIdRange(2000, 3000, BUS))));
  }

  @Test
  void disjointRanges_orOtherGaneshas_start() {
    assertDoesNotThrow(
        () ->
            ExportIdRange.requireDisjoint(
                Map.of(
                    "a", new ExportIdRange(1000, 1999, BUS),
                    "b", new ExportIdRange(2000, 3000, BUS),
                    "c", new ExportIdRange(1000, 3000, "unix:path=/other/bus"))));
  }
}
