package dev.sharesnap.driver;

/**
 * A snapshot as a backend lists it, whether sharesnap manages it or not (the manageable-snapshots
 * listing). {@code reference} is what {@code POST /v2/snapshots/manage} takes as provider_location;
 * {@code shareReference} the backend's name of the snapshot's share (a CephFS subvolume), null when
 * the backend keeps no such link (NFS snapshot directories); {@code sizeGiB} rounded up, at least
 * 1; {@code unsafeReason} why the backend itself advises against managing it (a temporary copy
 * still in progress), else null; {@code createdAt} as the backend tells it, or null.
 */
public record BackendSnapshot(
    String reference, String shareReference, int sizeGiB, String unsafeReason, String createdAt) {}
