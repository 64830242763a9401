package dev.sharesnap.driver.nfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharesnap.support.Api;
import dev.sharesnap.support.TestDatabase;
import dev.sharesnap.support.ThrottledNfsCopyProfile;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Copy progress and cancellation of the NFS driver through the API, on real directories. Copies run
 * through the throttling fault injector of {@link ThrottledNfsCopyProfile}, so each lasts seconds
 * (0.1 s per top-level entry) and the test sees it running; nothing here depends on how fast the
 * machine is, only generous deadlines bound the waits.
 */
@QuarkusTest
@TestProfile(ThrottledNfsCopyProfile.class)
@QuarkusTestResource(TestDatabase.class)
class NfsCopyProgressTest {

  private static final Duration DEADLINE = Duration.ofSeconds(90);

  @Inject NfsDriver nfs;

  @Test
  void createSnapshot_showsProgressWhileCopying_then100Percent() {
    Api api = Api.admin();
    String share = shareWithFiles(api, 40);
    String snap = api.startSnapshot(share, "progress");
    List<String> whileCreating = new ArrayList<>();
    JsonPath last = null;
    for (long end = deadline(); System.nanoTime() < end; pause()) {
      last = instance(api, snap);
      if (!"creating".equals(last.getString("status"))) {
        break;
      }
      whileCreating.add(last.getString("progress"));
      JsonPath extended = extensionView(api, snap);
      if ("creating".equals(extended.getString("status"))) {
        whileCreating.add(extended.getString("progress"));
      }
    }
    assertEquals("available", last.getString("status"));
    assertEquals("100%", last.getString("progress"));
    assertEquals("100%", extensionView(api, snap).getString("progress"));
    assertShownUnderWay(whileCreating);
    assertFalse(
        api.req()
            .get(api.url("/snapshots/" + snap))
            .jsonPath()
            .getMap("snapshot")
            .containsKey("progress"),
        "Manila's snapshot view has no progress");
    assertEquals(40, count(nfs.root().resolve("snapshots").resolve(snap)));
  }

  @Test
  void forceDelete_duringTheCopy_stopsIt_andLeavesNothing() {
    Api api = Api.admin();
    String share = shareWithFiles(api, 60);
    String snap = api.startSnapshot(share, "progress");
    awaitTrue(
        () -> {
          String p = instance(api, snap).getString("progress");
          return p != null && percent(p) > 0 && percent(p) < 100;
        },
        "the copy to be under way");
    api.json("{\"force_delete\": null}")
        .post(api.url("/snapshots/" + snap + "/action"))
        .then()
        .statusCode(202);
    api.awaitGone("/snapshots/" + snap);
    Path snapshots = nfs.root().resolve("snapshots");
    awaitTrue(() -> leftovers(snapshots, snap).isEmpty(), "no snapshot or temporary tree");
    awaitTrue(
        () ->
            ProcessHandle.allProcesses()
                .noneMatch(p -> p.info().commandLine().orElse("").contains(snap)),
        "no copy process left");
    assertEquals(List.of(), leftovers(snapshots, snap));
    api.req().get(api.url("/snapshots/" + snap)).then().statusCode(404);
  }

  @Test
  void shareFromSnapshot_showsProgressWhileCopying_then100Percent() {
    Api api = Api.admin();
    String source = shareWithFiles(api, 30);
    String snap = api.startSnapshot(source, "source");
    api.awaitStatus("/snapshots/" + snap, "snapshot", "available");
    String share =
        api.json(Map.of("share", Map.of("share_proto", "NFS", "size", 1, "snapshot_id", snap)))
            .post(api.url("/shares"))
            .then()
            .statusCode(200)
            .extract()
            .path("share.id");
    List<String> whileCreating = new ArrayList<>();
    JsonPath last = null;
    for (long end = deadline(); System.nanoTime() < end; pause()) {
      last = api.req().get(api.url("/shares/" + share)).jsonPath().setRootPath("share");
      String status = last.getString("status");
      if (!"creating_from_snapshot".equals(status) && !"creating".equals(status)) {
        break;
      }
      whileCreating.add(last.getString("progress"));
    }
    assertEquals("available", last.getString("status"));
    assertEquals("100%", last.getString("progress"));
    assertShownUnderWay(whileCreating);
    assertFalse(
        api.at("2.53")
            .req()
            .get(api.url("/shares/" + share))
            .jsonPath()
            .getMap("share")
            .containsKey("progress"),
        "no share progress before 2.54");
    assertEquals(30, count(nfs.root().resolve("shares").resolve(share)));
  }

  /** An available share holding {@code files} top-level files of 64 KiB. */
  private String shareWithFiles(Api api, int files) {
    String share = api.share();
    Path dir = nfs.root().resolve("shares").resolve(share);
    try {
      for (int i = 0; i < files; i++) {
        Files.write(dir.resolve("f" + i), new byte[64 * 1024]);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return share;
  }

  /**
   * The values shown while creating: each "N%", never 100% before completion, and at least one
   * strictly between 0% and 100%.
   */
  private static void assertShownUnderWay(List<String> whileCreating) {
    List<Integer> percents =
        whileCreating.stream().filter(v -> v != null).map(NfsCopyProgressTest::percent).toList();
    assertTrue(percents.stream().allMatch(p -> p <= 99), "never 100% before: " + whileCreating);
    assertTrue(
        percents.stream().anyMatch(p -> p > 0 && p < 100),
        "a value strictly between 0% and 100% was shown while creating: " + whileCreating);
  }

  /** The admin snapshot instance view (2.19+), which shows progress in Manila. */
  private static JsonPath instance(Api api, String snap) {
    return api.req()
        .get(api.url("/snapshot-instances/" + snap))
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .setRootPath("snapshot_instance");
  }

  private static JsonPath extensionView(Api api, String snap) {
    return api.req()
        .header("X-Sharesnap-Extensions", "true")
        .get(api.url("/snapshots/" + snap))
        .jsonPath()
        .setRootPath("snapshot");
  }

  private static int percent(String value) {
    assertTrue(value.matches("\\d{1,3}%"), value);
    return Integer.parseInt(value.substring(0, value.length() - 1));
  }

  private static List<String> leftovers(Path snapshots, String snap) {
    if (!Files.isDirectory(snapshots)) {
      return List.of();
    }
    try (Stream<Path> all = Files.list(snapshots)) {
      return all.map(p -> p.getFileName().toString()).filter(n -> n.contains(snap)).toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static long count(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.count();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void awaitTrue(BooleanSupplier done, String what) {
    for (long end = deadline(); System.nanoTime() < end; pause()) {
      if (done.getAsBoolean()) {
        return;
      }
    }
    throw new AssertionError("waited in vain for " + what);
  }

  private static long deadline() {
    return System.nanoTime() + DEADLINE.toNanos();
  }

  private static void pause() {
    try {
      Thread.sleep(30);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
