package dev.sharesnap.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Locale;

/**
 * When the database schema is migrated. Read by {@code dev.sharesnap.Main} before Quarkus boots
 * (from system properties, the environment or {@code config/application.properties}); declared here
 * so that Quarkus knows the key and documents it.
 */
@ConfigMapping(prefix = "sharesnap.migration")
public interface MigrationConfig {

  /**
   * {@code startup}: Flyway migrates at every start, then the service runs (one process, no
   * configuration). {@code only}: migrate the configured JDBC database, then exit (0 when done, 1
   * with the reason otherwise) without serving anything: the Helm chart's migration Job. {@code
   * check}: never migrate; refuse to start, naming the missing migrations, when the schema is older
   * than this build (pods of a chart whose Job migrates).
   */
  @WithDefault("startup")
  Mode mode();

  /** The values of {@link #mode()}. */
  enum Mode {
    STARTUP,
    ONLY,
    CHECK;

    /** The mode named by a setting, case-insensitive; an unknown name fails with the choices. */
    public static Mode parse(String value) {
      try {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "sharesnap.migration.mode must be startup, only or check, not \"" + value + "\"");
      }
    }
  }
}
