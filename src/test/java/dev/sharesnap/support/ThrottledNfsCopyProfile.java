package dev.sharesnap.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.file.Path;
import java.util.Map;

/**
 * The NFS driver copying through the throttling FAULT INJECTOR {@code src/test/nfs/throttled-cp}
 * (the real cp, one top-level entry at a time with a 0.1 s pause), so that a copy of a share with a
 * few dozen entries lasts seconds on any machine and its progress can be watched and cancelled;
 * attempts may take that long.
 */
public class ThrottledNfsCopyProfile implements QuarkusTestProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "sharesnap.nfs.copy-command",
        "bash," + Path.of("src/test/nfs/throttled-cp").toAbsolutePath(),
        "sharesnap.tasks.operation-timeout",
        "2m");
  }
}
