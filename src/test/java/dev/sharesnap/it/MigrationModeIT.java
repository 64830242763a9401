package dev.sharesnap.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharesnap.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packaged service's migration modes (the Helm chart's migration Job and the pods beside it):
 * {@code only} migrates a fresh database and exits without serving, {@code check} refuses a schema
 * older than the build and serves on a current one without migrating. Ports are picked free, so
 * this IT runs beside the fixed-port ones.
 */
class MigrationModeIT {

  private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
  private static final Duration EXIT_TIMEOUT = Duration.ofMinutes(3);

  @Test
  void
      onlyMode_migratesAFreshDatabaseAndExits_thenCheckModeServesWithoutMigrating_alsoOnANewerSchema()
          throws Exception {
    Map<String, String> db = new TestDatabase("sharesnap_migrate").start();
    Path work = Files.createTempDirectory(Path.of("target"), "it-migrate-").toAbsolutePath();
    int port = ServiceProcess.freePort();

    try (ServiceProcess refused = service(work.resolve("check-empty"), db, port, "check")) {
      int status = refused.runToExit(EXIT_TIMEOUT);
      String log = refused.log();
      assertEquals(1, status, log);
      assertTrue(log.contains("Not starting: the schema of"), log);
      assertTrue(log.contains("this build needs " + latestMigration()), log);
      assertFalse(log.contains("Listening on"), log);
    }
    try (Connection sql = connect(db)) {
      assertFalse(tableExists(sql, "flyway_schema_history"), "check mode migrated nothing");
    }

    try (ServiceProcess migrate = service(work.resolve("migrate"), db, port, "only")) {
      int status = migrate.runToExit(EXIT_TIMEOUT);
      String log = migrate.log();
      assertEquals(0, status, log);
      assertTrue(log.contains("at version " + latestMigration()), log);
      assertFalse(log.contains("Listening on"), "migrate-only serves nothing: " + log);
    }
    try (Connection sql = connect(db)) {
      assertEquals(migrationFiles(), count(sql, "SELECT count(*) FROM flyway_schema_history"));
      assertEquals(0, count(sql, "SELECT count(*) FROM flyway_schema_history WHERE NOT success"));
      assertEquals(
          latestMigration(),
          count(sql, "SELECT max(version::int) FROM flyway_schema_history WHERE success"));
      assertTrue(tableExists(sql, "snapshots"));
    }

    try (ServiceProcess service = service(work.resolve("serve"), db, port, "check")) {
      service.start();
      assertTrue(service.log().contains("is current (version " + latestMigration()));
      String project = UUID.randomUUID().toString().replace("-", "");
      String share = service.createShare(project);
      String snapshot =
          service
              .api(project)
              .body(Map.of("snapshot", Map.of("share_id", share)))
              .post("/v2/" + project + "/snapshots")
              .then()
              .statusCode(202)
              .extract()
              .path("snapshot.id");
      service.awaitStatus(project, "/snapshots/" + snapshot, "snapshot", "available");
    }
    try (ServiceProcess restarted = service(work.resolve("restart"), db, port, "startup")) {
      restarted.start();
      assertTrue(
          restarted.log().contains("is current (version " + latestMigration() + "); not migrating"),
          "a start on a current schema skips Flyway: " + restarted.log());
    }
    try (Connection sql = connect(db)) {
      assertEquals(
          migrationFiles(),
          count(sql, "SELECT count(*) FROM flyway_schema_history"),
          "the serving replica ran no migration");
      // What the next release's Job leaves behind: one more (additive) migration.
      sql.createStatement()
          .execute(
              "INSERT INTO flyway_schema_history (installed_rank, version, description, type,"
                  + " script, installed_by, execution_time, success) SELECT max(installed_rank) + 1,"
                  + " '100000', 'next release', 'SQL', 'V100000__next_release.sql', 'postgres', 0,"
                  + " true FROM flyway_schema_history");
    }
    try (ServiceProcess previous = service(work.resolve("previous"), db, port, "check")) {
      previous.start();
      assertTrue(
          previous.log().contains("is current (version 100000)"),
          "this build keeps running on a newer schema: " + previous.log());
    }
  }

