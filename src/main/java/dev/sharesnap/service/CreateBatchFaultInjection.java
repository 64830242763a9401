package dev.sharesnap.service;

import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Fault injection point of a create batch transaction, run before its insert: does nothing here.
 * Tests replace this bean (src/test) to make a batch fail and check that each of its creates still
 * completes through the single-create fallback.
 */
@DefaultBean
@ApplicationScoped
public class CreateBatchFaultInjection {

  /** Called in the batch's transaction; a failure rolls the batch back. */
  public Uni<Void> beforeInsert(SqlClient tx) {
    return Uni.createFrom().voidItem();
  }
}
