package dev.sharesnap.domain;

import java.time.LocalDateTime;
import java.util.Map;
import java.util.UUID;

/** A share snapshot as stored: Manila's snapshot and its single instance folded into one row. */
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
    LocalDateTime updatedAt) {}
