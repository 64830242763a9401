package dev.sharesnap.driver;

import dev.sharesnap.config.ServiceConfig;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.driver.nfs.NfsDriver;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Finds the driver that owns a share from its Manila-style host {@code host@backend#pool}, and says where new
 * shares go (one backend for now; a scheduler comes with more backends).
 */
@ApplicationScoped
public class DriverRegistry {

  private static final String POOL = "pool0";
  private final Map<String, ShareDriver> byBackend;
  private final ServiceConfig config;
  private final ShareDriver defaultDriver;

  public DriverRegistry(NfsDriver nfs, ServiceConfig config) {
    this.byBackend = Map.of(nfs.backendName(), nfs);
    this.defaultDriver = nfs;
    this.config = config;
  }

  /** Host string for a new share on the default backend. */
  public String placeNewShare() {
    return config.host() + "@" + defaultDriver.backendName() + "#" + POOL;
  }

  public ShareDriver forHost(String host) {
    int at = host.indexOf('@');
    int hash = host.indexOf('#');
    String backend = host.substring(at + 1, hash < 0 ? host.length() : hash);
    ShareDriver driver = byBackend.get(backend);
    if (driver == null) {
      throw new ApiException(500, "No driver for backend " + backend);
    }
    return driver;
  }
}
