package dev.sharesnap.service;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault injection (test double): while armed, every create batch transaction runs a statement that
 * fails in PostgreSQL (division by zero) before its insert, so the batch rolls back as on a real
 * database error. Unarmed (the default, for every other test) it does nothing.
 */
@ApplicationScoped
public class FailingCreateBatchFaultInjection extends CreateBatchFaultInjection {

  private volatile boolean armed;
  private final AtomicInteger injected = new AtomicInteger();

  public void arm(boolean on) {
    armed = on;
  }

  /** Batches failed on purpose so far. */
  public int injected() {
    return injected.get();
  }

  @Override
  public Uni<Void> beforeInsert(SqlClient tx) {
    if (!armed) {
      return Uni.createFrom().voidItem();
    }
    injected.incrementAndGet();
    return tx.query("SELECT 1 / 0").execute().replaceWithVoid();
  }
}
