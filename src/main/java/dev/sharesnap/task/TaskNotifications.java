package dev.sharesnap.task;

import io.quarkus.runtime.ShutdownEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Cross-replica wake-up: {@link TaskQueue#enqueue} sends {@code NOTIFY sharesnap_tasks} inside the
 * transaction (PostgreSQL delivers it at commit), and every replica LISTENs here and wakes its
 * worker. The subscriber reconnects by itself after a database restart; the worker's periodic sweep
 * covers the gap.
 */
@ApplicationScoped
public class TaskNotifications {

  static final String CHANNEL = "sharesnap_tasks";
  private static final Logger LOG = Logger.getLogger(TaskNotifications.class);

  private final Vertx vertx;
  private final String url;
  private final Optional<String> user;
  private final Optional<String> password;
  private PgSubscriber subscriber;

  public TaskNotifications(
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

  /**
   * Starts listening; {@code onNotify} runs on an event loop for every notification, with its
   * payload: the backend of the new task ({@code ""} when not known).
   */
  void listen(Consumer<String> onNotify) {
    PgConnectOptions options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""));
    user.ifPresent(options::setUser);
    password.filter(p -> !p.isEmpty()).ifPresent(options::setPassword);
    subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 1000L);
    subscriber.channel(CHANNEL).handler(onNotify::accept);
    subscriber
        .connect()
        .subscribe()
        .with(
            ok -> LOG.debugf("listening on %s", CHANNEL),
            failure ->
                LOG.warnf(
                    "LISTEN %s failed, relying on the periodic sweep: %s",
                    CHANNEL, failure.getMessage()));
  }

  void stop(@Observes ShutdownEvent event) {
    if (subscriber != null) {
      subscriber.closeAndForget();
    }
  }
}
