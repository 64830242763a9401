package dev.sharesnap.domain;

import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A share group as stored. All its shares live on its host, so one backend can snapshot them
 * together.
 */
public record ShareGroup(
    UUID id,
    String projectId,
    String userId,
    String name,
    String description,
    String status,
    String host,
    UUID shareGroupTypeId,
    List<UUID> shareTypes,
    UUID sourceShareGroupSnapshotId,
    String consistentSnapshotSupport,
    LocalDateTime createdAt,
    LocalDateTime updatedAt) {}
