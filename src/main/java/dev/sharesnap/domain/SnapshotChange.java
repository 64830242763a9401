package dev.sharesnap.domain;

import java.time.LocalDateTime;
import java.util.UUID;

/**
 * Extension: one snapshot status change as announced by the database ({@code status} "deleted" when
 * the row went away); {@code updatedAt} is the row's time (naive UTC), null for a deletion.
 */
public record SnapshotChange(UUID id, String projectId, String status, LocalDateTime updatedAt) {}
