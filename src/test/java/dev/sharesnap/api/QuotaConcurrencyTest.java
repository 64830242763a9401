package dev.sharesnap.api;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sharesnap.support.Api;
import dev.sharesnap.support.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * 50 creates at once against a quota of 10: exactly 10 are accepted, and usage is right afterwards.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class QuotaConcurrencyTest {

  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

  @TestHTTPResource("/")
  URL root;

  @Test
  void fiftyConcurrentSnapshotCreates_quotaOfTen_acceptExactlyTen() {
    Api admin = Api.admin();
    String share = admin.share();
    QuotaTest.setQuota(admin, Map.of("snapshots", 10));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    String body = "{\"snapshot\": {\"share_id\": \"" + share + "\"}}";
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      HttpRequest req =
          HttpRequest.newBuilder(
                  URI.create(root.toString().replaceAll("/$", "") + admin.url("/snapshots")))
              .timeout(Duration.ofSeconds(60))
              .header("X-Auth-Token", "alice:" + admin.project)
              .header("X-OpenStack-Manila-API-Version", "2.73")
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      calls.add(http.sendAsync(req, HttpResponse.BodyHandlers.ofString()));
    }
    List<String> accepted = new ArrayList<>();
    int overLimit = 0;
    for (CompletableFuture<HttpResponse<String>> call : calls) {
      HttpResponse<String> r = call.join();
      if (r.statusCode() == 202) {
        Matcher m = ID.matcher(r.body());
        m.find();
        accepted.add(m.group(1));
      } else {
        assertEquals(413, r.statusCode(), r.body());
        overLimit++;
      }
    }
    assertEquals(10, accepted.size());
    assertEquals(40, overLimit);
    QuotaTest.detail(admin)
        .body("quota_set.snapshots.in_use", equalTo(10))
        .body("quota_set.snapshot_gigabytes.in_use", equalTo(10));

    for (String id : accepted) {
      admin.awaitStatus("/snapshots/" + id, "snapshot", "available");
      admin.req().delete(admin.url("/snapshots/" + id)).then().statusCode(202);
    }
    for (String id : accepted) {
      admin.awaitGone("/snapshots/" + id);
    }
    QuotaTest.detail(admin)
        .body("quota_set.snapshots.in_use", equalTo(0))
        .body("quota_set.snapshot_gigabytes.in_use", equalTo(0));
  }
}
