package dev.sharesnap.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The task's side of a copy: what it stores, when it cancels. The store here is a recording
 * function answering as a row would (still wanted, or not); each report is awaited through it.
 */
class ProgressWriterTest {

  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();
  private final List<String> stored = Collections.synchronizedList(new ArrayList<>());
  private final LinkedBlockingQueue<Boolean> answered = new LinkedBlockingQueue<>();
  private volatile boolean rowWantsIt = true;

  @AfterEach
  void close() {
    vertx.close();
  }

  private ProgressWriter writer(String initial) {
    return new ProgressWriter(
        context,
        initial,
        value -> {
          stored.add(value);
          boolean wanted = rowWantsIt;
          return Uni.createFrom().item(wanted).invoke(() -> answered.add(wanted));
        },
        "snapshot test");
  }

  private void reportAndWait(ProgressWriter w, int percent) throws InterruptedException {
    w.report(percent);
    assertTrue(answered.poll(30, TimeUnit.SECONDS) != null, "the report reached the store");
    // the writer takes the answer in the same task on its context; the next task runs after it
    context.runOnContext(v -> answered.add(true));
    answered.poll(30, TimeUnit.SECONDS);
  }

  @Test
  void changedValuesAreStored_unchangedOnesOnlyChecked_andCappedAt99() throws Exception {
    ProgressWriter w = writer("0%");
    reportAndWait(w, 0);
    reportAndWait(w, 40);
    reportAndWait(w, 40);
    reportAndWait(w, 100);
    assertEquals(java.util.Arrays.asList(null, "40%", null, "99%"), stored);
    assertFalse(w.cancelled());
  }

  @Test
  void aRowThatNoLongerWantsTheCopy_cancelsIt_andLaterReportsAreDropped() throws Exception {
    ProgressWriter w = writer("0%");
    reportAndWait(w, 10);
    rowWantsIt = false;
    reportAndWait(w, 20);
    assertTrue(w.cancelled());
    assertTrue(w.unwanted());
    w.report(30);
    assertEquals(List.of("10%", "20%"), stored, "nothing asked after the cancel");
  }

  @Test
  void aCallThatEndsWithoutResult_stopsTheCopy_butNotOneThatSucceeded() {
    ProgressWriter failed = writer("0%");
    failed.finish(null, new RuntimeException("timed out"), false);
    assertTrue(failed.cancelled());
    assertFalse(failed.unwanted(), "not the row's doing: the task's failure path runs");
    ProgressWriter timedOut = writer("0%");
    timedOut.finish(null, null, true);
    assertTrue(timedOut.cancelled());
    ProgressWriter done = writer("0%");
    done.finish("result", null, false);
    assertFalse(done.cancelled());
    done.report(50);
    assertEquals(List.of(), stored, "nothing stored once the call returned");
  }
}
