package dev.sharesnap.task;

import dev.sharesnap.config.TaskConfig;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A second, small connection pool on the application's database for the task pipeline, so that its
 * transactions can commit asynchronously ({@link TaskConfig#asyncCommit()}) while the API's stay
 * synchronous. It connects with the same URL and credentials as the Quarkus datasource.
 */
@ApplicationScoped
public class TaskPoolProducer {

  @Produces
  @Singleton
  @TaskPool
  Pool taskPool(Vertx vertx, TaskConfig tasks) {
    Config config = ConfigProvider.getConfig();
    String url =
        config
            .getValue("quarkus.datasource.reactive.url", String.class)
            .replaceFirst("^vertx-reactive:", "");
    PgConnectOptions connect = PgConnectOptions.fromUri(url);
    config
        .getOptionalValue("quarkus.datasource.username", String.class)
        .ifPresent(connect::setUser);
    config
        .getOptionalValue("quarkus.datasource.password", String.class)
        .ifPresent(connect::setPassword);
    connect.setCachePreparedStatements(true);
    if (tasks.asyncCommit()) {
      // a startup parameter: the server applies it to every session of this pool
      connect.addProperty("synchronous_commit", "off");
    }
    connect.addProperty("application_name", "sharesnap-tasks");
    io.vertx.sqlclient.Pool pool =
        PgBuilder.pool()
            .with(new PoolOptions().setMaxSize(tasks.poolSize()).setName("sharesnap-tasks"))
            .connectingTo(connect)
            .using(vertx.getDelegate())
            .build();
    return Pool.newInstance(pool);
  }

  void close(@Disposes @TaskPool Pool pool) {
    pool.closeAndForget();
  }
}
