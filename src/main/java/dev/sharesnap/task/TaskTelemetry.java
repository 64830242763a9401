package dev.sharesnap.task;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.MDC;

/**
 * What the worker tells operators besides its log lines: counters of retries, lease expiries and
 * finished tasks (tag kind, a handful of values), the MDC keys of each task's log lines, and the
 * task's span, which continues the trace of the request that enqueued it (its traceparent is kept
 * on the task row, so the link survives a crash and a hand-over to another replica).
 */
@ApplicationScoped
public class TaskTelemetry {

  /** MDC keys of task log lines; {@code requestId} is also the API filter's key for requests. */
  public static final String REQUEST_ID = "requestId";

  public static final String TASK_ID = "taskId";
  public static final String SNAPSHOT_ID = "snapshotId";
  public static final String SHARE_ID = "shareId";

  private static final String TRACEPARENT = "traceparent";
  private static final TextMapGetter<Map<String, String>> FROM_MAP =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };

  private final MeterRegistry registry;
  private final Tracer tracer;

  public TaskTelemetry(MeterRegistry registry, Tracer tracer) {
    this.registry = registry;
    this.tracer = tracer;
  }

  /**
   * The current span as a W3C traceparent, or null when there is none (tracing off): stored with a
   * task.
   */
  static String currentTraceParent() {
    if (!Span.current().getSpanContext().isValid()) {
      return null;
    }
    Map<String, String> carrier = new HashMap<>();
    W3CTraceContextPropagator.getInstance().inject(Context.current(), carrier, Map::put);
    return carrier.get(TRACEPARENT);
  }

  /**
   * Puts the task's ids into the MDC of the current (task-owned, duplicated) Vert.x context, where
   * every later line of the task finds them.
   */
  void logContext(Task task) {
    MDC.put(REQUEST_ID, String.valueOf(task.requestId()));
    MDC.put(TASK_ID, String.valueOf(task.id()));
    MDC.put(
        task.kind().name().startsWith("SNAPSHOT_") ? SNAPSHOT_ID : SHARE_ID,
        task.resourceId().toString());
  }

  /** Starts the task's span, a child of the enqueuing request's span when there was one. */
  Span startSpan(Task task) {
    Context parent = Context.root();
    if (task.traceParent() != null) {
      parent =
          W3CTraceContextPropagator.getInstance()
              .extract(parent, Map.of(TRACEPARENT, task.traceParent()), FROM_MAP);
    }
    return tracer
        .spanBuilder("task " + task.kind().key())
        .setParent(parent)
        .setAttribute(AttributeKey.longKey("sharesnap.task.id"), task.id())
        .setAttribute(AttributeKey.stringKey("sharesnap.resource.id"), task.resourceId().toString())
        .setAttribute(AttributeKey.longKey("sharesnap.task.attempt"), (long) task.attempts())
        .startSpan();
  }

  void leaseExpired(Task task) {
    counter("sharesnap.tasks.lease.expiries", "Tasks taken over after their lease expired", task)
        .increment();
  }

  void retried(Task task) {
    counter("sharesnap.tasks.retries", "Attempts that failed transiently and were requeued", task)
        .increment();
  }

  /** A task that ran to its end: {@code succeeded}, or {@code failed} (error status recorded). */
  void finished(Task task, String outcome) {
    Counter.builder("sharesnap.tasks.finished")
        .description("Tasks that ran to their end, by outcome")
        .tag("kind", task.kind().key())
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  private Counter counter(String name, String description, Task task) {
    return Counter.builder(name)
        .description(description)
        .tag("kind", task.kind().key())
        .register(registry);
  }
}
