package dev.sharesnap.extensions;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharesnap.driver.nfs.NfsDriver;
import dev.sharesnap.support.Api;
import dev.sharesnap.support.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The manageable-snapshots listing on the NFS backend, against real directories under the test
 * export root: snapshot directories made behind sharesnap's back, managed ones, temporary copies.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class ManageableSnapshotsTest {

  private static final String ROUTE = "/v2/sharesnap/manageable_snapshots";
  private static final String NFS_HOST = "sharesnap@nfs#pool0";

  @Inject NfsDriver nfs;

  private Path snapshotDir(String name) throws IOException {
    Path dir = nfs.root().resolve("snapshots").resolve(name);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("data.txt"), "made behind sharesnap's back\n");
    return dir;
  }

  private static List<Map<String, Object>> detail(Api api, String query) {
    return api.req()
        .get(ROUTE + "/detail?host=" + NFS_HOST + query)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("manageable_snapshots");
  }

  private static Map<String, Object> find(List<Map<String, Object>> all, String reference) {
    return all.stream().filter(m -> reference.equals(reference(m))).findFirst().orElse(null);
  }

  @SuppressWarnings("unchecked")
  private static String reference(Map<String, Object> m) {
    return (String) ((Map<String, Object>) m.get("reference")).get("provider_location");
  }

  @Test
  void directoryMadeBehindSharesnapsBack_isListedAsSafe() throws IOException {
    Api api = Api.admin();
    String name = "foreign-" + UUID.randomUUID();
    snapshotDir(name);
    Map<String, Object> m = find(detail(api, ""), name);
    assertEquals(true, m.get("safe_to_manage"), m.toString());
    assertNull(m.get("reason_not_safe"));
    assertNull(m.get("snapshot_id"));
    assertNull(m.get("source_reference"));
    assertEquals(1, m.get("size"));
    assertEquals(Map.of("host", NFS_HOST), m.get("extra_info"));
  }

  @Test
  void managedSnapshot_isNotSafe_withItsId_unmanageMakesItSafe_andManageByReferenceWorks() {
    Api api = Api.admin();
    String share = api.share();
    String snap = api.snapshot(share, "listed");
    Map<String, Object> m = find(detail(api, ""), snap);
    assertEquals(false, m.get("safe_to_manage"), m.toString());
    assertEquals("already managed", m.get("reason_not_safe"));
    assertEquals(snap, m.get("snapshot_id"));

    api.json("{\"unmanage\": null}")
        .post(api.url("/snapshots/" + snap + "/action"))
        .then()
        .statusCode(202);
    api.awaitGone("/snapshots/" + snap);
    m = find(detail(api, ""), snap);
    assertEquals(true, m.get("safe_to_manage"), m.toString());
    assertNull(m.get("snapshot_id"));

    Map<String, Object> body = new java.util.HashMap<>();
    body.put("share_id", share);
    body.putAll(castMap(m.get("reference")));
    String managed =
        api.json(Map.of("snapshot", body))
            .post(api.url("/snapshots/manage"))
            .then()
            .statusCode(202)
            .extract()
            .path("snapshot.id");
    api.awaitStatus("/snapshots/" + managed, "snapshot", "available");
    m = find(detail(api, ""), snap);
    assertEquals(managed, m.get("snapshot_id"), m.toString());
    assertEquals(false, m.get("safe_to_manage"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Object o) {
    return (Map<String, Object>) o;
  }

  @Test
  void temporaryCopyInProgress_isListedUnderItsFinalName_asNotSafe() throws IOException {
    Api api = Api.admin();
    String name = UUID.randomUUID().toString();
    snapshotDir(".tmp-" + name + "." + UUID.randomUUID());
    Map<String, Object> m = find(detail(api, ""), name);
    assertEquals(false, m.get("safe_to_manage"), String.valueOf(m));
    assertTrue(((String) m.get("reason_not_safe")).contains("temporary copy"));
    assertNull(find(detail(api, ""), ".tmp-" + name));

    // once the attempt renamed its copy into place, the leftover is not listed apart
    snapshotDir(name);
    m = find(detail(api, ""), name);
    assertEquals(true, m.get("safe_to_manage"), String.valueOf(m));
  }

  @Test
  void summary_hasCinderSummaryKeysOnly() throws IOException {
    Api api = Api.admin();
    String name = "summary-" + UUID.randomUUID();
    snapshotDir(name);
    List<Map<String, Object>> all =
        api.req()
            .get("/v2/" + api.project + "/sharesnap/manageable_snapshots")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("manageable_snapshots");
    Map<String, Object> m = find(all, name);
    assertEquals(Set.of("reference", "size", "safe_to_manage", "source_reference"), m.keySet());
  }

  @Test
  void sortsBySizeAndReference_andPagesWithMarkerLimitOffset() throws IOException {
    Api api = Api.admin();
    String prefix = "page-" + UUID.randomUUID() + "-";
    for (String n : List.of("a", "b", "c", "d")) {
      snapshotDir(prefix + n);
    }
    try (RandomAccessFile big =
        new RandomAccessFile(snapshotDir(prefix + "b").resolve("sparse").toFile(), "rw")) {
      big.setLength((3L << 30) / 2); // 1.5 GiB apparent, no blocks: counts as 2 GiB
    }
    List<Map<String, Object>> bySize = detail(api, "&sort_keys=size,reference&sort_dirs=desc,asc");
    List<Integer> sizes = bySize.stream().map(m -> (Integer) m.get("size")).toList();
    List<Integer> sorted = new ArrayList<>(sizes);
    sorted.sort(Comparator.reverseOrder());
    assertEquals(sorted, sizes);
    assertEquals(2, find(bySize, prefix + "b").get("size"));

    List<String> refs =
        detail(api, "&sort_keys=reference&sort_dirs=asc").stream()
            .map(ManageableSnapshotsTest::reference)
            .toList();
    List<String> expected = new ArrayList<>(refs);
    expected.sort(Comparator.naturalOrder());
    assertEquals(expected, refs);
    int a = refs.indexOf(prefix + "a");
    List<String> page =
        detail(api, "&sort_keys=reference&sort_dirs=asc&marker=" + prefix + "a&limit=2&offset=1")
            .stream()
            .map(ManageableSnapshotsTest::reference)
            .toList();
    assertEquals(refs.subList(a + 2, a + 4), page);
    assertEquals(List.of(prefix + "c", prefix + "d"), page);

    List<String> desc = detail(api, "").stream().map(ManageableSnapshotsTest::reference).toList();
    List<String> reversed = new ArrayList<>(expected);
    reversed.sort(Comparator.reverseOrder());
    assertEquals(reversed, desc); // Cinder's default: reference, descending
  }

  @ParameterizedTest
  @CsvSource({
    "sort_keys=created_at, Invalid sort keys passed: created_at",
    "sort_dirs=up, Invalid sort dirs passed: up",
    "sort_keys=size&sort_dirs=asc&sort_dirs=desc, Sort direction array size exceeds",
    "'sort_keys=size,,reference', empty item in sort_keys",
    "limit=-1, limit param must be positive",
    "limit=many, limit param must be an integer",
    "offset=-3, offset must be >= 0",
    "marker=no-such-reference, marker not found",
    "host=elsewhere@nfs, names no backend",
  })
  void badQuery_isA400(String query, String message) {
    Api api = Api.admin();
    api.req()
        .get(ROUTE + "/detail?" + query)
        .then()
        .statusCode(400)
        .body("badRequest.code", equalTo(400))
        .body("badRequest.message", containsString(message));
  }

  @Test
  void members_areForbidden() {
    Api api = Api.admin().member();
    api.req().get(ROUTE).then().statusCode(403).body("forbidden.code", equalTo(403));
    assertFalse(api.project.isEmpty());
  }
}
