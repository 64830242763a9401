package dev.sharesnap.task;

import java.util.UUID;

/** A claimed task: what to do ({@link TaskKind}), to which resource, and how often it was tried. */
public record Task(long id, TaskKind kind, UUID resourceId, int attempts, String requestId) {}
