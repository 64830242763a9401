package dev.sharesnap.persistence;

import java.util.UUID;

/**
 * A validated snapshot list query. Null fields do not filter. {@code projectId} null means all
 * projects (admins with all_tenants); {@code limit} null means no limit, as in Manila.
 */
public record SnapshotQuery(
    String projectId,
    String name,
    String nameLike,
    String description,
    String descriptionLike,
    String status,
    UUID shareId,
    Integer size,
    String projectIdFilter,
    String userId,
    UUID id,
    String shareProto,
    Integer shareSize,
    java.util.Map<String, String> metadata,
    String sortColumn,
    boolean ascending,
    Integer limit,
    int offset) {}
