package dev.sharesnap.domain;

import java.util.UUID;

/**
 * One entry of the manageable-snapshots listing: a snapshot a backend holds, and whether sharesnap
 * could adopt it with {@code POST /v2/snapshots/manage}. {@code reference} is the provider_location
 * to manage it by; {@code sourceReference} the backend's name of its share (null when the backend
 * does not record one); {@code snapshotId} the managing snapshot when {@code reasonNotSafe} is
 * {@link #ALREADY_MANAGED}; {@code host} the backend's Manila host ({@code host@backend#pool}).
 */
public record ManageableSnapshot(
    String reference,
    int size,
    boolean safeToManage,
    String reasonNotSafe,
    String sourceReference,
    UUID snapshotId,
    String host,
    String createdAt) {

  public static final String ALREADY_MANAGED = "already managed";
  public static final String SHARE_NOT_MANAGED = "share not managed";
}
