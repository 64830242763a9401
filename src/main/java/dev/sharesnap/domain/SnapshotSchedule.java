package dev.sharesnap.domain;

import java.time.LocalDateTime;
import java.util.UUID;

/**
 * Extension: a share's snapshot schedule. It fires every {@code intervalSeconds} (first at
 * creation) and keeps the newest {@code retentionCount} of its snapshots and/or those younger than
 * {@code maxAgeSeconds} (null: no such limit).
 */
public record SnapshotSchedule(
    UUID id,
    String projectId,
    String userId,
    UUID shareId,
    String name,
    int intervalSeconds,
    Integer retentionCount,
    Integer maxAgeSeconds,
    int runs,
    LocalDateTime nextRunAt,
    LocalDateTime lastRunAt,
    LocalDateTime createdAt) {}
