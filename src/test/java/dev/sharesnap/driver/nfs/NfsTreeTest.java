package dev.sharesnap.driver.nfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two attempts of one copy at once (a task whose lease expired while its worker was cut off from
 * the database, claimed again): the result is one complete tree and no temporary leftovers.
 */
class NfsTreeTest {

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
}
