package dev.sharesnap.task;

import dev.sharesnap.domain.Share;
import dev.sharesnap.persistence.ShareRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import java.util.function.BiPredicate;
import org.jboss.logging.Logger;

/**
 * Giving up on a share task, shared by the share handlers: log the reason, record the failure on
 * the share when it still applies, and complete the task (as the claim that ran it), in one
 * transaction. The handlers differ only in when a failure applies and in how they record it.
 */
final class ShareGiveUp {

  /** Records a task's failure on its share, in the caller's transaction. */
  interface Recorder {
    Uni<Void> record(SqlClient tx, Task task, Share share, String reason);
  }

  private ShareGiveUp() {}

  /**
   * Gives up on {@code task}: {@code recorder} runs when the share exists and {@code applies} to it
   * (e.g. it is still in the status the task expects).
   */
  static Uni<Void> run(
      Pool pool,
      ShareRepository shares,
      TaskQueue queue,
      Logger log,
      Task task,
      Throwable cause,
      BiPredicate<Task, Share> applies,
      Recorder recorder) {
    String reason = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    log.warnf(
        "share %s: %s failed for good (task %d, %s): %s",
        task.resourceId(), task.kind().key(), task.id(), task.requestId(), reason);
    return pool.withTransaction(
        tx ->
            shares
                .findById(tx, task.resourceId())
                .call(
                    s ->
                        s == null || !applies.test(task, s)
                            ? Uni.createFrom().voidItem()
                            : recorder.record(tx, task, s, reason))
                .chain(() -> queue.complete(tx, task)));
  }
}
