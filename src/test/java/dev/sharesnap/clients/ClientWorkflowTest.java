package dev.sharesnap.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharesnap.support.Api;
import dev.sharesnap.support.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.File;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The real clients against the running service: the manila CLI, the openstack CLI and a gophercloud
 * program doing what the Manila CSI driver does (scripts in src/test/clients). Without the clients
 * installed the test is skipped, unless SHARESNAP_REQUIRE_CLIENTS=1 (set by .ci/run, which installs
 * them) makes that a failure.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class ClientWorkflowTest {

  @TestHTTPResource("/")
  URL root;

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "manila-cli-workflow.sh, manila",
    "openstack-cli-workflow.sh, openstack",
    "gophercloud-workflow.sh, go"
  })
  void workflow_completesAgainstSharesnap(String script, String command) throws Exception {
    boolean required = "1".equals(System.getenv("SHARESNAP_REQUIRE_CLIENTS"));
    boolean present = onPath(command);
    if (!present) {
      assertTrue(!required, command + " is not installed but SHARESNAP_REQUIRE_CLIENTS=1");
      Assumptions.abort(
          command + " is not installed (src/test/clients/install-clients.sh installs it)");
    }
    Path file = Path.of("src/test/clients", script);
    Path log = Files.createTempFile("sharesnap-" + command, ".log");
    ProcessBuilder pb =
        new ProcessBuilder("bash", file.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("SHARESNAP_URL", root.toString().replaceAll("/$", ""));
    pb.environment().put("PROJECT", Api.newProject());
    Process p = pb.start();
    p.getOutputStream().close();
    boolean finished = p.waitFor(10, TimeUnit.MINUTES);
    if (!finished) {
      p.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    System.out.println("---- " + script + " ----\n" + output);
    assertTrue(finished, script + " did not finish in 10 minutes:\n" + output);
    assertEquals(0, p.exitValue(), script + " failed:\n" + output);
  }

  private static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (new File(dir, command).canExecute()) {
        return true;
      }
    }
    return false;
  }
}
