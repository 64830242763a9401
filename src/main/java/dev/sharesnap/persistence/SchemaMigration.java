package dev.sharesnap.persistence;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.ValidateResult;

/**
 * Flyway outside Quarkus, for the two start modes that must act before the service boots: migrate
 * and exit (the Helm chart's migration Job), and check that the schema is current (pods that do not
 * migrate). It reads the same datasource settings as the service (JDBC URL, user, password) and the
 * same migrations (classpath db/migration) with Flyway's defaults, which are Quarkus' too.
 */
public final class SchemaMigration {

  /**
   * Connection attempts at start, with Flyway's doubling pause (1 s, 2 s ...): a Job started while
   * the database is being restarted waits half a minute before it fails.
   */
  private static final int CONNECT_RETRIES = 5;

  private final Flyway flyway;

  /** The JDBC URL without its query, for messages. */
  private final String url;

  private final String fullUrl;

  private SchemaMigration(String url) {
    // Messages name the database without URL parameters, which may hold credentials.
    this.url = url.replaceFirst("\\?.*$", "");
    this.fullUrl = url;
    this.flyway =
        Flyway.configure(SchemaMigration.class.getClassLoader())
            .dataSource(url, user(), password())
            .locations("classpath:db/migration")
            .connectRetries(CONNECT_RETRIES)
            .load();
  }

  /** The datasource user (also for {@link SchemaHistory}). */
  static String user() {
    return BootSettings.get(
        "quarkus.datasource.username", BootSettings.get("sharesnap.db-user", "postgres"));
  }

  static String password() {
    return BootSettings.get(
        "quarkus.datasource.password", BootSettings.get("sharesnap.db-password", ""));
  }

  /** The configured JDBC database; fails with the key to set when there is none. */
  public static SchemaMigration configured() {
    String url =
        BootSettings.get("quarkus.datasource.jdbc.url")
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no database to migrate: set quarkus.datasource.jdbc.url"
                            + " (QUARKUS_DATASOURCE_JDBC_URL)"));
    return new SchemaMigration(url);
  }

  /** Applies every pending migration; returns a line saying the version reached. */
  public String migrate() {
    try {
      int applied = flyway.migrate().migrationsExecuted;
      return String.format(
          "Schema of %s at version %s (%d migrations applied now)", url, currentVersion(), applied);
    } catch (FlywayException e) {
      throw redacted(e);
    }
  }

  /**
   * Fails with an operator's message when the schema lacks migrations of this build or differs from
   * them (a changed checksum); returns a line saying the version found. A schema newer than this
   * build is accepted: migrations only add, so the previous version keeps working during a rolling
   * update.
   */
  public String requireCurrent() {
    MigrationInfo[] pending;
    try {
      pending = flyway.info().pending();
    } catch (FlywayException e) {
      throw redacted(e);
    }
    if (pending.length > 0) {
      throw new IllegalStateException(
          String.format(
              "the schema of %s is at version %s, this build needs %s (missing: %s);"
                  + " run the migrations first (the Helm chart's migration Job, or"
                  + " sharesnap.migration.mode=only) or start with sharesnap.migration.mode=startup",
              url,
              currentVersion(),
              pending[pending.length - 1].getVersion(),
              Arrays.stream(pending)
                  .map(m -> "V" + m.getVersion() + " " + m.getDescription())
                  .collect(Collectors.joining(", "))));
    }
    ValidateResult result = flyway.validateWithResult();
    if (!result.validationSuccessful) {
      throw new IllegalStateException(
          "the schema of " + url + " does not match this build: " + result.getAllErrorMessages());
    }
    return String.format(
        "Schema of %s is current (version %s); not migrating", url, currentVersion());
  }

  /** Flyway's failure with the URL's parameters left out of its message. */
  private IllegalStateException redacted(FlywayException e) {
    return new IllegalStateException(String.valueOf(e.getMessage()).replace(fullUrl, url), e);
  }

  private String currentVersion() {
    return Optional.ofNullable(flyway.info().current())
        .map(m -> m.getVersion().toString())
        .orElse("none (empty database)");
  }
}
