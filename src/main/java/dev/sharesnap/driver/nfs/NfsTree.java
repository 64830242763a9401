package dev.sharesnap.driver.nfs;

import dev.sharesnap.driver.CopyProgress;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Blocking file operations of the NFS backend; called only from the driver's pool. Every operation
 * is idempotent: complete trees exist only under their final names.
 */
final class NfsTree {

  private static final long GIB = 1L << 30;
  private final Path root;
  private final boolean reflink;
  private final NfsCopy copies;

  NfsTree(Path root, boolean reflink) {
    this(root, reflink, new NfsCopy(List.of("cp"), Duration.ofSeconds(2)));
  }

  NfsTree(Path root, boolean reflink, NfsCopy copies) {
    this.root = root;
    this.reflink = reflink;
    this.copies = copies;
  }

  /** Whether copies share extents (reflink) rather than copying data. */
  boolean reflink() {
    return reflink;
  }

  /**
   * Null when files under {@code root} can be cloned ({@code cp --reflink=always} of a probe file
   * succeeds: XFS with reflink, Btrfs), else cp's reason (ext4: "Operation not supported").
   */
  static String reflinkRefusal(Path root) throws IOException, InterruptedException {
    Files.createDirectories(root);
    Path probe = root.resolve(".reflink-probe-" + UUID.randomUUID());
    Path clone = root.resolve(probe.getFileName() + ".clone");
    try {
      Files.writeString(probe, "sharesnap reflink probe\n");
      Process cp =
          new ProcessBuilder("cp", "--reflink=always", probe.toString(), clone.toString())
              .redirectErrorStream(true)
              .start();
      String output = new String(cp.getInputStream().readAllBytes()).trim();
      if (!cp.waitFor(30, TimeUnit.SECONDS)) {
        cp.destroyForcibly();
        return "the probe copy did not finish";
      }
      return cp.exitValue() == 0 ? null : output;
    } finally {
      Files.deleteIfExists(probe);
      Files.deleteIfExists(clone);
    }
  }

  Path root() {
    return root;
  }

  Path share(UUID id) {
    return shares().resolve(id.toString());
  }

  /** The directory holding every share. */
  Path shares() {
    return root.resolve("shares");
  }

  Path snapshot(String location) {
    return snapshots().resolve(location);
  }

  /** The directory holding every snapshot. */
  Path snapshots() {
    return root.resolve("snapshots");
  }

  Path createEmpty(Path dir) throws IOException {
    Files.createDirectories(dir);
    return dir;
  }

  /**
   * Copies the tree {@code source} to {@code target} unless {@code target} already exists. The copy
   * is made with {@code cp -a --reflink=auto} (shared extents on XFS/Btrfs, a full copy elsewhere)
   * into a temporary sibling of this attempt's own, then renamed, so a crash never leaves a partial
   * tree under the final name, and two attempts of one task running at once (a lease that expired
   * while its worker was cut off from the database) cannot mix their copies: the first rename wins,
   * the other attempt finds the target complete. Temporary trees of other attempts go once the
   * target is there.
   */
  Path copyInto(Path source, Path target) throws IOException, InterruptedException {
    return copyInto(source, target, CopyProgress.NONE);
  }

  /**
   * As {@link #copyInto(Path, Path)}, reporting how far this attempt's temporary tree has come to
   * {@code progress}. Once the caller cancels, the copy is killed and this attempt's temporary tree
   * removed before {@link NfsCopy.CancelledException} is thrown; nothing is renamed into place.
   */
  Path copyInto(Path source, Path target, CopyProgress progress)
      throws IOException, InterruptedException {
    if (Files.isDirectory(target)) {
      removeAttempts(target);
      return target;
    }
    Files.createDirectories(target.getParent());
    Path tmp = target.resolveSibling(tmpPrefix(target) + UUID.randomUUID());
    Files.createDirectories(tmp);
    try {
      copies.run(source, tmp, reflinkFrom(source), progress);
      if (progress.cancelled()) {
        throw new NfsCopy.CancelledException(source);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (NfsCopy.CancelledException e) {
      remove(tmp);
      throw e;
    } catch (IOException e) {
      if (!Files.isDirectory(target)) {
        remove(tmp);
        throw e;
      }
      // another attempt renamed its complete copy first
    }
    removeAttempts(target);
    return target;
  }

  /**
   * Removes {@code target} and every attempt's temporary tree beside it (a copy that was cancelled,
   * or whose worker died); succeeds when there is nothing.
   */
  Path removeWithAttempts(Path target) throws IOException {
    remove(target);
    if (Files.isDirectory(target.getParent())) {
      removeAttempts(target);
    }
    return target;
  }

  private static String tmpPrefix(Path target) {
    return ".tmp-" + target.getFileName() + ".";
  }

  /**
   * Removes the temporary trees attempts left beside {@code target} (also the old unsuffixed one).
   * A tree another attempt is still copying into (a lost lease: two attempts at once) may refill as
   * it is removed; it is left to that attempt, which removes it once its rename finds the target.
   */
  private void removeAttempts(Path target) throws IOException {
    String prefix = tmpPrefix(target);
    String legacy = ".tmp-" + target.getFileName();
    try (var siblings = Files.list(target.getParent())) {
      for (Path p : (Iterable<Path>) siblings::iterator) {
        String name = p.getFileName().toString();
        if (name.startsWith(prefix) || name.equals(legacy)) {
          try {
            remove(p);
          } catch (DirectoryNotEmptyException e) {
            // still being written by the other attempt
          }
        }
      }
    }
  }

  /**
   * Stops copies still running (shutdown): their tasks were handed back to the queue, and the
   * worker that takes one over starts its copy afresh.
   */
  void stopCopies() {
    copies.stopAll();
  }

  /**
   * Makes {@code dir} hold exactly the contents of {@code source}, keeping {@code dir} itself (its
   * inode, so NFS clients keep their file handle on the export root): empty it, then copy. A retry
   * redoes both.
   */
  Path replaceContents(Path dir, Path source) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    try (var children = Files.list(dir)) {
      for (Path child : (Iterable<Path>) children::iterator) {
        remove(child);
      }
    }
    copies.run(source, dir, reflinkFrom(source), CopyProgress.NONE);
    return dir;
  }

  /** Removes a tree; succeeds when it is already gone. */
  Path remove(Path dir) throws IOException {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return dir;
    }
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            throw e;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            Files.deleteIfExists(d);
            return FileVisitResult.CONTINUE;
          }
        });
    return dir;
  }

  /** Size of a tree in GiB, rounded up, at least 1 (Manila sizes are whole GiB). */
  int sizeGiB(Path dir) throws IOException {
    AtomicLong bytes = new AtomicLong();
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            bytes.addAndGet(attrs.size());
            return FileVisitResult.CONTINUE;
          }
        });
    return (int) Math.max(1, (bytes.get() + GIB - 1) / GIB);
  }

  /**
   * Whether a copy from {@code source} may share extents: only when the export root clones files
   * and the source is under it (a group snapshot's staging directory is on another filesystem, so
   * that copy is a full one).
   */
  private boolean reflinkFrom(Path source) {
    return reflink && source.toAbsolutePath().startsWith(root.toAbsolutePath());
  }
}
