package dev.sharesnap.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharesnap.support.TestDatabase;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The start skips Flyway only when Flyway would do nothing: the history must hold exactly this
 * build's migrations with Flyway's own checksums. Against a real PostgreSQL migrated by Flyway.
 */
class SchemaHistoryTest {

  private static String url;

  @BeforeAll
  static void database() {
    Map<String, String> db = new TestDatabase("sharesnap_history").start();
    url = db.get("quarkus.datasource.jdbc.url");
  }

  private static Optional<String> current() {
    return SchemaHistory.currentVersion(url, "postgres", "");
  }

  private static void sql(String statement) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
      c.createStatement().execute(statement);
    }
  }

  @Test
  void currentVersion_onlyWhenTheHistoryIsExactlyThisBuild() throws Exception {
    assertTrue(current().isEmpty(), "no history table: Flyway migrates");

    Flyway.configure().dataSource(url, "postgres", "").load().migrate();
    List<SchemaHistory.Migration> bundled = SchemaHistory.bundled(getClass().getClassLoader());
    assertEquals(Optional.of(bundled.get(bundled.size() - 1).version()), current());

    sql("UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '1'");
    assertTrue(current().isEmpty(), "an edited script: Flyway's validation reports it");
    sql("UPDATE flyway_schema_history SET checksum = checksum - 1 WHERE version = '1'");
    assertFalse(current().isEmpty());

    sql(
        "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
            + " installed_by, execution_time, success) SELECT max(installed_rank) + 1, '100000',"
            + " 'next release', 'SQL', 'V100000__next_release.sql', 'postgres', 0, false"
            + " FROM flyway_schema_history");
    assertTrue(current().isEmpty(), "a failed or newer migration: Flyway decides");
    sql("DELETE FROM flyway_schema_history WHERE version = '100000'");

    String latest = bundled.get(bundled.size() - 1).version();
    sql("DELETE FROM flyway_schema_history WHERE version = '" + latest + "'");
    assertTrue(current().isEmpty(), "a pending migration: Flyway applies it");
  }

  @Test
  void currentVersion_withoutADatabase_leavesItToFlyway() {
    assertTrue(
        SchemaHistory.currentVersion("jdbc:postgresql://127.0.0.1:1/none", "x", "").isEmpty());
  }

  @Test
  void checksum_isFlywaysLineByLineCrc_withoutByteOrderMark() throws Exception {
    int lf = checksum("CREATE TABLE a (b int);\n-- c\n");
    assertEquals(lf, checksum("\uFEFFCREATE TABLE a (b int);\r\n-- c\r\n"));
    assertFalse(lf == checksum("CREATE TABLE a (b int);\n-- d\n"));
  }

  private static int checksum(String script) throws Exception {
    return SchemaHistory.checksum(
        new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)));
  }
}