  @Test
  void onlyMode_whenAScriptFails_exitsNonZeroNamingIt() throws Exception {
    Map<String, String> db = new TestDatabase("sharesnap_migrate_bad").start();
    Path work = Files.createTempDirectory(Path.of("target"), "it-migrate-bad-").toAbsolutePath();
    int port = ServiceProcess.freePort();
    try (ServiceProcess migrate = service(work.resolve("first"), db, port, "only")) {
      assertEquals(0, migrate.runToExit(EXIT_TIMEOUT));
    }
    // The latest script's objects stay while its history row goes: run again, it fails on them.
    try (Connection sql = connect(db)) {
      sql.createStatement()
          .execute("DELETE FROM flyway_schema_history WHERE version = '" + latestMigration() + "'");
    }
    try (ServiceProcess migrate = service(work.resolve("again"), db, port, "only")) {
      int status = migrate.runToExit(EXIT_TIMEOUT);
      String log = migrate.log();
      assertEquals(1, status, log);
      assertTrue(log.contains("sharesnap: Migration failed"), log);
      assertTrue(log.contains("V" + latestMigration() + "__"), "names the failed script: " + log);
    }
  }

  @Test
  void onlyMode_onTablesWithoutFlywayHistory_refusesToTouchThem() throws Exception {
    Map<String, String> db = new TestDatabase("sharesnap_migrate_foreign").start();
    try (Connection sql = connect(db)) {
      sql.createStatement().execute("CREATE TABLE snapshots (something int)");
    }
    Path work = Files.createTempDirectory(Path.of("target"), "it-migrate-foreign-");
    try (ServiceProcess migrate = service(work, db, ServiceProcess.freePort(), "only")) {
      int status = migrate.runToExit(EXIT_TIMEOUT);
      String log = migrate.log();
      assertEquals(1, status, log);
      assertTrue(log.contains("sharesnap: Migration failed"), log);
      assertTrue(log.contains("no schema history table"), log);
    }
  }

  @Test
  void onlyMode_withoutAConfiguredDatabase_exitsNonZeroSayingWhatToSet() throws Exception {
    Path work = Files.createTempDirectory(Path.of("target"), "it-migrate-none-").toAbsolutePath();
    Map<String, String> env = new HashMap<>();
    env.put("SHARESNAP_MIGRATION_MODE", "only");
    env.put("SHARESNAP_DATA_DIR", work.resolve("data").toString());
    try (ServiceProcess migrate = new ServiceProcess(work, ServiceProcess.freePort(), env)) {
      int status = migrate.runToExit(EXIT_TIMEOUT);
      String log = migrate.log();
      assertEquals(1, status, log);
      assertTrue(log.contains("QUARKUS_DATASOURCE_JDBC_URL"), log);
      assertFalse(Files.exists(work.resolve("data")), "no embedded database was started");
    }
  }

  @Test
  void withoutADatasource_startupMigratesTheEmbeddedDatabase_andCheckModeAcceptsIt()
      throws Exception {
    Path work =
        Files.createTempDirectory(Path.of("target"), "it-migrate-embedded-").toAbsolutePath();
    Map<String, String> env = new HashMap<>();
    env.put("SHARESNAP_DATA_DIR", work.resolve("data").toString());
    env.put("SHARESNAP_NFS_ROOT", work.resolve("nfs").toString());
    int port = ServiceProcess.freePort();
    try (ServiceProcess first = new ServiceProcess(work.resolve("first"), port, env)) {
      first.start();
    }
    env.put("SHARESNAP_MIGRATION_MODE", "check");
    try (ServiceProcess checked = new ServiceProcess(work.resolve("checked"), port, env)) {
      checked.start();
      String log = checked.log();
      assertTrue(log.contains("is current (version " + latestMigration()), log);
    }
  }

  private static ServiceProcess service(
      Path work, Map<String, String> db, int port, String migrationMode) {
    Map<String, String> env = ServiceProcess.env(db, work.resolve("nfs"), false);
    env.put("SHARESNAP_MIGRATION_MODE", migrationMode);
    return new ServiceProcess(work, port, env);
  }

  /** The highest V<n> of src/main/resources/db/migration. */
  private static long latestMigration() throws Exception {
    try (Stream<Path> files = Files.list(MIGRATIONS)) {
      return files
          .map(f -> f.getFileName().toString())
          .mapToLong(name -> Long.parseLong(name.substring(1, name.indexOf("__"))))
          .max()
          .orElseThrow();
    }
  }

  private static long migrationFiles() throws Exception {
    try (Stream<Path> files = Files.list(MIGRATIONS)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".sql")).count();
    }
  }

  private static Connection connect(Map<String, String> db) throws SQLException {
    return DriverManager.getConnection(db.get("quarkus.datasource.jdbc.url"), "postgres", "");
  }

  private static boolean tableExists(Connection sql, String table) throws SQLException {
    try (ResultSet rs =
        sql.createStatement()
            .executeQuery("SELECT to_regclass('public." + table + "') IS NOT NULL")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  private static long count(Connection sql, String query) throws SQLException {
    try (ResultSet rs = sql.createStatement().executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
