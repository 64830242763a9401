package dev.sharesnap.task;

import java.util.UUID;

/**
 * A claimed task: what to do ({@link TaskKind}), to which resource, how often it was tried, the
 * request that asked for it (its id, and its W3C traceparent when tracing is on), and whether it
 * was taken over from a worker whose lease expired. {@code owner} and {@code attempts} identify the
 * claim: completing, retrying or giving up takes effect only while the row is still held by this
 * claim (see {@link TaskQueue#complete}). {@code backend} is the backend it acts on as recorded at
 * enqueue (null when its resource row was gone); the worker counts its running tasks per backend
 * with it.
 */
public record Task(
    long id,
    TaskKind kind,
    UUID resourceId,
    int attempts,
    String requestId,
    String traceParent,
    boolean leaseExpired,
    String owner,
    String backend) {}
