package dev.sharesnap.domain;

import java.time.LocalDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * A share as stored. The capability flags are copied from the share type when the share is created.
 * {@code progress} is how far the copy of a share created from a snapshot has come ("37%"), else
 * null.
 */
public record Share(
    UUID id,
    String projectId,
    String userId,
    String name,
    String description,
    int size,
    String shareProto,
    UUID shareTypeId,
    String shareTypeName,
    String status,
    String host,
    UUID snapshotId,
    boolean isPublic,
    boolean snapshotSupport,
    boolean createShareFromSnapshotSupport,
    boolean revertToSnapshotSupport,
    boolean mountSnapshotSupport,
    String exportPath,
    Map<String, String> metadata,
    LocalDateTime createdAt,
    LocalDateTime updatedAt,
    String progress,
    UUID shareGroupId,
    UUID sourceShareGroupSnapshotMemberId) {}
