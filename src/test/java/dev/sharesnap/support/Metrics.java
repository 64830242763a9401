package dev.sharesnap.support;

import static io.restassured.RestAssured.given;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of /q/metrics (Prometheus text format), read by metric name and labels. A missing
 * series reads as absent (not as 0), so tests can tell "not exported" from "zero".
 */
public final class Metrics {

  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)(\\s+\\d+)?$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"]*)\"");

  /** One series: name, labels and value. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  private final String text;
  private final List<Sample> samples = new ArrayList<>();

  private Metrics(String text) {
    this.text = text;
    for (String line : text.split("\n")) {
      // an exemplar (" # {trace_id=...} value time") follows some samples
      int exemplar = line.indexOf(" # ");
      Matcher m = SAMPLE.matcher((exemplar < 0 ? line : line.substring(0, exemplar)).trim());
      if (!line.startsWith("#") && m.matches()) {
        Map<String, String> labels = new java.util.LinkedHashMap<>();
        if (m.group(3) != null) {
          Matcher l = LABEL.matcher(m.group(3));
          while (l.find()) {
            labels.put(l.group(1), l.group(2));
          }
        }
        samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
      }
    }
  }

  public static Metrics scrape() {
    return new Metrics(
        given().get("/q/metrics").then().statusCode(200).extract().body().asString());
  }

  /** The raw text (to look for values that must not appear). */
  public String text() {
    return text;
  }

  /** Series of {@code name} whose labels include {@code labels} (pairs of name, value). */
  public List<Sample> find(String name, String... labels) {
    List<Sample> out = new ArrayList<>();
    for (Sample s : samples) {
      boolean match = s.name().equals(name);
      for (int i = 0; match && i + 1 < labels.length; i += 2) {
        match = labels[i + 1].equals(s.labels().get(labels[i]));
      }
      if (match) {
        out.add(s);
      }
    }
    return out;
  }

  /** Sum over the matching series; 0 when there is none. */
  public double sum(String name, String... labels) {
    return find(name, labels).stream().mapToDouble(Sample::value).sum();
  }
}
