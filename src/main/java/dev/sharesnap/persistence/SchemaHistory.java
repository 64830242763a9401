package dev.sharesnap.persistence;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * The start's shortcut past Flyway. Flyway validates every migration at each start (classpath scan,
 * checksums, history query): about 1.6 CPU-seconds of class loading and JIT on a schema that is
 * already current (docs/performance.md, "Startup"). When {@code flyway_schema_history} holds
 * exactly this build's migrations, all successful, with the checksums Flyway computes (CRC32 over
 * the lines of each script), Flyway would find nothing to apply and nothing to report, so the start
 * skips it. Any difference (a pending, failed, newer or edited migration, no history table, no
 * connection) leaves the decision to Flyway, with its usual messages.
 */
public final class SchemaHistory {

  private static final String LOCATION = "db/migration";

  /** Flyway settings under which it may act on a current history (or look elsewhere). */
  private static final List<String> FLYWAY_KEYS =
      List.of("clean-at-start", "locations", "table", "schemas", "default-schema");

  private static final Pattern SCRIPT = Pattern.compile("V(\\d+(?:[._]\\d+)*)__(.+)\\.sql");

  /**
   * One applied or bundled migration, as Flyway's validation compares it. The recorded script name
   * is left out, as Flyway leaves it out: Quarkus' Flyway records {@code db/migration/V1__x.sql}, a
   * Flyway run outside Quarkus may record the name without the directory.
   */
  record Migration(String version, String description, int checksum) {}

  private SchemaHistory() {}

  /**
   * When the configured JDBC database (the settings {@link SchemaMigration} reads) is current, the
   * line to report, worded as {@link SchemaMigration#requireCurrent()} words it; empty when none is
   * configured, when a Flyway setting changes what Flyway would do, or when Flyway has to look.
   */
  public static Optional<String> currentSchemaReport() {
    for (String key : FLYWAY_KEYS) {
      if (BootSettings.get("quarkus.flyway." + key).isPresent()) {
        return Optional.empty();
      }
    }
    Optional<String> url = BootSettings.get("quarkus.datasource.jdbc.url");
    return url.flatMap(u -> currentVersion(u, SchemaMigration.user(), SchemaMigration.password()))
        .map(
            version ->
                String.format(
                    "Schema of %s is current (version %s); not migrating",
                    url.get().replaceFirst("\\?.*$", ""), version));
  }

  /**
   * The version of the schema at {@code jdbcUrl} when its history is exactly this build's
   * migrations; empty when Flyway has to look (or the database cannot be asked).
   */
  public static Optional<String> currentVersion(String jdbcUrl, String user, String password) {
    try {
      List<Migration> bundled = bundled(SchemaHistory.class.getClassLoader());
      if (bundled.isEmpty()) {
        return Optional.empty();
      }
      Set<Migration> applied = applied(jdbcUrl, user, password);
      if (applied == null || !applied.equals(new HashSet<>(bundled))) {
        return Optional.empty();
      }
      return Optional.of(bundled.get(bundled.size() - 1).version());
    } catch (SQLException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** This build's versioned migrations in version order, with Flyway's checksums. */
  static List<Migration> bundled(ClassLoader loader) {
    List<Migration> out = new ArrayList<>();
    for (String name : scriptNames(loader)) {
      Matcher m = SCRIPT.matcher(name);
      if (!m.matches()) {
        continue;
      }
      try (InputStream in = loader.getResourceAsStream(LOCATION + "/" + name)) {
        out.add(
            new Migration(
                m.group(1).replace('_', '.'), m.group(2).replace('_', ' '), checksum(in)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    out.sort((a, b) -> compareVersions(a.version(), b.version()));
    return out;
  }

  /**
   * Flyway's checksum (its {@code ChecksumCalculator}): CRC32 over the UTF-8 bytes of each line
   * without its line break, a byte order mark dropped from the first.
   */
  static int checksum(InputStream script) throws IOException {
    CRC32 crc = new CRC32();
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(script, StandardCharsets.UTF_8), 4096);
    String line = reader.readLine();
    if (line != null && line.startsWith("\uFEFF")) {
      line = line.substring(1);
    }
    for (; line != null; line = reader.readLine()) {
      crc.update(line.getBytes(StandardCharsets.UTF_8));
    }
    return (int) crc.getValue();
  }

  /** The successful SQL migrations of the history table; null when anything else is there. */
  private static Set<Migration> applied(String jdbcUrl, String user, String password)
      throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    props.setProperty("password", password);
    // a database that does not answer soon is left to Flyway's own connection handling
    props.setProperty("connectTimeout", "3");
    Set<Migration> out = new HashSet<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl, props);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT version, description, checksum, type, success"
                    + " FROM flyway_schema_history")) {
      while (rs.next()) {
        if (!rs.getBoolean(5) || !"SQL".equals(rs.getString(4)) || rs.getObject(3) == null) {
          return null;
        }
        out.add(new Migration(rs.getString(1), rs.getString(2), rs.getInt(3)));
      }
    }
    return out;
  }

  private static List<String> scriptNames(ClassLoader loader) {
    URL dir = loader.getResource(LOCATION);
    if (dir == null) {
      return List.of();
    }
    try {
      if ("file".equals(dir.getProtocol())) {
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
          return files.map(f -> f.getFileName().toString()).toList();
        }
      }
      List<String> names = new ArrayList<>();
      String prefix = LOCATION + "/";
      JarURLConnection jar = (JarURLConnection) dir.openConnection();
      jar.setUseCaches(false);
      try (var file = jar.getJarFile()) {
        file.stream()
            .map(e -> e.getName())
            .filter(n -> n.startsWith(prefix) && n.indexOf('/', prefix.length()) < 0)
            .forEach(n -> names.add(n.substring(prefix.length())));
      }
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int compareVersions(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      long p = i < x.length ? Long.parseLong(x[i]) : 0;
      long q = i < y.length ? Long.parseLong(y[i]) : 0;
      if (p != q) {
        return Long.compare(p, q);
      }
    }
    return 0;
  }
}
