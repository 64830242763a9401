package dev.sharesnap;

import dev.sharesnap.config.MigrationConfig.Mode;
import dev.sharesnap.persistence.BootSettings;
import dev.sharesnap.persistence.EmbeddedDatabase;
import dev.sharesnap.persistence.SchemaHistory;
import dev.sharesnap.persistence.SchemaMigration;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.Optional;

/**
 * Entry point of the packaged service and of dev mode. Before Quarkus boots it decides whether a
 * datasource was configured; when none was, it starts the embedded PostgreSQL so that the service
 * runs with no configuration at all (README's run command). It also applies {@code
 * sharesnap.migration.mode}: {@code only} migrates and exits without booting Quarkus (no HTTP, no
 * task worker), {@code check} refuses to boot on a schema older than this build.
 */
@QuarkusMain
public class Main {

  /**
   * Lines of the steps before Quarkus boots go straight to the console: logging is configured only
   * by the boot, and a process that exits before it would lose them.
   */
  private static void report(String line) {
    System.out.println("sharesnap: " + line);
    System.out.flush();
  }

  public static void main(String... args) {
    Mode mode;
    try {
      mode = Mode.parse(BootSettings.get("sharesnap.migration.mode", "startup"));
    } catch (IllegalArgumentException e) {
      exit(2, e.getMessage());
      return;
    }
    if (mode == Mode.ONLY) {
      exit(migrateOnly(), null);
      return;
    }
    if (generatingAppCds()) {
      // the build's AppCDS run: Quarkus stops after static init, before anything uses a database
      Quarkus.run(args);
      return;
    }
    EmbeddedDatabase.startIfUnconfigured();
    Optional<String> current = SchemaHistory.currentSchemaReport();
    if (current.isPresent()) {
      // Flyway would find nothing to do; its validation alone costs 1.6 CPU-s of the start
      report(current.get());
      skipFlyway();
    } else if (mode == Mode.CHECK) {
      try {
        report(SchemaMigration.configured().requireCurrent());
      } catch (RuntimeException e) {
        exit(1, "Not starting: " + e.getMessage());
        return;
      }
      skipFlyway();
    }
    Quarkus.run(args);
  }

  /**
   * Whether this is the packaging step that records the AppCDS archive ({@code
   * quarkus.package.jar.appcds.enabled}): it launches the jar with this property set and must not
   * start an embedded PostgreSQL or migrate.
   */
  private static boolean generatingAppCds() {
    return Boolean.getBoolean("quarkus.appcds.generate");
  }

  /** A system property outranks the environment and every file: Quarkus' Flyway stays idle. */
  private static void skipFlyway() {
    System.setProperty("quarkus.flyway.migrate-at-start", "false");
  }

  private static int migrateOnly() {
    try {
      report(SchemaMigration.configured().migrate());
      return 0;
    } catch (RuntimeException e) {
      report("Migration failed: " + e.getMessage());
      return 1;
    }
  }

  private static void exit(int status, String reason) {
    if (reason != null) {
      report(reason);
    }
    System.exit(status);
  }
}
