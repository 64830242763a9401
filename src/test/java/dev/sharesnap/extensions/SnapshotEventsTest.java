package dev.sharesnap.extensions;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sharesnap.support.Api;
import dev.sharesnap.support.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Live snapshot status over server-sent events, fed by PostgreSQL LISTEN/NOTIFY. */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class SnapshotEventsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TestHTTPResource("/")
  URI root;

  @Test
  void projectStream_seesCreatingThenAvailable_andNothingOfOtherProjects() throws Exception {
    Api api = Api.admin();
    String share = api.share();
    Api other = Api.admin();
    String otherShare = other.share();
    try (EventStream events = open(api, "/sharesnap/snapshots/events")) {
      assertEquals("subscribed", events.next().name);
      other.snapshot(otherShare, "not-yours");
      String snap =
          api.json(Map.of("snapshot", Map.of("share_id", share)))
              .post(api.url("/snapshots"))
              .then()
              .statusCode(202)
              .extract()
              .path("snapshot.id");

      List<String> statuses = new ArrayList<>();
      while (!statuses.contains("available")) {
        Event e = events.next();
        assertEquals("status", e.name);
        assertEquals(snap, e.data.path("id").asText(), "only this project's snapshots: " + e.data);
        assertEquals(api.project, e.data.path("project_id").asText());
        statuses.add(e.data.path("status").asText());
      }
      assertEquals(List.of("creating", "available"), statuses);
    }
  }

  @Test
  void snapshotStream_startsWithTheCurrentStatus_thenFollowsADelete() throws Exception {
    Api api = Api.admin();
    String snap = api.snapshot(api.share(), "watched");
    try (EventStream events = open(api, "/sharesnap/snapshots/" + snap + "/events")) {
      Event first = events.next();
      assertEquals("available", first.data.path("status").asText());
      assertNotNull(first.data.path("updated_at").textValue());
      api.req().delete(api.url("/snapshots/" + snap)).then().statusCode(202);
      assertEquals("deleting", events.next().data.path("status").asText());
      assertEquals("deleted", events.next().data.path("status").asText());
    }
  }

  @Test
  void snapshotStream_ofAnotherProjectsSnapshot_isNotFound() {
    Api api = Api.admin();
    String snap = api.snapshot(api.share(), "private");
    Api stranger = Api.admin().member();
    stranger
        .req()
        .accept("text/event-stream")
        .get(stranger.url("/sharesnap/snapshots/" + snap + "/events"))
        .then()
        .statusCode(404)
        .body("itemNotFound.code", equalTo(404));
  }

  private EventStream open(Api api, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(root.resolve(api.url(path)))
            .header("X-Auth-Token", api.user + ":" + api.project)
            .header("X-OpenStack-Manila-API-Version", "2.73")
            .header("Accept", "text/event-stream")
            .build();
    HttpResponse<Stream<String>> response =
        HttpClient.newHttpClient()
            .sendAsync(request, HttpResponse.BodyHandlers.ofLines())
            .get(20, TimeUnit.SECONDS);
    assertEquals(200, response.statusCode());
    return new EventStream(response.body());
  }

  private record Event(String name, JsonNode data) {}

  /** Reads SSE frames on a thread of its own so the test can wait with a timeout. */
  private static final class EventStream implements AutoCloseable {
    private final Stream<String> lines;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

    EventStream(Stream<String> lines) {
      this.lines = lines;
      Thread reader = new Thread(this::read, "sse-reader");
      reader.setDaemon(true);
      reader.start();
    }

    private void read() {
      String[] name = {null};
      try {
        lines.forEach(
            line -> {
              if (line.startsWith("event:")) {
                name[0] = line.substring(6).trim();
              } else if (line.startsWith("data:")) {
                try {
                  events.add(new Event(name[0], JSON.readTree(line.substring(5).trim())));
                } catch (Exception e) {
                  throw new IllegalStateException(line, e);
                }
              }
            });
      } catch (RuntimeException closed) {
        // the test closed the stream
      }
    }

    Event next() throws InterruptedException {
      Event e = events.poll(Duration.ofSeconds(20).toMillis(), TimeUnit.MILLISECONDS);
      assertNotNull(e, "no event within 20 s");
      return e;
    }

    @Override
    public void close() {
      lines.close();
    }
  }
}
