package dev.sharesnap.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * helm/sharesnap rendered with given values (the Helm SDK through helm-java: no helm binary, no
 * cluster) and parsed with SnakeYAML, so that tests assert on the manifests' structure rather than
 * on their text.
 */
final class RenderedChart {

  static final Path CHART = Path.of("helm", "sharesnap");
  static final String RELEASE = "snap";
  static final String NAMESPACE = "storage";

  /**
   * Helm's offline default is 1.20, below the chart's kubeVersion; render for a current cluster.
   */
  static final String KUBE_VERSION = "1.30.0";

  private final List<Map<String, Object>> manifests;

  private RenderedChart(List<Map<String, Object>> manifests) {
    this.manifests = manifests;
  }

  /**
   * Renders the chart as release {@link #RELEASE}, with {@code valuesYaml} (may be blank) over
   * values.yaml.
   */
  static RenderedChart render(Path scratch, String valuesYaml) {
    return render(scratch, RELEASE, valuesYaml);
  }

  static RenderedChart render(Path scratch, String release, String valuesYaml) {
    return parse(template(scratch, release, valuesYaml));
  }

  /**
   * The raw {@code helm template} output; throws IllegalStateException with Helm's message on
   * failure.
   */
  static String template(Path scratch, String release, String valuesYaml) {
    String rendered =
        new Helm(withHooksAsManifests(scratch))
            .template()
            .withName(release)
            .withNamespace(NAMESPACE)
            .withKubeVersion(KUBE_VERSION)
            .withValuesFile(valuesFile(scratch, valuesYaml))
            .call();
    return rendered.replace(HOOK_STAND_IN, HOOK);
  }

  private static final String HOOK = "helm.sh/hook";
  private static final String HOOK_STAND_IN = "rendered.by.tests/hook";

  /**
   * A copy of the chart in which hook resources are ordinary ones. {@code helm template} prints
   * hooks (the migration Job, the in-chart PostgreSQL's Secret) after the manifests, but the Helm
   * SDK's template call returns the manifests only; so the copy's templates name their hook
   * annotations by a stand-in key, which {@link #template} turns back into {@code helm.sh/hook*}.
   */
  private static Path withHooksAsManifests(Path scratch) {
    Path copy = scratch.resolve("chart-" + System.nanoTime());
    try (Stream<Path> files = Files.walk(CHART)) {
      for (Path file : files.toList()) {
        Path target = copy.resolve(CHART.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.writeString(target, Files.readString(file).replace(HOOK, HOOK_STAND_IN));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return copy;
  }

  /** Strict {@code helm lint} of a chart directory: no error, no warning. */
  static void assertLintsClean(Path chart) {
    LintResult lint = new Helm(chart).lint().strict().call();
    assertFalse(lint.isFailed(), () -> "lint: " + lint.getMessages());
    assertTrue(
        lint.getMessages().stream()
            .noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]")),
        () -> "lint: " + lint.getMessages());
  }

  /** NOTES.txt as an install would print it (a client-only dry run: no cluster). */
  static String notes(Path scratch, String valuesYaml) {
    return new Helm(CHART)
        .install()
        .withName(RELEASE)
        .withNamespace(NAMESPACE)
        .withKubeVersion(KUBE_VERSION)
        .withDryRunOption(DryRun.CLIENT)
        .clientOnly()
        .withValuesFile(valuesFile(scratch, valuesYaml))
        .call()
        .getOutput();
  }

  private static Path valuesFile(Path scratch, String valuesYaml) {
    Path values = scratch.resolve("values-" + System.nanoTime() + ".yaml");
    try {
      return Files.writeString(values, valuesYaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static RenderedChart parse(String yaml) {
    List<Map<String, Object>> docs = new ArrayList<>();
    for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
      if (doc != null) {
        docs.add((Map<String, Object>) doc);
      }
    }
    return new RenderedChart(docs);
  }

  List<String> kinds() {
    return manifests.stream().map(m -> (String) m.get("kind")).sorted().toList();
  }

  Optional<Map<String, Object>> find(String kind) {
    List<Map<String, Object>> found =
        manifests.stream().filter(m -> kind.equals(m.get("kind"))).toList();
    if (found.size() > 1) {
      throw new AssertionError("expected at most one " + kind + ", found " + found.size());
    }
    return found.stream().findFirst();
  }

  /** The manifest of that kind and name; fails the test when there is none. */
  Map<String, Object> named(String kind, String name) {
    return manifests.stream()
        .filter(m -> kind.equals(m.get("kind")) && name.equals(at(m, "metadata", "name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name + "; kinds: " + kinds()));
  }

  /** The only manifest of that kind; fails the test when there is none. */
  Map<String, Object> get(String kind) {
    return find(kind)
        .orElseThrow(() -> new AssertionError("no " + kind + " rendered; kinds: " + kinds()));
  }

  Map<String, Object> podSpec() {
    return map(get("Deployment"), "spec", "template", "spec");
  }

  /** The sharesnap container (the pod has no other). */
  Map<String, Object> container() {
    List<Map<String, Object>> containers = list(podSpec(), "containers");
    assertEquals(1, containers.size(), "containers");
    return containers.get(0);
  }

  /** The only container of the migration Job's pod. */
  Map<String, Object> jobContainer() {
    List<Map<String, Object>> containers =
        list(get("Job"), "spec", "template", "spec", "containers");
    assertEquals(1, containers.size(), "containers");
    return containers.get(0);
  }

  /** The container's environment variable of that name (with value or valueFrom), if any. */
  Optional<Map<String, Object>> env(String name) {
    return env(container(), name);
  }

  String envValue(String name) {
    return envValue(container(), name);
  }

  Optional<Map<String, Object>> env(Map<String, Object> container, String name) {
    return byName(container, "env", name);
  }

  String envValue(Map<String, Object> container, String name) {
    return (String)
        env(container, name).orElseThrow(() -> new AssertionError("no env " + name)).get("value");
  }

  Optional<Map<String, Object>> volume(String name) {
    return byName(podSpec(), "volumes", name);
  }

  Optional<Map<String, Object>> mount(String name) {
    return byName(container(), "volumeMounts", name);
  }

  private Optional<Map<String, Object>> byName(Map<String, Object> owner, String key, String name) {
    return this.<Map<String, Object>>list(owner, key).stream()
        .filter(e -> name.equals(e.get("name")))
        .findFirst();
  }

  /** Follows map keys from {@code node}; fails the test when one is missing. */
  static Object at(Map<String, Object> node, String... path) {
    Object current = node;
    for (String key : path) {
      assertNotNull(current, "missing parent of " + key + " in " + String.join(".", path));
      current = ((Map<?, ?>) current).get(key);
    }
    assertNotNull(current, "missing " + String.join(".", path));
    return current;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Map<String, Object> node, String... path) {
    return (Map<String, Object>) at(node, path);
  }

  @SuppressWarnings("unchecked")
  <T> List<T> list(Map<String, Object> node, String... path) {
    return (List<T>) at(node, path);
  }
}
