package dev.sharesnap;

import dev.sharesnap.persistence.EmbeddedDatabase;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point of the packaged service and of dev mode. Before Quarkus boots it decides whether a
 * datasource was configured; when none was, it starts the embedded PostgreSQL so that the service
 * runs with no configuration at all (README's run command).
 */
@QuarkusMain
public class Main {

  public static void main(String... args) {
    EmbeddedDatabase.startIfUnconfigured();
    Quarkus.run(args);
  }
}
