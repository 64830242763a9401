package dev.sharesnap.domain;

import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;

/** A share group snapshot with its members (one snapshot per share of the group). */
public record ShareGroupSnapshot(
    UUID id,
    String projectId,
    String userId,
    UUID shareGroupId,
    String name,
    String description,
    String status,
    String errorReason,
    LocalDateTime createdAt,
    LocalDateTime updatedAt,
    List<Snapshot> members) {

  public ShareGroupSnapshot withMembers(List<Snapshot> all) {
    return new ShareGroupSnapshot(
        id,
        projectId,
        userId,
        shareGroupId,
        name,
        description,
        status,
        errorReason,
        createdAt,
        updatedAt,
        all);
  }
}
