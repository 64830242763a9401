package dev.sharesnap.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/** The backend readiness check on drivers whose health answer is chosen (no Quarkus). */
class BackendReadinessTest {

  private static final Duration TIMEOUT = Duration.ofMillis(200);

  @Test
  void everyBackendAnswering_isUp() {
    HealthCheckResponse r = check(probe("nfs", ok()), probe("cephfs", ok()));
    assertEquals(HealthCheckResponse.Status.UP, r.getStatus());
    assertEquals(Map.of("cephfs", "UP", "nfs", "UP"), r.getData().orElseThrow());
  }

  @Test
  void oneBackendFailing_isDown_withItsReason() {
    HealthCheckResponse r =
        check(
            probe("nfs", ok()),
            probe("cephfs", Uni.createFrom().failure(new IllegalStateException("mgr refused"))));
    assertEquals(HealthCheckResponse.Status.DOWN, r.getStatus());
    assertEquals("UP", r.getData().orElseThrow().get("nfs"));
    assertEquals("DOWN: mgr refused", r.getData().orElseThrow().get("cephfs"));
  }

  @Test
  void oneBackendHanging_isDownAfterTheTimeout() {
    long start = System.nanoTime();
    HealthCheckResponse r = check(probe("nfs", ok()), probe("cephfs", Uni.createFrom().nothing()));
    assertEquals(HealthCheckResponse.Status.DOWN, r.getStatus());
    assertEquals(
        "DOWN: no answer within 200 ms", r.getData().orElseThrow().get("cephfs").toString());
    assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(5)) < 0);
  }

  @Test
  void noBackendEnabled_isDown() {
    assertEquals(HealthCheckResponse.Status.DOWN, check().getStatus());
  }

  @Test
  void aBackendThatKnowsItsSpace_addsTotalAndFreeBytes_oneThatHangsOnCapacityStaysUpWithout() {
    ShareDriver nfs = probe("nfs", ok(), Uni.createFrom().item(new Capacity(1000L, 400L)));
    ShareDriver slow = probe("cephfs", ok(), Uni.createFrom().nothing());
    HealthCheckResponse r = check(nfs, slow);
    assertEquals(HealthCheckResponse.Status.UP, r.getStatus());
    assertEquals(
        Map.of("nfs", "UP", "nfs_total_bytes", 1000L, "nfs_free_bytes", 400L, "cephfs", "UP"),
        r.getData().orElseThrow());
  }

  private static HealthCheckResponse check(ShareDriver... drivers) {
    return BackendReadiness.check(List.of(drivers), TIMEOUT).await().atMost(Duration.ofSeconds(10));
  }

  private static Uni<Void> ok() {
    return Uni.createFrom().voidItem();
  }

  /** TEST DOUBLE: a backend that only answers the health check, as told. */
  private static ShareDriver probe(String name, Uni<Void> health) {
    return probe(name, health, Uni.createFrom().item(Capacity.unknown()));
  }

  /** TEST DOUBLE: a backend that only answers the health check and capacity, as told. */
  private static ShareDriver probe(String name, Uni<Void> health, Uni<Capacity> capacity) {
    return new ShareDriver() {
      @Override
      public Uni<Capacity> capacity() {
        return capacity;
      }

      @Override
      public String backendName() {
        return name;
      }

      @Override
      public Uni<Void> checkHealth() {
        return health;
      }

      @Override
      public Uni<ShareResult> createShare(ShareRef share) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Uni<ShareResult> createShareFromSnapshot(ShareRef share, SnapshotRef snapshot) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Uni<Void> deleteShare(ShareRef share) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Uni<SnapshotResult> createSnapshot(SnapshotRef snapshot) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Uni<Void> deleteSnapshot(SnapshotRef snapshot) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Uni<SnapshotResult> manageSnapshot(SnapshotRef snapshot) {
        throw new UnsupportedOperationException();
      }
    };
  }
}
