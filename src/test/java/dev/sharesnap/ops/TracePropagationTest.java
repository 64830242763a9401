package dev.sharesnap.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharesnap.support.Api;
import dev.sharesnap.support.TestDatabase;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * With the OpenTelemetry SDK switched on (a run-time setting), one snapshot create is one trace:
 * the API request's server span, the task span continuing it from the task row's traceparent, and
 * the driver span inside the task span. Spans are caught by an in-memory exporter.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@TestProfile(TracePropagationTest.TracingOn.class)
class TracePropagationTest {

  /** The SDK on, spans handed to the exporters at once; nothing listens on the OTLP endpoint. */
  public static class TracingOn implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "quarkus.otel.sdk.disabled", "false",
          "quarkus.otel.bsp.schedule.delay", "50ms",
          "quarkus.otel.exporter.otlp.traces.endpoint", "http://127.0.0.1:9");
    }
  }

  @Inject InMemorySpanExporter spans;

  @Test
  void snapshotCreate_apiTaskAndDriverSpansShareOneTrace() {
    Api api = Api.admin();
    String share = api.share();
    Response created =
        api.json(Map.of("snapshot", Map.of("share_id", share, "name", "traced")))
            .post(api.url("/snapshots"));
    created.then().statusCode(202);
    String snapshot = created.path("snapshot.id");
    api.awaitStatus("/snapshots/" + snapshot, "snapshot", "available");

    SpanData task =
        await(
            s ->
                s.getName().equals("task snapshot.create")
                    && snapshot.equals(
                        s.getAttributes().get(AttributeKey.stringKey("sharesnap.resource.id"))));
    String trace = task.getTraceId();
    SpanData request =
        await(
            s ->
                s.getTraceId().equals(trace)
                    && s.getKind() == SpanKind.SERVER
                    && s.getName().startsWith("POST")
                    && s.getName().contains("snapshots"));
    SpanData driver =
        await(s -> s.getTraceId().equals(trace) && s.getName().equals("driver create_snapshot"));

    assertEquals(trace, request.getTraceId(), "one trace");
    assertTrue(
        ancestors(task).contains(request.getSpanId()),
        () -> "the task span descends from the request span: " + describe(trace));
    assertEquals(
        task.getSpanId(), driver.getParentSpanId(), () -> "driver inside task: " + describe(trace));
    assertTrue(
        !request.getParentSpanContext().isValid(),
        () -> "the request span is the trace's root: " + describe(trace));
  }

  /** Span ids from the span's parent up to the root, as far as exported spans reach. */
  private List<String> ancestors(SpanData span) {
    Map<String, SpanData> byId =
        spans.getFinishedSpanItems().stream()
            .collect(Collectors.toMap(SpanData::getSpanId, s -> s, (a, b) -> a));
    List<String> chain = new ArrayList<>();
    String parent = span.getParentSpanId();
    while (span.getParentSpanContext().isValid() && !chain.contains(parent)) {
      chain.add(parent);
      SpanData next = byId.get(parent);
      if (next == null || !next.getParentSpanContext().isValid()) {
        break;
      }
      span = next;
      parent = next.getParentSpanId();
    }
    return chain;
  }

  private String describe(String trace) {
    return spans.getFinishedSpanItems().stream()
        .filter(s -> s.getTraceId().equals(trace))
        .map(s -> s.getName() + "[" + s.getSpanId() + " <- " + s.getParentSpanId() + "]")
        .collect(Collectors.joining(", "));
  }

  private SpanData await(Predicate<SpanData> wanted) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      Optional<SpanData> found = spans.getFinishedSpanItems().stream().filter(wanted).findFirst();
      if (found.isPresent()) {
        return found.get();
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError(
        "no such span; names exported: "
            + spans.getFinishedSpanItems().stream().map(SpanData::getName).distinct().toList());
  }
}
