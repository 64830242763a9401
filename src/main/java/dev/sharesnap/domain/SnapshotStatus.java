package dev.sharesnap.domain;

import java.util.List;
import java.util.Set;

/**
 * Manila's snapshot status strings and the rules on which operation may start from which status.
 */
public final class SnapshotStatus {

  public static final String CREATING = "creating";
  public static final String AVAILABLE = "available";
  public static final String ERROR = "error";
  public static final String DELETING = "deleting";
  public static final String ERROR_DELETING = "error_deleting";
  public static final String MANAGE_STARTING = "manage_starting";
  public static final String MANAGE_ERROR = "manage_error";
  public static final String UNMANAGE_STARTING = "unmanage_starting";
  public static final String UNMANAGE_ERROR = "unmanage_error";
  public static final String RESTORING = "restoring";

  /** Delete is accepted only from these (Manila: "must be one of ('available', 'error')"). */
  public static final List<String> DELETABLE = List.of(AVAILABLE, ERROR);

  /** Unmanage is refused from transitional states; these are the ones it accepts. */
  public static final List<String> UNMANAGEABLE =
      List.of(AVAILABLE, ERROR, ERROR_DELETING, MANAGE_ERROR, UNMANAGE_ERROR);

  /**
   * What reset_status accepts: Manila 15.1's generic admin-action set (the order in Manila's
   * message is a Python set's; ours is stable).
   */
  public static final Set<String> RESETTABLE =
      Set.of(
          CREATING,
          AVAILABLE,
          DELETING,
          ERROR,
          ERROR_DELETING,
          "migrating",
          "migrating_to",
          "server_migrating");

  private SnapshotStatus() {}
}
