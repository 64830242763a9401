package dev.sharesnap.task;

import dev.sharesnap.config.TaskConfig;
import dev.sharesnap.driver.DriverException;
import dev.sharesnap.driver.DriverRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The worker of the durable pipeline. Design: the API commits a state change and its task row
 * together and then wakes this worker; a periodic sweep is the safety net (tasks of other replicas,
 * retries that came due, leases that expired because a worker died). The worker claims at most each
 * backend's task concurrency of that backend's tasks, and the total at most (see {@link
 * BackendSlots}); tasks beyond a backend's limit stay queued, unleased. It renews their leases
 * while they run, retries transient driver failures with exponential backoff and jitter, and hands
 * terminal failures to the handler, which records an error status with the reason. On shutdown it
 * stops claiming and releases what it still holds, so another replica (or the next start) takes it
 * over. Each task runs on its own duplicated Vert.x context carrying its MDC keys (request, task
 * and snapshot or share id) and its span.
 */
@ApplicationScoped
public class TaskWorker {

  private static final Logger LOG = Logger.getLogger(TaskWorker.class);

  private final TaskQueue queue;
  private final TaskConfig config;
  private final Vertx vertx;
  private final Map<TaskKind, TaskHandler> handlers = new EnumMap<>(TaskKind.class);
  private final BackendSlots slots;
  private final AtomicBoolean claiming = new AtomicBoolean();
  private final AtomicBoolean again = new AtomicBoolean();
  private final String owner = "worker-" + UUID.randomUUID();
  private volatile boolean stopping;
  private long sweepTimer = -1;
  private long renewTimer = -1;

  private final TaskNotifications notifications;
  private final TaskTelemetry telemetry;

  public TaskWorker(
      TaskQueue queue,
      TaskConfig config,
      Vertx vertx,
      TaskNotifications notifications,
      TaskTelemetry telemetry,
      DriverRegistry drivers,
      Instance<TaskHandler> all) {
    this.queue = queue;
    this.config = config;
    this.vertx = vertx;
    this.notifications = notifications;
    this.telemetry = telemetry;
    all.forEach(h -> h.kinds().forEach(k -> handlers.put(k, h)));
    Map<String, Integer> limits = new LinkedHashMap<>();
    drivers.all().forEach(d -> limits.put(d.backendName(), d.taskConcurrency()));
    // outcomes waiting to be written while their slots serve new tasks: one full completion
    // statement's worth
    this.slots =
        new BackendSlots(
            limits,
            config.unassignedConcurrency(),
            config.concurrency(),
            SnapshotCompletions.MAX_BATCH);
  }

  void start(@Observes StartupEvent event) {
    sweepTimer = vertx.setPeriodic(config.pollInterval().toMillis(), id -> claim(true));
    long renewEvery = Math.max(1000, config.lease().toMillis() / 3);
    renewTimer = vertx.setPeriodic(renewEvery, id -> renewLeases());
    notifications.listen(this::wake);
    LOG.infof("task worker %s started (task concurrency: %s)", owner, slots);
    wake();
  }

  void stop(@Observes ShutdownEvent event) {
    stopping = true;
    vertx.cancelTimer(sweepTimer);
    vertx.cancelTimer(renewTimer);
    try {
      // Shutdown runs on the main thread, never on an event loop, so waiting here blocks nothing
      // else.
      queue.release(owner).await().atMost(Duration.ofSeconds(5));
      LOG.infof("task worker %s stopped; released %d running task(s)", owner, slots.runningCount());
    } catch (RuntimeException e) {
      // The database may already be gone; the leases then expire and another worker takes the tasks
      // over.
      LOG.warnf("task worker %s stopped without releasing its tasks: %s", owner, e.getMessage());
    }
  }

  /** Looks for work of any backend now. Cheap when called often: one claim runs at a time. */
  public void wake() {
    wake(null);
  }

  /** Looks for work of {@code backend} (null or {@code ""}: any) now. */
  void wake(String backend) {
    slots.wake(backend);
    claim(false);
  }

  /**
   * After a task ended or gave its slot up: claim only if work may be waiting. When the last claim
   * found fewer tasks than free slots of a backend and no wake-up named it since, the queue held
   * nothing more of it for this worker, and a claim now would be an empty write (new work wakes the
   * worker, the sweep finds retries and expired leases).
   */
  private void taskEnded() {
    if (slots.anyPending()) {
      claim(false);
    }
  }

