package dev.sharesnap.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sharesnap.domain.SnapshotChange;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Extension: the snapshot status changes of every replica. A trigger (V23) sends {@code NOTIFY
 * sharesnap_snapshots} with a small JSON payload for each status change; PostgreSQL delivers it at
 * commit, in commit order, to this replica's LISTEN connection, which broadcasts it to the SSE
 * streams. Changes made while the connection is down (a database restart) are not replayed: a
 * client that reconnects reads the current state first.
 */
@ApplicationScoped
public class SnapshotChanges {

  static final String CHANNEL = "sharesnap_snapshots";
  private static final Logger LOG = Logger.getLogger(SnapshotChanges.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Vertx vertx;
  private final String url;
  private final Optional<String> user;
  private final Optional<String> password;
  private final BroadcastProcessor<SnapshotChange> changes = BroadcastProcessor.create();

  /**
   * Open streams. Every create and every completion sends a notification; with no stream open (the
   * usual case) a payload has nobody to reach, so it is not parsed.
   */
  private final AtomicInteger streams = new AtomicInteger();

  private PgSubscriber subscriber;

  public SnapshotChanges(
      Vertx vertx,
      // Quarkus' own datasource keys: the subscriber needs its own connection, outside the pool.
      @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
      @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
      @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
    this.vertx = vertx;
    this.url = url;
    this.user = user;
    this.password = password;
  }

  void start(@Observes StartupEvent event) {
    PgConnectOptions options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""));
    user.ifPresent(options::setUser);
    password.filter(p -> !p.isEmpty()).ifPresent(options::setPassword);
    subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 1000L);
    subscriber.channel(CHANNEL).handler(this::publish);
    subscriber
        .connect()
        .subscribe()
        .with(
            ok -> LOG.debugf("listening on %s", CHANNEL),
            failure -> LOG.warnf("LISTEN %s failed: %s", CHANNEL, failure.getMessage()));
  }

  void stop(@Observes ShutdownEvent event) {
    if (subscriber != null) {
      subscriber.closeAndForget();
    }
    changes.onComplete();
  }

  /** Every change from now on (a hot stream: nothing before the subscription). */
  public Multi<SnapshotChange> stream() {
    // counted before the subscription reaches the processor, so no change it would see is skipped
    return Multi.createFrom()
        .deferred(
            () -> {
              streams.incrementAndGet();
              return changes.onTermination().invoke(streams::decrementAndGet);
            });
  }

  private void publish(String payload) {
    if (streams.get() == 0) {
      return;
    }
    try {
      JsonNode n = JSON.readTree(payload);
      String updated = n.path("updated_at").isNull() ? null : n.path("updated_at").asText();
      changes.onNext(
          new SnapshotChange(
              UUID.fromString(n.path("id").asText()),
              n.path("project_id").asText(),
              n.path("status").asText(),
              updated == null ? null : LocalDateTime.parse(updated)));
    } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
      LOG.warnf("ignoring malformed %s payload: %s", CHANNEL, payload);
    }
  }
}
