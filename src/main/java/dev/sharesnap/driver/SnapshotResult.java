package dev.sharesnap.driver;

/** Outcome of a snapshot creation or manage: its backend location and size in GiB (rounded up). */
public record SnapshotResult(String providerLocation, int sizeGiB) {}
