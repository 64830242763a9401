package dev.sharesnap.driver;

/**
 * What a backend says of a snapshot right now, for reconciliation. {@code sizeGiB} is null when the
 * backend keeps no size of its own (the recorded one stands); {@code providerLocation} is where the
 * snapshot was found.
 */
public record SnapshotState(Presence presence, Integer sizeGiB, String providerLocation) {

  /** Whether the backend object exists. */
  public enum Presence {
    PRESENT,
    MISSING,
    /** The backend cannot tell (no inspection support): reconciliation leaves the record alone. */
    UNKNOWN
  }

  public static final SnapshotState UNKNOWN = new SnapshotState(Presence.UNKNOWN, null, null);

  public static SnapshotState missing() {
    return new SnapshotState(Presence.MISSING, null, null);
  }

  public static SnapshotState present(Integer sizeGiB, String providerLocation) {
    return new SnapshotState(Presence.PRESENT, sizeGiB, providerLocation);
  }
}