  /**
   * {@code task}'s driver call returned; what remains is writing its outcome. Its backend slot goes
   * to the next task now (see {@link BackendSlots#backendDone}) rather than after that write
   * commits, which on a busy database takes longer than a fast backend's operation. The task keeps
   * its lease, renewed, until it ends. Handlers call this between the driver call and the outcome's
   * transaction; a handler that does not only holds its slot longer.
   */
  public void backendDone(Task task) {
    if (slots.backendDone(task)) {
      taskEnded();
    }
  }

  /**
   * Claims tasks for the free slots of each backend. Claims are batched (see {@link
   * BackendSlots#plan}), and the periodic sweep fills any free slot, so a worker whose other slots
   * hold long operations still takes new work.
   */
  private void claim(boolean sweep) {
    if (stopping) {
      return;
    }
    TaskQueue.Slots free = slots.plan(sweep);
    if (free == null) {
      return;
    }
    if (!claiming.compareAndSet(false, true)) {
      again.set(true);
      return;
    }
    again.set(false);
    slots.claiming(free);
    queue
        .claim(owner, free, config.lease())
        .subscribe()
        .with(
            tasks -> {
              claiming.set(false);
              slots.claimed(free, tasks);
              dispatch(tasks);
              slots.claimEnded(free);
              if (again.get() || slots.anyPending()) {
                claim(false);
              }
            },
            failure -> {
              slots.wake(null);
              slots.claimEnded(free);
              claiming.set(false);
              LOG.warnf("claiming tasks failed: %s", failure.getMessage());
            });
  }

  /**
   * Holds up to {@code wanted} free slots of {@code backend} for tasks an API transaction is about
   * to insert already leased to this worker ({@link #owner()}, status running, attempt 1): a
   * hand-off, which spares the claim, its wake-ups and the load of their resources. How many it
   * got; the caller hands that many tasks over with {@link #handOff} after its commit, or gives the
   * slots back with {@link #unreserve} when it does not commit. None while stopping.
   */
  public int reserve(String backend, int wanted) {
    return stopping ? 0 : slots.reserve(backend, wanted);
  }

  /**
   * Whether queued tasks of {@code backend} may be waiting for a slot here (a wake-up named the
   * backend, or its last claim filled every slot it asked for): a hand-off then claims the oldest
   * of them first.
   */
  public boolean mayHaveQueued(String backend) {
    return slots.pending(backend);
  }

  /** Gives back {@code n} slots of {@code backend} that {@link #reserve} held. */
  public void unreserve(String backend, int n) {
    slots.unreserve(backend, n);
  }

  /**
   * Runs tasks committed leased to this worker for slots {@link #reserve} held ({@code reserved}:
   * per backend), and lets go of those slots: {@code own}, the API transaction's own tasks, with
   * their resources already loaded, and {@code claimed}, older queued tasks it claimed for the same
   * slots (loaded first, like any claim's). A backend whose slots all went to claimed tasks may
   * have more waiting. While stopping none is started: their rows were released, or their leases
   * expire and a claim takes them.
   */
  public void handOff(List<Task> own, List<Task> claimed, Map<String, Integer> reserved) {
    if (!stopping) {
      for (Task task : own) {
        if (slots.start(task)) {
          runTask(task);
        }
      }
      if (!claimed.isEmpty()) {
        Map<String, Integer> got = new HashMap<>();
        claimed.forEach(t -> got.merge(t.backend(), 1, Integer::sum));
        reserved.forEach(
            (backend, n) -> {
              if (got.getOrDefault(backend, 0) >= n) {
                slots.wake(backend);
              }
            });
        dispatch(claimed);
      }
    }
    reserved.forEach(slots::unreserve);
  }

  /** The owner this worker's leases carry. */
  public String owner() {
    return owner;
  }

  /** How long a lease lasts before another worker may take the task over. */
  public Duration lease() {
    return config.lease();
  }

  /**
   * Starts the tasks of one claim: first each handler's {@link TaskHandler#prefetch} of its tasks
   * (one query for many), then every task. A failed prefetch only means each task loads its own.
   */
  private void dispatch(List<Task> tasks) {
    Map<TaskHandler, List<Task>> byHandler = new LinkedHashMap<>();
    List<Task> runnable = new ArrayList<>(tasks.size());
    for (Task task : tasks) {
      if (!slots.start(task)) {
        // This worker's own attempt still runs: its lease expired while the database was out of
        // reach, and the claim took the task back. The running attempt goes on under the new
        // lease (the claim kept its attempt number, so it still owns the row).
        LOG.infof("task %d: already running here; lease taken back by its own worker", task.id());
        continue;
      }
      runnable.add(task);
      byHandler.computeIfAbsent(handlers.get(task.kind()), h -> new ArrayList<>()).add(task);
    }
    if (runnable.size() < 2) {
      runnable.forEach(this::runTask);
      return;
    }
    List<Uni<Void>> loads = new ArrayList<>(byHandler.size());
    byHandler.forEach((h, ts) -> loads.add(prefetch(h, ts)));
    Uni.join()
        .all(loads)
        .andCollectFailures()
        .subscribe()
        .with(ok -> runnable.forEach(this::runTask));
  }

