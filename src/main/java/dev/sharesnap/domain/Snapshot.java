package dev.sharesnap.domain;

import java.time.LocalDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * A share snapshot as stored: Manila's snapshot and its single instance folded into one row, plus
 * the {@code kept_until} retention extension. A member of a share group snapshot carries that group
 * snapshot's id.
 */
public record Snapshot(
    UUID id,
    String projectId,
    String userId,
    UUID shareId,
    int shareSize,
    Integer size,
    String name,
    String description,
    String shareProto,
    String status,
    String progress,
    String providerLocation,
    Map<String, String> metadata,
    String errorReason,
    LocalDateTime createdAt,
    LocalDateTime updatedAt,
    LocalDateTime keptUntil,
    UUID shareGroupSnapshotId) {}
