/*
 * CPU time and allocation of rendering snapshot bodies, in-process, per request: the shipped writer
 * (SnapshotView.list / one, JSON straight to the generator) against the map-per-snapshot rendering it
 * replaced (kept below as the reference, LinkedHashMaps + DateTimeFormatter, serialised by the same
 * ObjectMapper). Thread CPU time and thread-allocated bytes do not depend much on other load on the
 * machine, unlike req/s. Run from the repository root after a build (target/classes and the packaged
 * dependencies):
 *
 *   java -cp "target/classes:target/quarkus-app/lib/main/*" src/test/bench/ViewRenderBench.java
 *
 * Prints, for pages of 1 (show), 10 (default page) and 1000 snapshots: µs of CPU and KB allocated per
 * body, both ways, and checks that both produce the same bytes.
 */
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sharesnap.api.microversion.ApiVersion;
import dev.sharesnap.api.view.Links;
import dev.sharesnap.api.view.SnapshotView;
import dev.sharesnap.domain.Snapshot;
import java.lang.management.ManagementFactory;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

public class ViewRenderBench {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final ApiVersion V = new ApiVersion(2, 73);
  static final Links LINKS = new Links("http://127.0.0.1:8786", "");
  static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");
  static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  public static void main(String[] args) throws Exception {
    for (int n : new int[] {1, 10, 1000}) {
      List<Snapshot> page = page(n);
      Supplier<Object> generator =
          () -> n == 1 ? SnapshotView.one(page.get(0), V, false, false, LINKS)
              : SnapshotView.list(page, true, V, false, false, LINKS, null);
      Supplier<Object> maps =
          () -> n == 1 ? Map.of("snapshot", detailMap(page.get(0)))
              : Map.of("snapshots", page.stream().map(ViewRenderBench::detailMap).toList());
      byte[] a = MAPPER.writeValueAsBytes(generator.get());
      byte[] b = MAPPER.writeValueAsBytes(maps.get());
      if (!Arrays.equals(a, b)) {
        throw new AssertionError("different bodies:\n" + new String(a) + "\n" + new String(b));
      }
      int iterations = Math.max(200, 200_000 / n);
      for (int round = 0; round < 3; round++) {  // the last round is reported
        double[] g = measure(generator, iterations);
        double[] m = measure(maps, iterations);
        if (round == 2) {
          System.out.printf(
              "%4d snapshots (%,d bytes): generator %8.1f µs CPU %8.1f KB allocated | maps %8.1f µs CPU %8.1f KB"
                  + " allocated | CPU %.0f %%, allocation %.0f %% of the maps'%n",
              n, a.length, g[0], g[1], m[0], m[1], 100 * g[0] / m[0], 100 * g[1] / m[1]);
        }
      }
    }
  }

  static double[] measure(Supplier<Object> body, int iterations) throws Exception {
    long id = Thread.currentThread().getId();
    long cpu0 = THREADS.getCurrentThreadCpuTime(), mem0 = THREADS.getThreadAllocatedBytes(id);
    for (int i = 0; i < iterations; i++) {
      MAPPER.writeValueAsBytes(body.get());
    }
    long cpu = THREADS.getCurrentThreadCpuTime() - cpu0, mem = THREADS.getThreadAllocatedBytes(id) - mem0;
    return new double[] {cpu / 1000.0 / iterations, mem / 1024.0 / iterations};
  }

  static List<Snapshot> page(int n) {
    List<Snapshot> all = new ArrayList<>();
    LocalDateTime t = LocalDateTime.of(2026, 11, 30, 6, 0, 0, 123_456_000);
    for (int i = 0; i < n; i++) {
      all.add(new Snapshot(UUID.randomUUID(), "be0c0000000000000000000000000000", "bench", UUID.randomUUID(),
          1, 1, String.format("snap-%06d", i), "seeded", "NFS", "available", "100%", "loc-" + i,
          Map.of("k", "v"), null, t.plusSeconds(i), t.plusSeconds(i), null, null));
    }
    return all;
  }

  /** The rendering before JsonBody: one LinkedHashMap per snapshot and per link. */
  static Map<String, Object> detailMap(Snapshot s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id().toString());
    m.put("share_id", s.shareId().toString());
    m.put("share_size", s.shareSize());
    m.put("created_at", FORMAT.format(s.createdAt()));
    m.put("status", s.status());
    m.put("name", s.name());
    m.put("description", s.description());
    m.put("size", s.size());
    m.put("share_proto", s.shareProto());
    m.put("links", List.of(
        link("self", LINKS.baseUrl() + "/v2/snapshots/" + s.id()),
        link("bookmark", LINKS.baseUrl() + "/snapshots/" + s.id())));
    m.put("user_id", s.userId());
    m.put("project_id", s.projectId());
    m.put("metadata", s.metadata());
    return m;
  }

  static Map<String, Object> link(String rel, String href) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rel", rel);
    m.put("href", href);
    return m;
  }
}
