package dev.sharesnap.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * OpenStack's functional tests for Manila (manila-tempest-plugin: its snapshot API tests and its
 * share manage tests) against the packaged service with a real Keystone and a real NFS-Ganesha:
 * src/test/tempest/run-tempest.sh, which prints passed/failed/skipped. Without tempest and the
 * plugin installed the test is skipped, unless SHARESNAP_REQUIRE_CLIENTS=1 (set by .ci/run, which
 * installs them) makes that a failure.
 */
class TempestIT {

  @Test
  void manilaTempestPlugin_snapshotApiTests_noneFail() throws Exception {
    boolean required = "1".equals(System.getenv("SHARESNAP_REQUIRE_CLIENTS"));
    String missing =
        !Files.isExecutable(Path.of("/usr/bin/tempest"))
            ? "tempest is not installed"
            : !Files.isDirectory(Path.of("/usr/lib/python3/dist-packages/manila_tempest_tests"))
                ? "manila-tempest-plugin is not installed"
                : null;
    if (missing != null) {
      assertTrue(!required, missing + " but SHARESNAP_REQUIRE_CLIENTS=1");
      Assumptions.abort(missing + " (apt-get install tempest manila-tempest-plugin)");
    }
    Path dir = Path.of("target/tempest-it").toAbsolutePath();
    Files.createDirectories(dir);
    Path log = dir.resolve("run-tempest.log");
    ProcessBuilder pb =
        new ProcessBuilder("bash", "src/test/tempest/run-tempest.sh")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    String suffix = System.getenv().getOrDefault("SHARESNAP_TEST_DB", "sharesnap_test");
    pb.environment().put("TEMPEST_DIR", dir.toString());
    pb.environment().put("TEMPEST_DB", suffix + "_tempest");
    pb.environment().putIfAbsent("TEMPEST_PORT", "18803");
    Process p = pb.start();
    p.getOutputStream().close();
    boolean finished = p.waitFor(40, TimeUnit.MINUTES);
    if (!finished) {
      p.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    System.out.println("---- run-tempest.sh ----\n" + output);
    Path failed = dir.resolve("failed.txt");
    String failures = Files.exists(failed) ? Files.readString(failed, StandardCharsets.UTF_8) : "";
    assertTrue(finished, "run-tempest.sh did not finish in 40 minutes:\n" + output);
    assertEquals(0, p.exitValue(), "tempest failed (" + dir + "):\n" + failures + "\n" + output);
  }
}
