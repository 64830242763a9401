package dev.sharesnap.task;

import dev.sharesnap.driver.CopyProgress;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The task's side of a driver copy: persists the progress the driver reports and cancels the copy
 * once its row no longer wants it. Each report (the driver's progress interval) becomes at most one
 * statement, run on the task's Vert.x context: the new value when it changed, else a check of the
 * row; either answers whether the row is still in the status the task expects. When it is not (a
 * force_delete, a reset_status, the row gone) the copy is cancelled, as it is when the driver call
 * ends without a result (a timeout: nobody waits for the copy any more). The row is the only thing
 * replicas share, so this works whichever replica runs the copy. A report that arrives while the
 * previous statement still runs is dropped, so a slow database sees one statement per copy at a
 * time; a failed statement cancels nothing (the next report asks again).
 */
final class ProgressWriter implements CopyProgress {

  private static final Logger LOG = Logger.getLogger(ProgressWriter.class);

  private final Context context;
  private final Function<String, Uni<Boolean>> store;
  private final String what;
  private final AtomicBoolean busy = new AtomicBoolean();
  private volatile boolean unwanted;
  private volatile boolean abandoned;
  private volatile boolean finished;

  /** The last value stored; read and written on {@code context} only. */
  private String written;

  ProgressWriter(
      Context context, String initial, Function<String, Uni<Boolean>> store, String what) {
    this.context = context;
    this.written = initial;
    this.store = store;
    this.what = what;
  }

  /**
   * A writer for the copy of {@code what}, whose row holds {@code initial}; {@code store} writes a
   * value (null: only checks) and answers whether the row still wants the copy.
   */
  static ProgressWriter of(
      Vertx vertx, String initial, Function<String, Uni<Boolean>> store, String what) {
    Context current = Vertx.currentContext();
    return new ProgressWriter(
        current != null ? current : vertx.getOrCreateContext(), initial, store, what);
  }

  @Override
  public void report(int percent) {
    if (cancelled() || finished || !busy.compareAndSet(false, true)) {
      return;
    }
    String value = Math.max(0, Math.min(99, percent)) + "%";
    context.runOnContext(v -> store(value));
  }

  private void store(String value) {
    String changed = value.equals(written) ? null : value;
    store
        .apply(changed)
        .subscribe()
        .with(
            wanted -> {
              if (finished) {
                // the driver call returned meanwhile; its outcome is recorded elsewhere
              } else if (!wanted) {
                LOG.infof("%s is no longer being created: its copy is cancelled", what);
                unwanted = true;
              } else if (changed != null) {
                written = changed;
              }
              busy.set(false);
            },
            failure -> {
              LOG.debugf("progress of %s not stored: %s", what, failure.getMessage());
              busy.set(false);
            });
  }

  /**
   * The driver call ended: answers still on their way change nothing. A call that failed (the
   * driver's own timeout) or was cancelled (the task's operation timeout) no longer has anyone
   * waiting for it, so a copy still running behind it is stopped.
   */
  <T> void finish(T item, Throwable failure, boolean cancelled) {
    finished = true;
    abandoned = failure != null || cancelled;
  }

  /** Whether the copy was cancelled because its row no longer wants it. */
  boolean unwanted() {
    return unwanted;
  }

  @Override
  public boolean cancelled() {
    return unwanted || abandoned;
  }
}
