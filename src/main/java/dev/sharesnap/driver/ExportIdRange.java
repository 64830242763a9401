package dev.sharesnap.driver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The export ids a backend may give, both ends included, on the NFS-Ganesha reached at {@code
 * server} (its D-Bus address). Ids are allocated per backend, so two backends exporting through one
 * Ganesha must use disjoint ranges, or one would overwrite the other's exports.
 */
public record ExportIdRange(int first, int last, String server) {

  /** Whether both ranges are on one Ganesha and share an id. */
  public boolean clashesWith(ExportIdRange other) {
    return server.equals(other.server) && first <= other.last && other.first <= last;
  }

  /**
   * Fails with every pair of backends (by name) whose ranges clash; the service refuses to start
   * rather than let them take each other's exports.
   */
  public static void requireDisjoint(Map<String, ExportIdRange> byBackend) {
    List<Map.Entry<String, ExportIdRange>> all = new ArrayList<>(byBackend.entrySet());
    List<String> clashes = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      for (int j = i + 1; j < all.size(); j++) {
        ExportIdRange a = all.get(i).getValue();
        ExportIdRange b = all.get(j).getValue();
        if (a.clashesWith(b)) {
          clashes.add(
              String.format(
                  "backends '%s' (%d-%d) and '%s' (%d-%d) export through the same NFS-Ganesha (%s)",
                  all.get(i).getKey(),
                  a.first,
                  a.last,
                  all.get(j).getKey(),
                  b.first,
                  b.last,
                  a.server));
        }
      }
    }
    if (!clashes.isEmpty()) {
      throw new IllegalStateException(
          "Export id ranges overlap: "
              + String.join("; ", clashes)
              + ". Give each backend its own range (first-export-id, last-export-id).");
    }
  }
}
