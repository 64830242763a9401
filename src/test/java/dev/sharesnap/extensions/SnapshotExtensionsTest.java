package dev.sharesnap.extensions;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sharesnap.support.Api;
import dev.sharesnap.support.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The opt-in: extension fields only with {@code X-Sharesnap-Extensions: true}. */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class SnapshotExtensionsTest {

  private static final Set<String> MANILA_2_73 =
      Set.of(
          "id",
          "share_id",
          "share_size",
          "created_at",
          "status",
          "name",
          "description",
          "size",
          "share_proto",
          "links",
          "provider_location",
          "user_id",
          "project_id",
          "metadata");

  private static final Set<String> MANILA_2_0 =
      Set.of(
          "id",
          "share_id",
          "share_size",
          "created_at",
          "status",
          "name",
          "description",
          "size",
          "share_proto",
          "links");

  @Test
  void show_withoutOptIn_hasExactlyManilasKeys() {
    Api api = Api.admin();
    String snap = api.snapshot(api.share(), "plain");
    Response r = api.req().get(api.url("/snapshots/" + snap));
    assertEquals(new TreeSet<>(MANILA_2_73), keys(r, "snapshot"));
    assertEquals(null, r.getHeader("X-Sharesnap-Extensions"));
    assertEquals("X-OpenStack-Manila-API-Version", r.getHeader("Vary"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"false", "no", "1", ""})
  void show_withAnyOtherHeaderValue_hasExactlyManilasKeys(String value) {
    Api api = Api.admin().at("2.0");
    String snap = api.snapshot(api.share(), "other-value");
    Response r =
        api.req().header("X-Sharesnap-Extensions", value).get(api.url("/snapshots/" + snap));
    assertEquals(new TreeSet<>(MANILA_2_0), keys(r, "snapshot"));
  }

  @Test
  void showAndDetail_withOptIn_addTheExtensionFields() {
    Api api = Api.admin();
    String share = api.share();
    String snap = api.snapshot(share, "opted-in");
    Set<String> expected = new TreeSet<>(MANILA_2_73);
    expected.addAll(Set.of("progress", "error_reason", "updated_at", "kept_until"));
    Response r =
        api.req().header("X-Sharesnap-Extensions", "true").get(api.url("/snapshots/" + snap));
    r.then()
        .statusCode(200)
        .header("X-Sharesnap-Extensions", "true")
        .body("snapshot.progress", equalTo("100%"))
        .body("snapshot.error_reason", nullValue())
        .body("snapshot.kept_until", nullValue());
    assertEquals(expected, keys(r, "snapshot"));
    Response list =
        api.req()
            .header("X-Sharesnap-Extensions", "TRUE")
            .get(api.url("/snapshots/detail?share_id=" + share));
    assertEquals(expected, new TreeSet<>(list.<Map<String, Object>>path("snapshots[0]").keySet()));
    Response plainList = api.req().get(api.url("/snapshots/detail?share_id=" + share));
    assertEquals(
        new TreeSet<>(MANILA_2_73),
        new TreeSet<>(plainList.<Map<String, Object>>path("snapshots[0]").keySet()));
  }

  private static Set<String> keys(Response r, String entity) {
    r.then().statusCode(200);
    return new TreeSet<>(r.<Map<String, Object>>path(entity).keySet());
  }
}
