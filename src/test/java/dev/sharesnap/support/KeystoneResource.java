package dev.sharesnap.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Assumptions;

/**
 * Starts the real Keystone for tests of the keystone strategy and points sharesnap at it (service
 * user manila). Without the Keystone packages the service still starts, pointed at a closed port,
 * and {@link #requireKeystone()} skips the tests, unless SHARESNAP_REQUIRE_BACKENDS=1 (CI) makes
 * that a failure.
 */
public class KeystoneResource implements QuarkusTestResourceLifecycleManager {

  private static KeystoneBackend backend;
  private static String unavailable;

  @Override
  public Map<String, String> start() {
    String port = System.getProperty("quarkus.http.test-port", "18796");
    unavailable = KeystoneBackend.missing();
    if (unavailable == null) {
      backend = new KeystoneBackend("http://127.0.0.1:" + port + "/v2");
      try {
        backend.start(Map.of());
      } catch (IllegalStateException e) {
        unavailable = "Keystone did not start: " + e.getMessage();
        backend = null;
      }
    }
    if (unavailable != null) {
      Logger.getLogger(KeystoneResource.class)
          .warnf("Keystone tests will be skipped: %s", unavailable);
    }
    String url = backend == null ? "http://127.0.0.1:9/v3" : backend.url();
    return Map.of(
        "sharesnap.auth.strategy", "keystone",
        "sharesnap.auth.keystone.url", url,
        "sharesnap.auth.keystone.username", "manila",
        "sharesnap.auth.keystone.password", "manila-secret",
        "sharesnap.auth.keystone.timeout", "2s");
  }

  /** The running Keystone; aborts the calling test (or fails it in CI) when there is none. */
  public static KeystoneBackend requireKeystone() {
    if (backend == null) {
      if ("1".equals(System.getenv("SHARESNAP_REQUIRE_BACKENDS"))) {
        throw new AssertionError("SHARESNAP_REQUIRE_BACKENDS=1 but " + unavailable);
      }
      Assumptions.abort(unavailable);
    }
    return backend;
  }

  @Override
  public void stop() {
    if (backend != null) {
      backend.stop();
    }
  }
}
