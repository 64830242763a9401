package dev.sharesnap.task;

/**
 * The task's row is no longer held by the claim that ran this attempt: its lease expired and
 * another attempt took it over (or finished it). The stale attempt's outcome is dropped; the
 * transaction that would have recorded it rolls back.
 */
public final class TaskLeaseLost extends RuntimeException {

  public TaskLeaseLost(Task task) {
    super(
        "task "
            + task.id()
            + ": no longer held by attempt "
            + task.attempts()
            + " of "
            + task.owner()
            + "; outcome dropped",
        null,
        false,
        false);
  }
}
