package dev.sharesnap.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * Settings read before Quarkus boots (its configuration does not exist yet): a system property,
 * else the environment variable of the same key (Quarkus' naming: {@code a.b-c} is {@code A_B_C}),
 * else {@code config/application.properties} in the working directory, which Quarkus also reads.
 * The decisions taken here (embedded database, migration mode) happen before anything else runs.
 */
public final class BootSettings {

  private BootSettings() {}

  /** The key's value from the sources above, if one of them has a non-blank value. */
  public static Optional<String> get(String key) {
    String env = System.getenv(key.toUpperCase().replaceAll("[^A-Z0-9]", "_"));
    for (String value : new String[] {System.getProperty(key), env, fileSetting(key)}) {
      if (value != null && !value.isBlank()) {
        return Optional.of(value.trim());
      }
    }
    return Optional.empty();
  }

  public static String get(String key, String fallback) {
    return get(key).orElse(fallback);
  }

  private static String fileSetting(String key) {
    Path file = Path.of("config", "application.properties");
    if (!Files.isRegularFile(file)) {
      return null;
    }
    Properties props = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      props.load(in);
    } catch (IOException e) {
      return null;
    }
    return props.getProperty(key);
  }
}
