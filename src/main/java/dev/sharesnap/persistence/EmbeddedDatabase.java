package dev.sharesnap.persistence;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * The no-configuration database: a real PostgreSQL (zonky's embedded binaries) with its data under
 * the working directory, so data survives a restart. It is used only when no datasource URL is
 * given through the environment, system properties or {@code config/application.properties}; a
 * configured datasource always wins. As root, zonky runs initdb and postgres inside a user
 * namespace, which is why this works here.
 */
public final class EmbeddedDatabase {

  private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
  private static final String REACTIVE_URL = "quarkus.datasource.reactive.url";
  private static final String JDBC_URL = "quarkus.datasource.jdbc.url";

  private EmbeddedDatabase() {}

  /**
   * Starts the embedded server unless a datasource is configured; returns whether it started one.
   */
  public static boolean startIfUnconfigured() {
    if (isConfigured()) {
      return false;
    }
    Path dataDir =
        Path.of(BootSettings.get("sharesnap.data-dir", "sharesnap-data"))
            .toAbsolutePath()
            .resolve("postgres");
    try {
      Files.createDirectories(dataDir.getParent());
      EmbeddedPostgres pg =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(false)
              .setServerConfig("listen_addresses", "127.0.0.1")
              .start();
      int port = pg.getPort();
      System.setProperty(REACTIVE_URL, "postgresql://127.0.0.1:" + port + "/postgres");
      System.setProperty(JDBC_URL, "jdbc:postgresql://127.0.0.1:" + port + "/postgres");
      System.setProperty("quarkus.datasource.username", "postgres");
      LOG.infof(
          "No datasource configured: embedded PostgreSQL on 127.0.0.1:%d, data in %s",
          port, dataDir);
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dataDir, e);
    }
  }

  /** Whether a datasource URL is set (where {@link BootSettings} looks). */
  static boolean isConfigured() {
    return BootSettings.get(REACTIVE_URL).isPresent() || BootSettings.get(JDBC_URL).isPresent();
  }
}
