package dev.sharesnap.persistence;

/**
 * A task row a repository inserts together with its resource, in the same statement: the task's
 * kind, request id and trace context, and the channel notified at commit (the task pipeline defines
 * them; the repository only writes them).
 */
public record NewTaskRow(String kind, String requestId, String traceParent, String channel) {}
