package dev.sharesnap.driver;

import java.util.UUID;

/** What a driver needs to know of a share. */
public record ShareRef(UUID id, int sizeGiB) {}
