package dev.sharesnap.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Live snapshot status over server-sent events (extension, docs/extensions.md). */
@ConfigMapping(prefix = "sharesnap.events")
public interface EventsConfig {

  /**
   * How often an open event stream gets a heartbeat (an SSE comment, which EventSource clients
   * ignore). It keeps idle connections open through proxies that close silent ones (nginx's default
   * read timeout is 60 s), and a write to a client that has gone fails, which frees its
   * subscription.
   */
  @WithDefault("15s")
  Duration heartbeatInterval();
}
