package dev.sharesnap.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

/**
 * The tests' PostgreSQL, always a real server: the one named by {@code SHARESNAP_TEST_PG}
 * (host:port), else the local server on 127.0.0.1:5432 (CI's), else an embedded one started here,
 * so that the test command also works on a machine without a PostgreSQL service. Tests use their
 * own database, sharesnap_test (or SHARESNAP_TEST_DB).
 */
public class TestDatabase implements QuarkusTestResourceLifecycleManager {

  /**
   * Separate names let several checkouts run their tests at once (with distinct
   * quarkus.http.test-port).
   */
  private static final String DB =
      System.getenv().getOrDefault("SHARESNAP_TEST_DB", "sharesnap_test");

  private final String db;
  private final boolean fresh;
  private EmbeddedPostgres embedded;

  public TestDatabase() {
    this.db = DB;
    this.fresh = false; // Flyway cleans it at start (%test profile)
  }

  /**
   * A database of its own, dropped and created anew, for tests that run the packaged service (*IT):
   * the prod profile does not clean, and a database left by another checkout may hold other
   * migrations. Its name carries SHARESNAP_TEST_DB's suffix so parallel checkouts do not share it.
   */
  public TestDatabase(String db) {
    this.db =
        db + (DB.startsWith("sharesnap_test") ? DB.substring("sharesnap_test".length()) : "_" + DB);
    this.fresh = true;
  }

  @Override
  public Map<String, String> start() {
    String hostPort = System.getenv().getOrDefault("SHARESNAP_TEST_PG", "127.0.0.1:5432");
    if (!createDatabase(hostPort, db, fresh)) {
      try {
        embedded = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new IllegalStateException(
            "no PostgreSQL at " + hostPort + " and the embedded one failed", e);
      }
      hostPort = "127.0.0.1:" + embedded.getPort();
      if (!createDatabase(hostPort, db, fresh)) {
        throw new IllegalStateException("could not create " + db + " in the embedded PostgreSQL");
      }
    }
    return Map.of(
        "quarkus.datasource.reactive.url", "postgresql://" + hostPort + "/" + db,
        "quarkus.datasource.jdbc.url", "jdbc:postgresql://" + hostPort + "/" + db,
        "quarkus.datasource.username", "postgres");
  }

  private static boolean createDatabase(String hostPort, String db, boolean fresh) {
    try (Connection c =
        DriverManager.getConnection(
            "jdbc:postgresql://" + hostPort + "/postgres", "postgres", "")) {
      if (fresh) {
        c.createStatement().execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
      }
      boolean exists;
      try (var rs =
          c.createStatement()
              .executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + db + "'")) {
        exists = rs.next();
      }
      if (!exists) {
        c.createStatement().execute("CREATE DATABASE " + db);
      }
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void stop() {
    if (embedded != null) {
      try {
        embedded.close();
      } catch (IOException e) {
        // the embedded server is gone with the JVM anyway
      }
    }
  }
}
