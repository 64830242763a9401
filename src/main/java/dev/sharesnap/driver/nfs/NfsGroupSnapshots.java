package dev.sharesnap.driver.nfs;

import dev.sharesnap.driver.DriverException;
import dev.sharesnap.driver.SnapshotRef;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group snapshots taken at one point in time under a {@link GroupFreeze}: every member is staged
 * under the freeze, then each staged tree becomes its member's snapshot directory. A retry finds
 * the members whose directories exist; if only some do, they are from an earlier point in time and
 * are taken again with the others, so members never mix points.
 *
 * <p>One take at a time per export root: a freeze is of the whole filesystem (a second {@code
 * fsfreeze} fails, and the first thaw would end the second's point in time), and two attempts of
 * one task running at once (a lost lease) must not take turns removing each other's members. A lock
 * in this process and a file lock on {@code <root>/.group-snapshots.lock} (for other processes
 * sharing the root) serialize the takes; under the lock the members are looked at again, so the
 * second attempt finds the first one's complete members and keeps them.
 */
final class NfsGroupSnapshots {

  private final NfsTree tree;
  private final GroupFreeze freeze;
  private final ReentrantLock local = new ReentrantLock();

  NfsGroupSnapshots(NfsTree tree, GroupFreeze freeze) {
    this.tree = tree;
    this.freeze = freeze;
  }

  /** Makes every member's snapshot directory exist, all from one point in time. Blocks. */
  void take(List<SnapshotRef> members) throws IOException, InterruptedException {
    List<Path> targets = members.stream().map(m -> tree.snapshot(m.id().toString())).toList();
    if (complete(targets)) {
      return;
    }
    Files.createDirectories(tree.root());
    local.lockInterruptibly();
    try (FileChannel channel =
            FileChannel.open(
                tree.root().resolve(".group-snapshots.lock"),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) {
      if (!complete(targets)) {
        takeTogether(members, targets);
      }
    } finally {
      local.unlock();
    }
  }

  private static boolean complete(List<Path> targets) {
    return targets.stream().allMatch(Files::isDirectory);
  }

  private void takeTogether(List<SnapshotRef> members, List<Path> targets)
      throws IOException, InterruptedException {
    for (Path t : targets) {
      tree.remove(t);
    }
    List<Path> sources = members.stream().map(m -> tree.share(m.share().id())).toList();
    for (Path source : sources) {
      if (!Files.isDirectory(source)) {
        throw DriverException.permanent("Share data " + source + " is missing on the backend.");
      }
    }
    List<Path> staged = freeze.stage(sources, members.get(0).id().toString());
    try {
      for (int i = 0; i < staged.size(); i++) {
        tree.copyInto(staged.get(i), targets.get(i));
      }
    } finally {
      tree.remove(staged.get(0).getParent());
    }
  }
}
