package dev.sharesnap.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * What can be checked of the JVM image without a container engine or the build output: user, port,
 * launcher and the fast-jar layout it copies. DockerfileIT checks the copied paths against the
 * packaged service.
 */
class DockerfileTest {

  @Test
  void runsAsUser185_theChartsUser() throws IOException {
    List<Dockerfile.Instruction> users = Dockerfile.read(Dockerfile.JVM).all("USER");
    assertEquals(List.of("185"), users.get(users.size() - 1).args());
    assertTrue(
        Files.readString(Path.of("helm/sharesnap/values.yaml")).contains("runAsUser: 185"),
        "the chart runs pods as another user");
  }

  @Test
  void exposesTheServicePort() throws IOException {
    Properties props = new Properties();
    try (Reader r = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
      props.load(r);
    }
    assertEquals(
        List.of(props.getProperty("quarkus.http.port")),
        Dockerfile.read(Dockerfile.JVM).all("EXPOSE").get(0).args());
  }

  @Test
  void copiesTheFastJarLayout_andLaunchesItsRunJar() throws IOException {
    Dockerfile d = Dockerfile.read(Dockerfile.JVM);
    assertEquals(
        List.of(
            "target/quarkus-app/lib/",
            "target/quarkus-app/*.jar",
            "target/quarkus-app/app/",
            "target/quarkus-app/quarkus/"),
        d.copySources());
    assertEquals("/deployments/quarkus-run.jar", d.env("JAVA_APP_JAR"));
    // the measured memory settings (docs/performance.md): serial GC, 128 MB heap, 2 malloc arenas
    assertTrue(
        d.env("JAVA_OPTS_APPEND").contains("-XX:+UseSerialGC -Xmx128m"), d.env("JAVA_OPTS_APPEND"));
    assertEquals("2", d.env("MALLOC_ARENA_MAX"));
    assertTrue(
        d.all("COPY").stream().allMatch(c -> c.args().contains("--chown=185")),
        "files not owned by the image's user");
  }
}
