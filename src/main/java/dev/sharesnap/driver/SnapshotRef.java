package dev.sharesnap.driver;

import java.util.UUID;

/**
 * What a driver needs to know of a snapshot; {@code providerLocation} may be null before creation.
 */
public record SnapshotRef(UUID id, ShareRef share, String providerLocation) {}
