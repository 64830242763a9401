package dev.sharesnap.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * src/main/docker/Dockerfile.jvm read as instructions (no container engine here to build it): each
 * line's keyword and arguments, continuation lines joined and comments dropped.
 */
record Dockerfile(List<Instruction> instructions) {

  static final Path JVM = Path.of("src/main/docker/Dockerfile.jvm");

  /**
   * One instruction, e.g. COPY with arguments [--chown=185, target/quarkus-app/lib/,
   * /deployments/lib/].
   */
  record Instruction(String keyword, List<String> args) {}

  static Dockerfile read(Path file) throws IOException {
    List<Instruction> out = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    for (String line : Files.readAllLines(file)) {
      String trimmed = line.strip();
      if (trimmed.startsWith("#") || trimmed.isEmpty()) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      String[] words = (pending + trimmed).strip().split("\\s+");
      pending.setLength(0);
      out.add(
          new Instruction(words[0].toUpperCase(), Arrays.asList(words).subList(1, words.length)));
    }
    return new Dockerfile(out);
  }

  List<Instruction> all(String keyword) {
    return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
  }

  /**
   * The sources of every COPY (options such as --chown dropped; the last argument is the target).
   */
  List<String> copySources() {
    List<String> sources = new ArrayList<>();
    for (Instruction copy : all("COPY")) {
      List<String> args = copy.args().stream().filter(a -> !a.startsWith("--")).toList();
      sources.addAll(args.subList(0, args.size() - 1));
    }
    return sources;
  }

  /**
   * The value of {@code ENV name=value} or {@code ENV name value}, quotes removed; null if unset.
   */
  String env(String name) {
    for (Instruction env : all("ENV")) {
      String joined = String.join(" ", env.args());
      if (joined.startsWith(name + "=")) {
        return joined.substring(name.length() + 1).replaceAll("^\"|\"$", "");
      }
      if (env.args().size() > 1 && env.args().get(0).equals(name)) {
        return String.join(" ", env.args().subList(1, env.args().size()));
      }
    }
    return null;
  }
}