  private Uni<Void> prefetch(TaskHandler handler, List<Task> tasks) {
    return Uni.createFrom()
        .deferred(() -> handler.prefetch(tasks))
        .onFailure()
        .recoverWithItem(
            f -> {
              LOG.warnf(
                  "loading %d task resources together failed: %s", tasks.size(), f.getMessage());
              return null;
            });
  }

  /**
   * Runs a task on a Vert.x context of its own (a new duplicated context), so its MDC keys and its
   * span stay with its own continuations and never leak into another task's log lines.
   */
  private void runTask(Task task) {
    Context context =
        VertxContext.createNewDuplicatedContext(
            VertxContext.getRootContext(vertx.getDelegate().getOrCreateContext()));
    context.runOnContext(v -> execute(task, context));
  }

  private void execute(Task task, Context context) {
    TaskHandler handler = handlers.get(task.kind());
    telemetry.logContext(task);
    Span span = telemetry.startSpan(task);
    Scope scope = span.makeCurrent(); // kept in this task's context until the task ends
    if (task.leaseExpired()) {
      telemetry.leaseExpired(task);
      LOG.warnf("task %d: lease of its previous worker expired, taking it over", task.id());
    }
    LOG.infof(
        "task %d: running %s %s, attempt %d (%s)",
        task.id(), task.kind().key(), task.resourceId(), task.attempts(), task.requestId());
    attempt(handler, task, context, span)
        .onFailure(TaskLeaseLost.class)
        .recoverWithItem(this::leaseLost)
        .eventually(() -> finish(task, span, scope))
        .subscribe()
        .with(ok -> taskEnded(), failure -> outcomeLost(task, failure));
  }

  /** One attempt, bounded by the operation timeout; a failure is retried or recorded. */
  private Uni<Void> attempt(TaskHandler handler, Task task, Context context, Span span) {
    return Uni.createFrom()
        .deferred(() -> handler.run(task))
        .invoke(() -> telemetry.finished(task, "succeeded"))
        .ifNoItem()
        .after(config.operationTimeout())
        .failWith(
            () ->
                DriverException.transientFailure(
                    task.kind().key() + " took longer than " + config.operationTimeout(), null))
        // the timeout fires on a timer thread: come back to the task's context (MDC, span)
        .emitOn(r -> context.runOnContext(x -> r.run()))
        .onFailure()
        .recoverWithUni(failure -> onFailure(handler, task, failure, span));
  }

  private void finish(Task task, Span span, Scope scope) {
    slots.end(task);
    span.end();
    scope.close();
  }

  /** A stale attempt: whatever it found is dropped, the attempt holding the task now decides. */
  private Void leaseLost(Throwable failure) {
    LOG.warn(failure.getMessage());
    return null;
  }

  private void outcomeLost(Task task, Throwable failure) {
    LOG.errorf(
        failure,
        "task %d (%s %s) could not record its outcome",
        task.id(),
        task.kind().key(),
        task.resourceId());
    wake();
  }

  private Uni<Void> onFailure(TaskHandler handler, Task task, Throwable failure, Span span) {
    if (failure instanceof TaskLeaseLost) {
      return Uni.createFrom().failure(failure); // neither a retry nor an error status
    }
    boolean transientFailure = !(failure instanceof DriverException d) || d.isTransient();
    span.recordException(failure);
    span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
    if (transientFailure && task.attempts() < config.maxAttempts()) {
      Duration delay = backoff(task.attempts());
      telemetry.retried(task);
      LOG.warnf(
          "%s %s attempt %d failed, retrying in %d ms: %s",
          task.kind().key(),
          task.resourceId(),
          task.attempts(),
          delay.toMillis(),
          failure.getMessage());
      return queue.retryLater(task, delay, String.valueOf(failure.getMessage()));
    }
    return handler.giveUp(task, failure).invoke(() -> telemetry.finished(task, "failed"));
  }

  private Duration backoff(int attempts) {
    long base = config.retryBackoff().toMillis() << Math.min(attempts - 1, 10);
    return Duration.ofMillis(base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1));
  }

  private void renewLeases() {
    List<Long> running = slots.runningIds();
    if (!running.isEmpty()) {
      queue
          .renew(owner, running, config.lease())
          .subscribe()
          .with(ok -> {}, failure -> LOG.warnf("renewing leases failed: %s", failure.getMessage()));
    }
  }
}
