import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.LocalDateTime;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Thread CPU per operation, after warm-up, of two small per-create costs on the POST path
 * (docs/performance.md, "The POST path"): parsing one {@code sharesnap_snapshots} payload the way
 * {@code SnapshotChanges.publish} does, and a request id from {@code UUID.randomUUID()} (SecureRandom)
 * against one from {@code ThreadLocalRandom}.
 *
 * <pre>java -cp "target/classes:target/quarkus-app/lib/main/*" src/test/bench/NotifyParseBench.java</pre>
 */
public class NotifyParseBench {
  static final ObjectMapper JSON = new ObjectMapper();
  static volatile Object sink;

  public static void main(String[] args) {
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    String payload =
        "{\"id\" : \"" + UUID.randomUUID() + "\", \"project_id\" : \"be0c0000000000000000000000000003\","
            + " \"status\" : \"creating\", \"updated_at\" : \"2026-11-30T13:20:01.123456\"}";
    int n = 200_000;
    for (int round = 0; round < 5; round++) {
      long c0 = cpu.getCurrentThreadCpuTime();
      for (int i = 0; i < n; i++) {
        sink = parse(payload);
      }
      long c1 = cpu.getCurrentThreadCpuTime();
      for (int i = 0; i < n; i++) {
        sink = "req-" + UUID.randomUUID();
      }
      long c2 = cpu.getCurrentThreadCpuTime();
      for (int i = 0; i < n; i++) {
        sink = threadLocalRandomId();
      }
      long c3 = cpu.getCurrentThreadCpuTime();
      System.out.printf(
          "round %d: payload parse %.2f us, req-+UUID.randomUUID %.3f us, ThreadLocalRandom id %.3f us%n",
          round, (c1 - c0) / 1e3 / n, (c2 - c1) / 1e3 / n, (c3 - c2) / 1e3 / n);
    }
  }

  static Object parse(String payload) {
    try {
      JsonNode j = JSON.readTree(payload);
      return new Object[] {
        UUID.fromString(j.path("id").asText()),
        j.path("project_id").asText(),
        j.path("status").asText(),
        LocalDateTime.parse(j.path("updated_at").asText())
      };
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static String threadLocalRandomId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long msb = (r.nextLong() & ~0xF000L) | 0x4000L; // version 4
    long lsb = (r.nextLong() & ~(0xC0L << 56)) | (0x80L << 56); // IETF variant
    return "req-" + new UUID(msb, lsb);
  }
}
