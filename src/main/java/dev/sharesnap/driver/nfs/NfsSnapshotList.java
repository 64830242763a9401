package dev.sharesnap.driver.nfs;

import dev.sharesnap.driver.BackendSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Lists the snapshot directories of an NFS export root, for the manageable-snapshots listing.
 * Blocking; runs on the driver's pool. A directory under a name that {@code manage} accepts is a
 * snapshot. A per-attempt temporary tree ({@code .tmp-<name>.<attempt>}) whose final directory is
 * not there yet is a copy in progress, or one an interrupted attempt left: it is listed under the
 * name it will get, marked not safe, so that nobody adopts half a copy. Temporary trees beside a
 * complete directory are leftovers about to be removed and are not listed. A directory records no
 * share, so entries carry no share reference.
 */
final class NfsSnapshotList {

  static final String COPY_IN_PROGRESS =
      "a temporary copy is in progress (or was left by an interrupted attempt)";

  private static final String TMP = ".tmp-";

  /** The UUID suffix an attempt adds to its temporary tree. */
  private static final Pattern ATTEMPT =
      Pattern.compile("\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

  private NfsSnapshotList() {}

  static List<BackendSnapshot> scan(NfsTree tree, Pattern location) throws IOException {
    Path dir = tree.snapshots();
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    Map<String, Path> complete = new TreeMap<>();
    Map<String, Path> partial = new TreeMap<>();
    try (var children = Files.list(dir)) {
      for (Path p : (Iterable<Path>) children::iterator) {
        String name = p.getFileName().toString();
        if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        if (name.startsWith(TMP)) {
          partial.putIfAbsent(ATTEMPT.matcher(name.substring(TMP.length())).replaceFirst(""), p);
        } else if (location.matcher(name).matches()) {
          complete.put(name, p);
        }
      }
    }
    partial.keySet().removeAll(complete.keySet());
    List<BackendSnapshot> out = new ArrayList<>();
    complete.forEach((name, p) -> add(out, tree, name, p, null));
    partial.forEach((name, p) -> add(out, tree, name, p, COPY_IN_PROGRESS));
    return out;
  }

  /** Adds the entry unless its tree vanished while it was measured (deleted or renamed). */
  private static void add(
      List<BackendSnapshot> out, NfsTree tree, String name, Path p, String unsafeReason) {
    try {
      out.add(new BackendSnapshot(name, null, tree.sizeGiB(p), unsafeReason, null));
    } catch (NoSuchFileException e) {
      // gone meanwhile: a delete, or an attempt's rename (its final name is listed next time)
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
