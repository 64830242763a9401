package dev.sharesnap.api;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharesnap.service.FailingCreateBatchFaultInjection;
import dev.sharesnap.support.Api;
import dev.sharesnap.support.TestDatabase;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Snapshot creates sent at once are committed in batches (group commit); every answer must be the
 * one the same request would get run alone: per-project and per-user quotas counted exactly, the
 * share checks with their codes and messages, usage equal to what was accepted. A batch that fails
 * in the database still answers each of its creates, through the single-create fallback.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class SnapshotCreateBatchTest {

  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
  private static final Pattern MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"([^\"]*)\"");
  private static final String NOT_FOUND = "404 NotFound: Resource could not be found.";
  private static final String NOT_AVAILABLE =
      "400 Invalid share: Source share status must be available.";

  @TestHTTPResource("/")
  URL root;

  @Inject MeterRegistry registry;

  @Inject FailingCreateBatchFaultInjection faults;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** One create to send: who asks, in which project's URL, for which share. */
  private record Call(Api api, String share) {}

  @Test
  void concurrentCreates_severalProjects_answerAsIfRunOneByOne_inBatches() {
    Api a = Api.admin();
    Api b = Api.admin();
    Api c = Api.admin();
    QuotaTest.setQuota(a, Map.of("snapshots", 5));
    QuotaTest.setQuota(b, Map.of("snapshots", 3));
    // in c only bob (a member) is limited, to 2; alice is not
    c.json(Map.of("quota_set", Map.of("snapshots", 2)))
        .put(c.url("/quota-sets/" + c.project + "?user_id=bob"))
        .then()
        .statusCode(200);
    String a1 = a.share();
    String a2 = a.share();
    String b1 = b.share();
    String c1 = c.share();
    String broken = a.share();
    a.json(Map.of("reset_status", Map.of("status", "error")))
        .post(a.url("/shares/" + broken + "/action"))
        .then()
        .statusCode(202);
    Api stranger = Api.admin().member();

    List<Call> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      calls.add(new Call(a, i % 2 == 0 ? a1 : a2));
    }
    for (int i = 0; i < 6; i++) {
      calls.add(new Call(b, b1));
    }
    for (int i = 0; i < 6; i++) {
      calls.add(new Call(c.member(), c1));
      calls.add(new Call(c, c1));
    }
    for (int i = 0; i < 4; i++) {
      calls.add(new Call(a, broken));
      calls.add(new Call(stranger, a1));
    }
    // 40 creates
    double[] before = batches();
    Map<String, Integer> answers = count(send(calls));

    Map<String, Integer> expected = new HashMap<>();
    expected.put(a.project + " 202", 5);
    expected.put(a.project + " 413 " + overLimit(5), 3);
    expected.put(b.project + " 202", 3);
    expected.put(b.project + " 413 " + overLimit(3), 3);
    expected.put(c.project + " 202", 6 + 2);
    expected.put(c.project + " 413 " + overLimit(2), 4);
    expected.put(a.project + " " + NOT_AVAILABLE, 4);
    expected.put(stranger.project + " " + NOT_FOUND, 4);
    assertEquals(expected, answers);
    for (Object[] usage : new Object[][] {{a, 5}, {b, 3}, {c, 8}}) {
      QuotaTest.detail((Api) usage[0])
          .body("quota_set.snapshots.in_use", equalTo(usage[1]))
          .body("quota_set.snapshot_gigabytes.in_use", equalTo(usage[1]));
    }
    double[] after = batches();
    assertTrue(
        after[1] - before[1] > after[0] - before[0],
        "no batch held more than one create: " + (after[0] - before[0]) + " batches");
  }

  @Test
  void batchFailingInTheDatabase_eachCreateCompletesAlone() {
    Api a = Api.admin();
    QuotaTest.setQuota(a, Map.of("snapshots", 10));
    String share = a.share();
    List<Call> calls = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      calls.add(new Call(a, share));
    }
    int injectedBefore = faults.injected();
    faults.arm(true);
    Map<String, Integer> answers;
    try {
      answers = count(send(calls));
    } finally {
      faults.arm(false);
    }
    assertTrue(faults.injected() > injectedBefore, "no batch failed");
    assertEquals(Map.of(a.project + " 202", 10, a.project + " 413 " + overLimit(10), 10), answers);
    QuotaTest.detail(a).body("quota_set.snapshots.in_use", equalTo(10));
  }

  private static String overLimit(int limit) {
    return "SnapshotLimitExceeded: Maximum number of snapshots allowed ("
        + limit
        + ") either per project/user or share type quota is exceeded.";
  }

  /** Batches and creates recorded so far. */
  private double[] batches() {
    DistributionSummary s = registry.find("sharesnap.snapshot.create.batch").summary();
    return s == null ? new double[] {0, 0} : new double[] {s.count(), s.totalAmount()};
  }

  private List<HttpResponse<String>> send(List<Call> calls) {
    List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
    for (Call call : calls) {
      HttpRequest.Builder req =
          HttpRequest.newBuilder(
                  URI.create(root.toString().replaceAll("/$", "") + call.api().url("/snapshots")))
              .timeout(Duration.ofSeconds(60))
              .header("X-Auth-Token", call.api().user + ":" + call.api().project)
              .header("X-OpenStack-Manila-API-Version", "2.73")
              .header("Content-Type", "application/json")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      "{\"snapshot\": {\"share_id\": \"" + call.share() + "\"}}"));
      if (!"alice".equals(call.api().user)) {
        req.header("X-Roles", "member,reader");
      }
      sent.add(http.sendAsync(req.build(), HttpResponse.BodyHandlers.ofString()));
    }
    return sent.stream().map(CompletableFuture::join).toList();
  }

  /**
   * Answers counted by the project in the URL, status and (for errors) message; an accepted
   * snapshot must be in that project.
   */
  private static Map<String, Integer> count(List<HttpResponse<String>> responses) {
    Map<String, Integer> out = new HashMap<>();
    for (HttpResponse<String> r : responses) {
      String project = r.uri().getPath().split("/")[2];
      String key = project + " " + r.statusCode();
      if (r.statusCode() == 202) {
        Matcher m = ID.matcher(r.body());
        assertTrue(m.find(), r.body());
      } else {
        Matcher m = MESSAGE.matcher(r.body());
        assertTrue(m.find(), r.body());
        key += " " + m.group(1);
      }
      out.merge(key, 1, Integer::sum);
    }
    return out;
  }
}
