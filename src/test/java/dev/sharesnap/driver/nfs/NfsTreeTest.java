package dev.sharesnap.driver.nfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharesnap.driver.CopyProgress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two attempts of one copy at once (a task whose lease expired while its worker was cut off from
 * the database, claimed again): the result is one complete tree and no temporary leftovers. A copy
 * reports its progress and stops when cancelled, leaving nothing behind. The progress and cancel
 * tests copy through the throttling fault injector {@code src/test/nfs/throttled-cp} (the real cp,
 * one top-level entry at a time with a pause), so that the copy lasts many progress intervals.
 */
class NfsTreeTest {

  /** The throttled copy: the real cp per top-level entry, 0.1 s pause after each. */
  private static final List<String> THROTTLED_CP =
      List.of("bash", Path.of("src/test/nfs/throttled-cp").toAbsolutePath().toString());

  @TempDir Path root;

  @Test
  void concurrentAttempts_ofOneCopy_leaveOneCompleteTree() throws Exception {
    NfsTree tree = new NfsTree(root, false);
    Path source = Files.createDirectories(root.resolve("shares").resolve("s"));
    int files = 4000;
    for (int i = 0; i < files; i++) {
      Files.writeString(source.resolve("f" + i), "content " + i);
    }
    Path target = root.resolve("snapshots").resolve("snap");
    ExecutorService two = Executors.newFixedThreadPool(2);
    try {
      List<Future<Path>> attempts =
          List.of(
              two.submit(() -> tree.copyInto(source, target)),
              two.submit(() -> tree.copyInto(source, target)));
      for (Future<Path> attempt : attempts) {
        assertEquals(target, attempt.get());
      }
    } finally {
      two.shutdownNow();
    }
    try (Stream<Path> copied = Files.list(target)) {
      assertEquals(files, copied.count());
    }
    assertEquals("content 3999", Files.readString(target.resolve("f3999")));
    try (Stream<Path> siblings = Files.list(target.getParent())) {
      List<String> names = siblings.map(p -> p.getFileName().toString()).toList();
      assertEquals(List.of("snap"), names, "no attempt's temporary copy is left");
    }
    assertTrue(Files.isDirectory(target));
  }

  @Test
  void copy_reportsProgress_fromZero_andNeverAbove99() throws Exception {
    NfsTree tree = throttledTree();
    Path source = share(20);
    Recorder progress = new Recorder(-1);
    Path target = tree.copyInto(source, root.resolve("snapshots").resolve("snap"), progress);
    assertEquals(20, count(target));
    assertEquals(0, progress.reports.get(0), "the first report is 0%");
    assertTrue(progress.reports.stream().allMatch(p -> p >= 0 && p <= 99), "" + progress.reports);
    assertTrue(
        progress.reports.stream().anyMatch(p -> p > 0 && p < 100),
        "a value strictly between 0% and 100% was reported: " + progress.reports);
    for (int i = 1; i < progress.reports.size(); i++) {
      assertTrue(progress.reports.get(i) >= progress.reports.get(i - 1), "" + progress.reports);
    }
  }

  @Test
  void cancelledCopy_isKilled_andLeavesNoTreeBehind() throws Exception {
    NfsTree tree = throttledTree();
    Path source = share(40);
    Path target = root.resolve("snapshots").resolve("snap");
    Recorder progress = new Recorder(1);
    assertThrows(NfsCopy.CancelledException.class, () -> tree.copyInto(source, target, progress));
    assertTrue(progress.reports.stream().anyMatch(p -> p >= 1), "cancelled after some progress");
    assertEquals(
        0, progress.afterCancel.get(), "the copy stopped at the next check, not at its end");
    try (Stream<Path> siblings = Files.list(target.getParent())) {
      assertEquals(List.of(), siblings.toList(), "no snapshot and no temporary tree");
    }
    assertTrue(
        ProcessHandle.allProcesses()
            .noneMatch(p -> p.info().commandLine().orElse("").contains(root.toString())),
        "no copy process is left running");
  }

  @Test
  void removeWithAttempts_removesTheTarget_andEveryAttemptsTemporaryTree() throws Exception {
    NfsTree tree = new NfsTree(root, false);
    Path target = root.resolve("snapshots").resolve("snap");
    Files.createDirectories(target.resolveSibling(".tmp-snap." + java.util.UUID.randomUUID()));
    Files.createDirectories(target.resolveSibling(".tmp-snap.other").resolve("sub"));
    Files.createDirectories(target.resolveSibling("snap2"));
    Files.writeString(Files.createDirectories(target).resolve("f"), "x");
    tree.removeWithAttempts(target);
    try (Stream<Path> siblings = Files.list(target.getParent())) {
      assertEquals(
          List.of("snap2"), siblings.map(p -> p.getFileName().toString()).toList(), "others stay");
    }
    tree.removeWithAttempts(root.resolve("snapshots").resolve("never-created"));
  }

  private NfsTree throttledTree() {
    return new NfsTree(root, false, new NfsCopy(THROTTLED_CP, Duration.ofMillis(20)));
  }

  private Path share(int files) throws Exception {
    Path source = Files.createDirectories(root.resolve("shares").resolve("s"));
    for (int i = 0; i < files; i++) {
      Files.write(source.resolve("f" + i), new byte[64 * 1024]);
    }
    return source;
  }

  private static long count(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.count();
    }
  }

  /** Records every report; cancels once a report reaches {@code cancelAt} (never when -1). */
  private static final class Recorder implements CopyProgress {
    final List<Integer> reports = new CopyOnWriteArrayList<>();
    final AtomicInteger afterCancel = new AtomicInteger();
    private final int cancelAt;
    private volatile boolean cancelled;

    Recorder(int cancelAt) {
      this.cancelAt = cancelAt;
    }

    @Override
    public void report(int percent) {
      if (cancelled) {
        afterCancel.incrementAndGet();
      }
      reports.add(percent);
      cancelled |= cancelAt >= 0 && percent >= cancelAt;
    }

    @Override
    public boolean cancelled() {
      return cancelled;
    }
  }
}
