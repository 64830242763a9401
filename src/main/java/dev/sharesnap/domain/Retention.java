package dev.sharesnap.domain;

import java.time.LocalDateTime;

/**
 * The retention rules of the {@code kept_until} extension (docs/extensions.md). A new value is null
 * (no retention) or a time in the future. Anyone who may update the snapshot may set or extend it;
 * only an administrator may shorten or remove one that is set, so a member cannot undo a guarantee
 * by editing it away. A retained snapshot refuses delete and force_delete with a 409 unless an
 * administrator overrides.
 */
public final class Retention {

  private Retention() {}

  /** Checks a change of {@code current} to {@code wanted} by a caller at {@code now}. */
  public static void checkChange(
      LocalDateTime current, LocalDateTime wanted, boolean admin, LocalDateTime now) {
    if (wanted != null && !wanted.isAfter(now)) {
      throw ApiException.invalidInput("kept_until must be in the future.");
    }
    boolean shortens =
        current != null && current.isAfter(now) && (wanted == null || wanted.isBefore(current));
    if (shortens && !admin) {
      throw ApiException.forbidden(
          "Only an administrator may shorten or remove the retention (kept_until) of a snapshot.");
    }
  }

  /** Whether a snapshot kept until {@code keptUntil} is still held at {@code now}. */
  public static boolean holds(LocalDateTime keptUntil, LocalDateTime now) {
    return keptUntil != null && keptUntil.isAfter(now);
  }

  /** The 409 for a delete or force_delete of a retained snapshot. */
  public static ApiException refusal(Snapshot s) {
    return ApiException.conflict(
        "Snapshot "
            + s.id()
            + " is retained until "
            + s.keptUntil()
            + " (kept_until) and cannot be deleted before then.");
  }
}
