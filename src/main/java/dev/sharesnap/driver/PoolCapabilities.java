package dev.sharesnap.driver;

/**
 * What a backend can do, reported as its pool's capabilities (Manila's scheduler-stats), with
 * Manila's capability names.
 */
public record PoolCapabilities(
    boolean snapshotSupport,
    boolean createShareFromSnapshotSupport,
    boolean revertToSnapshotSupport,
    boolean mountSnapshotSupport) {}
