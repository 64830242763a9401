package dev.sharesnap.api.view;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.sharesnap.identity.RequestContext;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Manila's resource links: {@code self} under the versioned URL, {@code bookmark} without the
 * version segment; both keep the project segment only when the request URL had one.
 */
public record Links(String baseUrl, String projectSegment) {

  public static Links of(RequestContext ctx) {
    String project =
        ctx.projectInUrl() && ctx.caller() != null ? "/" + ctx.caller().projectId() : "";
    return new Links(ctx.baseUrl(), project);
  }

  public List<Map<String, Object>> of(String collection, Object id) {
    return List.of(
        link("self", baseUrl + "/v2" + projectSegment + "/" + collection + "/" + id),
        link("bookmark", baseUrl + projectSegment + "/" + collection + "/" + id));
  }

  /**
   * Writes {@code "links": [self, bookmark]} as {@link #of} builds them, without the maps (the
   * snapshot views' hot path).
   */
  public void write(JsonGenerator g, String collection, String id) throws IOException {
    g.writeArrayFieldStart("links");
    writeLink(g, "self", baseUrl + "/v2" + projectSegment + "/" + collection + "/" + id);
    writeLink(g, "bookmark", baseUrl + projectSegment + "/" + collection + "/" + id);
    g.writeEndArray();
  }

  /** Writes a link that {@link #next} built. */
  static void write(JsonGenerator g, Map<String, Object> link) throws IOException {
    writeLink(g, (String) link.get("rel"), (String) link.get("href"));
  }

  private static void writeLink(JsonGenerator g, String rel, String href) throws IOException {
    g.writeStartObject();
    g.writeStringField("rel", rel);
    g.writeStringField("href", href);
    g.writeEndObject();
  }

  /** The {@code next} link of a limited list: Manila points it at the collection with a marker. */
  public Map<String, Object> next(String collection, String query, Object lastId) {
    String q = query == null || query.isEmpty() ? "" : query.replaceAll("(^|&)marker=[^&]*", "");
    q = q.startsWith("&") ? q.substring(1) : q;
    String href =
        baseUrl
            + "/v2"
            + projectSegment
            + "/"
            + collection
            + "?"
            + (q.isEmpty() ? "" : q + "&")
            + "marker="
            + lastId;
    return link("next", href);
  }

  private static Map<String, Object> link(String rel, String href) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rel", rel);
    m.put("href", href);
    return m;
  }
}
