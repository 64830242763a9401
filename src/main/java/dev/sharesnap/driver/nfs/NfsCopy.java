package dev.sharesnap.driver.nfs;

import dev.sharesnap.driver.CopyProgress;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One tree copy as a child process ({@code cp -a}), watched from the calling (blocking) thread:
 * every progress interval it measures how much of the source is already in the target, reports it,
 * and kills the copy, with every process it started, when the caller cancels. Progress is work done
 * over work to do, where a file counts as its bytes plus {@link #FILE_WORK} (so trees of many small
 * files advance too); the source's totals are measured once, before the copy starts.
 */
final class NfsCopy {

  /** Work a file stands for beyond its bytes: creating it and copying its metadata. */
  static final long FILE_WORK = 4096;

  private static final Duration LONGEST = Duration.ofHours(1);

  private final List<String> command;
  private final Duration interval;

  /** Copies in progress, so that a shutdown can stop them instead of leaving orphans behind. */
  private final Set<Process> running = ConcurrentHashMap.newKeySet();

  NfsCopy(List<String> command, Duration interval) {
    this.command = List.copyOf(command);
    this.interval = interval;
  }

  /** Raised when the caller cancelled the copy; the copy process is dead by then. */
  static final class CancelledException extends IOException {
    CancelledException(Path source) {
      super("copy of " + source + " was cancelled");
    }
  }

  /**
   * Copies the contents of {@code source} into the existing directory {@code target} ({@code
   * --reflink=always} or {@code never}), reporting to {@code progress}; throws {@link
   * CancelledException} once the caller cancels (the partial target is the caller's to remove).
   */
  void run(Path source, Path target, boolean reflink, CopyProgress progress)
      throws IOException, InterruptedException {
    long total = progress == CopyProgress.NONE ? 0 : work(source);
    progress.report(0);
    if (progress.cancelled()) {
      throw new CancelledException(source);
    }
    List<String> argv = new ArrayList<>(command);
    argv.addAll(
        List.of("-a", "--reflink=" + (reflink ? "always" : "never"), source + "/.", "" + target));
    Path errors = Files.createTempFile("sharesnap-copy", ".err");
    Process cp =
        new ProcessBuilder(argv)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(errors.toFile())
            .start();
    running.add(cp);
    try {
      watch(cp, source, target, total, progress);
      if (cp.exitValue() != 0) {
        throw new IOException("copy of " + source + " failed: " + Files.readString(errors).trim());
      }
    } finally {
      running.remove(cp);
      Files.deleteIfExists(errors);
    }
  }

  /** Waits for {@code cp}, reporting each interval; kills it when cancelled or after an hour. */
  private void watch(Process cp, Path source, Path target, long total, CopyProgress progress)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + LONGEST.toNanos();
    while (!cp.waitFor(interval.toMillis(), TimeUnit.MILLISECONDS)) {
      if (progress.cancelled()) {
        stop(cp);
        throw new CancelledException(source);
      }
      if (System.nanoTime() > deadline) {
        stop(cp);
        throw new IOException("copy of " + source + " took longer than " + LONGEST);
      }
      if (total > 0) {
        progress.report((int) Math.min(99, work(target) * 100 / total));
      }
    }
  }

  /**
   * Kills a copy and every process it started (a wrapper's children outlive it otherwise), and
   * waits until they are gone, so nothing writes into the target afterwards.
   */
  private static void stop(Process p) throws InterruptedException {
    List<ProcessHandle> children = p.descendants().toList();
    p.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
    p.waitFor(30, TimeUnit.SECONDS);
    for (ProcessHandle child : children) {
      try {
        child.onExit().get(30, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        // gone or unkillable: nothing more to do
      }
    }
  }

  /**
   * Stops copies still running (shutdown): their tasks were handed back to the queue, and the
   * worker that takes one over starts its copy afresh.
   */
  void stopAll() {
    for (Process p : running) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  /**
   * The work a tree stands for: its files' bytes plus {@link #FILE_WORK} per file. Files that
   * vanish while it walks (a copy being removed) are skipped; a missing tree is no work.
   */
  static long work(Path dir) throws IOException {
    long[] sum = {0};
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            sum[0] += attrs.size() + FILE_WORK;
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) {
            return FileVisitResult.CONTINUE;
          }
        });
    return sum[0];
  }
}
