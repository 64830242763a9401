package dev.sharesnap.task;

import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Set;

/**
 * Runs one kind of task: loads the resource, calls its driver and records the outcome together with
 * the task's completion in one transaction. A task whose resource is gone or no longer in the
 * expected status is simply completed: someone (reset_status, force_delete) took the resource
 * elsewhere.
 */
public interface TaskHandler {

  Set<TaskKind> kinds();

  /**
   * Called once for tasks of this handler claimed together, before their {@link #run}s: a handler
   * may load their resources in one query. Optional; a failure only costs each run its own load.
   */
  default Uni<Void> prefetch(List<Task> tasks) {
    return Uni.createFrom().voidItem();
  }

  /** Does the work and records success; fails with the driver's exception otherwise. */
  Uni<Void> run(Task task);

  /** Records the terminal failure of {@code task} (error status, reason) and completes it. */
  Uni<Void> giveUp(Task task, Throwable cause);
}
