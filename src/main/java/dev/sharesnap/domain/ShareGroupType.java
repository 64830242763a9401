package dev.sharesnap.domain;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A share group type: the share types a group of it may hold, and its group specs. */
public record ShareGroupType(
    UUID id,
    String name,
    boolean isPublic,
    Map<String, String> groupSpecs,
    List<UUID> shareTypes,
    LocalDateTime createdAt) {}
