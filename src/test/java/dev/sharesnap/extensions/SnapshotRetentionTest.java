package dev.sharesnap.extensions;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharesnap.service.RetentionService;
import dev.sharesnap.support.Api;
import dev.sharesnap.support.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The kept_until extension: set on create and update, enforced on delete and force_delete. */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class SnapshotRetentionTest {

  @Inject RetentionService retention;

  private static final String EXT = "X-Sharesnap-Extensions";

  @Test
  void delete_beforeKeptUntil_isConflict_andTheSnapshotStays() {
    Api api = Api.admin();
    String snap = retained(api, api.share(), inDays(7));
    for (Api caller : new Api[] {api, api.member()}) {
      caller
          .req()
          .delete(api.url("/snapshots/" + snap))
          .then()
          .statusCode(409)
          .body("conflictingRequest.code", equalTo(409))
          .body("conflictingRequest.message", containsString("retained until"));
    }
    api.json(Map.of("force_delete", new HashMap<>()))
        .post(api.url("/snapshots/" + snap + "/action"))
        .then()
        .statusCode(409)
        .body("conflictingRequest.message", containsString("kept_until"));
    api.req()
        .get(api.url("/snapshots/" + snap))
        .then()
        .statusCode(200)
        .body("snapshot.status", equalTo("available"));
  }

  @Test
  void delete_withTheOverrideHeader_byAnAdmin_deletes_butByAMember_isStillConflict() {
    Api api = Api.admin();
    String share = api.share();
    String snap = retained(api, share, inDays(7));
    api.member()
        .req()
        .header("X-Sharesnap-Override-Retention", "true")
        .delete(api.url("/snapshots/" + snap))
        .then()
        .statusCode(409);
    api.req()
        .header("X-Sharesnap-Override-Retention", "true")
        .delete(api.url("/snapshots/" + snap))
        .then()
        .statusCode(202);
    api.awaitGone("/snapshots/" + snap);

    String forced = retained(api, share, inDays(7));
    api.req()
        .header("X-Sharesnap-Override-Retention", "true")
        .contentType("application/json")
        .body(Map.of("force_delete", new HashMap<>()))
        .post(api.url("/snapshots/" + forced + "/action"))
        .then()
        .statusCode(202);
    api.awaitGone("/snapshots/" + forced);
  }

  @Test
  void create_withKeptUntil_showsItOptedIn_andWithoutOptInIgnoresIt() {
    Api api = Api.admin();
    String share = api.share();
    String snap = retained(api, share, "2099-01-31T12:00:00+02:00");
    api.req()
        .header(EXT, "true")
        .get(api.url("/snapshots/" + snap))
        .then()
        .body("snapshot.kept_until", equalTo("2099-01-31T10:00:00.000000"));

    String plain =
        api.json(
                Map.of("snapshot", Map.of("share_id", share, "kept_until", "2099-01-31T12:00:00Z")))
            .post(api.url("/snapshots"))
            .then()
            .statusCode(202)
            .extract()
            .path("snapshot.id");
    api.awaitStatus("/snapshots/" + plain, "snapshot", "available");
    api.req()
        .header(EXT, "true")
        .get(api.url("/snapshots/" + plain))
        .then()
        .body("snapshot.kept_until", nullValue());
    api.req().delete(api.url("/snapshots/" + plain)).then().statusCode(202);
  }

  @Test
  void create_withAPastOrMalformedKeptUntil_isBadRequest() {
    Api api = Api.admin();
    String share = api.share();
    for (String bad : new String[] {"2001-01-01T00:00:00Z", "next tuesday"}) {
      api.json(Map.of("snapshot", Map.of("share_id", share, "kept_until", bad)))
          .header(EXT, "true")
          .post(api.url("/snapshots"))
          .then()
          .statusCode(400)
          .body("badRequest.message", containsString("kept_until"));
    }
  }

  @Test
  void update_memberMayExtendButNotShorten_adminMayRemove_thenDeleteWorks() {
    Api api = Api.admin();
    String snap = retained(api, api.share(), inDays(7));
    Api member = api.member();
    String later = inDays(30);
    update(member, api, snap, later)
        .then()
        .statusCode(200)
        .body("snapshot.kept_until", equalTo(naive(later)));
    update(member, api, snap, inDays(1))
        .then()
        .statusCode(403)
        .body("forbidden.message", containsString("Only an administrator"));
    update(member, api, snap, null).then().statusCode(403);
    update(api, api, snap, "2001-01-01T00:00:00Z").then().statusCode(400);

    update(api, api, snap, null).then().statusCode(200).body("snapshot.kept_until", nullValue());
    member.req().delete(api.url("/snapshots/" + snap)).then().statusCode(202);
    api.awaitGone("/snapshots/" + snap);
  }

  @Test
  void update_withoutOptIn_ignoresKeptUntil() {
    Api api = Api.admin();
    String snap = retained(api, api.share(), inDays(7));
    Map<String, Object> body = new HashMap<>();
    body.put("kept_until", null);
    body.put("display_name", "renamed");
    api.json(Map.of("snapshot", body))
        .put(api.url("/snapshots/" + snap))
        .then()
        .statusCode(200)
        .body("snapshot.name", equalTo("renamed"));
    api.req().delete(api.url("/snapshots/" + snap)).then().statusCode(409);
  }

  @Test
  void expired_listsOnlySnapshotsPastKeptUntil_andTheJobDeletesOnlyThose() throws Exception {
    Api api = Api.admin();
    String share = api.share();
    String soon =
        retained(
            api,
            share,
            ZonedDateTime.now(ZoneOffset.UTC)
                .plusSeconds(2)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    String held = retained(api, share, inDays(7));
    String plain = api.snapshot(share, "no-retention");

    long deadline = System.nanoTime() + 20_000_000_000L;
    List<String> expired = List.of();
    while (expired.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(200);
      expired =
          api.req()
              .get(api.url("/sharesnap/snapshots/expired"))
              .then()
              .statusCode(200)
              .extract()
              .path("snapshots.id");
    }
    assertEquals(List.of(soon), expired);
    api.req()
        .get(api.url("/sharesnap/snapshots/expired"))
        .then()
        .body("snapshots[0].kept_until", org.hamcrest.Matchers.notNullValue())
        .body("snapshots[0].status", equalTo("available"));
    Api other = Api.admin();
    other
        .req()
        .get(other.url("/sharesnap/snapshots/expired"))
        .then()
        .statusCode(200)
        .body("snapshots.size()", equalTo(0));

    assertTrue(retention.deleteExpiredOnce().await().atMost(Duration.ofSeconds(10)) >= 1);
    api.awaitGone("/snapshots/" + soon);
    api.req()
        .get(api.url("/snapshots/" + held))
        .then()
        .body("snapshot.status", equalTo("available"));
    api.req()
        .get(api.url("/snapshots/" + plain))
        .then()
        .body("snapshot.status", equalTo("available"));
  }

  private static io.restassured.response.Response update(
      Api caller, Api owner, String snap, String keptUntil) {
    Map<String, Object> body = new HashMap<>();
    body.put("kept_until", keptUntil);
    return caller
        .json(Map.of("snapshot", body))
        .header(EXT, "true")
        .put(owner.url("/snapshots/" + snap));
  }

  private static String retained(Api api, String share, String keptUntil) {
    String id =
        api.json(Map.of("snapshot", Map.of("share_id", share, "kept_until", keptUntil)))
            .header(EXT, "true")
            .post(api.url("/snapshots"))
            .then()
            .statusCode(202)
            .extract()
            .path("snapshot.id");
    api.awaitStatus("/snapshots/" + id, "snapshot", "available");
    return id;
  }

  private static String inDays(int days) {
    return ZonedDateTime.now(ZoneOffset.UTC)
        .plusDays(days)
        .withNano(0)
        .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }

  private static String naive(String isoUtc) {
    return ZonedDateTime.parse(isoUtc)
        .withZoneSameInstant(ZoneOffset.UTC)
        .toLocalDateTime()
        .format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS"));
  }
}
