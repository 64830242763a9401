package dev.sharesnap.extensions;

import dev.sharesnap.support.Api;
import dev.sharesnap.support.Metrics;
import dev.sharesnap.support.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Heartbeats on the live-status streams (the test profile sends one every 300 ms) and the release
 * of a gone client's subscription, seen through the gauge {@code sharesnap_events_subscriptions}.
 * The streams are read over a plain socket, so the test sees the raw SSE lines (comments included)
 * and can drop the connection the way a vanished client does.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class SnapshotEventHeartbeatTest {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @TestHTTPResource("/")
  URI root;

  @Test
  void idleStream_receivesHeartbeatComments() throws IOException {
    Api api = Api.admin();
    try (RawStream stream = open(api, "/sharesnap/snapshots/events")) {
      stream.awaitLine(l -> l.startsWith("event:") && l.contains("subscribed"));
      for (int i = 0; i < 3; i++) {
        stream.awaitLine(l -> l.startsWith(":") && l.contains("heartbeat"));
      }
    }
  }

  @Test
  void closedClient_hasItsSubscriptionReleased() throws IOException {
    Api api = Api.admin();
    String snap = api.snapshot(api.share(), "watched");
    // streams that earlier tests closed are released too, so the gauge comes down to zero first
    SnapshotScheduleTest.await(() -> subscriptions() == 0, "no open subscription before the test");
    RawStream stream = open(api, "/sharesnap/snapshots/" + snap + "/events");
    stream.awaitLine(l -> l.contains("\"available\""));
    SnapshotScheduleTest.await(() -> subscriptions() == 1, "the stream's subscription counted");
    stream.close();
    SnapshotScheduleTest.await(
        () -> subscriptions() == 0, "the closed client's subscription released");
  }

  private static double subscriptions() {
    return Metrics.scrape().sum("sharesnap_events_subscriptions");
  }

  private RawStream open(Api api, String path) throws IOException {
    Socket socket = new Socket(root.getHost(), root.getPort());
    socket.setSoTimeout((int) PATIENCE.toMillis());
    String request =
        "GET "
            + api.url(path)
            + " HTTP/1.1\r\nHost: "
            + root.getHost()
            + ":"
            + root.getPort()
            + "\r\nX-Auth-Token: "
            + api.user
            + ":"
            + api.project
            + "\r\nX-OpenStack-Manila-API-Version: 2.73\r\nAccept: text/event-stream\r\n\r\n";
    OutputStream out = socket.getOutputStream();
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    RawStream stream = new RawStream(socket);
    stream.awaitLine(l -> l.startsWith("HTTP/1.1 200"));
    return stream;
  }

  /** The response's lines as they come (chunk-size lines of the chunked encoding included). */
  private static final class RawStream implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader lines;

    RawStream(Socket socket) throws IOException {
      this.socket = socket;
      this.lines =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Reads until a line matches; fails at the end of the stream or after the socket timeout. */
    void awaitLine(java.util.function.Predicate<String> match) throws IOException {
      String line;
      while ((line = lines.readLine()) != null) {
        if (match.test(line)) {
          return;
        }
      }
      throw new AssertionError("the stream ended before the expected line");
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
