package dev.sharesnap.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * After {@code package}: every COPY source of Dockerfile.jvm exists in the build output, and
 * together they hold everything the fast-jar launcher needs. No container engine or registry is
 * reachable here, so the image itself is never built in this suite.
 */
class DockerfileIT {

  private static final Path APP = Path.of("target/quarkus-app");

  @Test
  void everyCopySource_existsInThePackagedService() throws IOException {
    assertTrue(Files.isDirectory(APP), "run after package: " + APP + " is missing");
    for (String source : Dockerfile.read(Dockerfile.JVM).copySources()) {
      List<Path> matches = matches(source);
      assertFalse(matches.isEmpty(), () -> "COPY source matches nothing: " + source);
      if (source.endsWith("/")) {
        assertTrue(Files.isDirectory(matches.get(0)), source + " is not a directory");
      }
    }
  }

  @Test
  void copiedFiles_includeTheRunJarAndEveryDirectoryOfTheLayout() throws IOException {
    Set<String> copied = new TreeSet<>();
    for (String source : Dockerfile.read(Dockerfile.JVM).copySources()) {
      matches(source).forEach(p -> copied.add(APP.relativize(p).toString()));
    }
    Set<String> needed = new TreeSet<>();
    try (Stream<Path> entries = Files.list(APP)) {
      // the dependency list beside them is informational; every directory and jar is needed
      entries
          .filter(p -> Files.isDirectory(p) || p.toString().endsWith(".jar"))
          .forEach(p -> needed.add(APP.relativize(p).toString()));
    }
    assertTrue(needed.contains("quarkus-run.jar"), () -> "not a fast-jar layout: " + needed);
    assertEquals(needed, copied);
    assertTrue(Files.isRegularFile(APP.resolve("quarkus/quarkus-application.dat")));
    assertTrue(Files.list(APP.resolve("lib/main")).findAny().isPresent(), "no dependencies");
  }

  @Test
  void dockerignore_keepsTheCopiedTree() throws IOException {
    List<String> lines = Files.readAllLines(Path.of(".dockerignore"));
    assertTrue(lines.contains("*"), "the build context should exclude everything else");
    assertTrue(lines.contains("!target/quarkus-app/*"), "the build context excludes the app");
  }

  /** Paths under the project matching a COPY source (a trailing slash names a directory). */
  private static List<Path> matches(String source) throws IOException {
    String pattern = source.endsWith("/") ? source.substring(0, source.length() - 1) : source;
    if (!pattern.contains("*")) {
      Path p = Path.of(pattern);
      return Files.exists(p) ? List.of(p) : List.of();
    }
    Path dir = Path.of(pattern).getParent();
    PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(glob::matches).sorted().toList();
    }
  }
}
