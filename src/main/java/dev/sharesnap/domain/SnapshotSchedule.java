package dev.sharesnap.domain;

import java.time.LocalDateTime;
import java.util.UUID;

/**
 * Extension: a share's snapshot schedule. It fires every {@code intervalSeconds} (first at
 * creation), or, when {@code cron} is set instead, at the times of that 5-field cron expression in
 * {@code timeZone} (null: UTC; first at its first time after creation), and keeps the newest {@code
 * retentionCount} of its snapshots and/or those younger than {@code maxAgeSeconds} (null: no such
 * limit).
 */
public record SnapshotSchedule(
    UUID id,
    String projectId,
    String userId,
    UUID shareId,
    String name,
    Integer intervalSeconds,
    String cron,
    String timeZone,
    Integer retentionCount,
    Integer maxAgeSeconds,
    int runs,
    LocalDateTime nextRunAt,
    LocalDateTime lastRunAt,
    LocalDateTime createdAt) {

  /** When this schedule fires next after a run (or a skipped run) at {@code now}. */
  public LocalDateTime nextRunAfter(LocalDateTime now) {
    if (cron == null) {
      return now.plusSeconds(intervalSeconds);
    }
    LocalDateTime next = CronExpression.parse(cron, timeZone).nextAfter(now);
    // a 5-field expression that fired once fires again within years (Feb 29); never is a century
    return next == null ? now.plusYears(100) : next;
  }
}
