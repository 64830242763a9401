package dev.sharesnap.domain;

import java.util.List;

/** Manila's share status strings used by sharesnap. */
public final class ShareStatus {

  public static final String CREATING = "creating";
  public static final String CREATING_FROM_SNAPSHOT = "creating_from_snapshot";
  public static final String AVAILABLE = "available";
  public static final String ERROR = "error";
  public static final String DELETING = "deleting";
  public static final String ERROR_DELETING = "error_deleting";
  public static final String REVERTING = "reverting";
  public static final String REVERTING_ERROR = "reverting_error";
  public static final String MANAGE_STARTING = "manage_starting";
  public static final String MANAGE_ERROR = "manage_error";
  public static final String UNMANAGE_STARTING = "unmanage_starting";
  public static final String UNMANAGE_ERROR = "unmanage_error";

  /** A share in manage_error being unmanaged (Manila's separate status for it). */
  public static final String MANAGE_ERROR_UNMANAGE_STARTING = "manage_error_unmanage_starting";

  /**
   * Statuses in which a task (or Manila's migration) owns the share: unmanage refuses them, as
   * Manila's TRANSITIONAL_STATUSES, plus creating_from_snapshot (a copy is running).
   */
  public static final List<String> TRANSITIONAL =
      List.of(
          CREATING,
          CREATING_FROM_SNAPSHOT,
          DELETING,
          MANAGE_STARTING,
          UNMANAGE_STARTING,
          MANAGE_ERROR_UNMANAGE_STARTING,
          "extending",
          "shrinking",
          "migrating",
          "migrating_to",
          "restoring",
          REVERTING,
          "server_migrating",
          "server_migrating_to");

  /** Share delete is accepted from these, as in Manila. */
  public static final List<String> DELETABLE = List.of(AVAILABLE, ERROR, ERROR_DELETING);

  /** What share reset_status accepts (Manila's generic admin-action set). */
  public static final List<String> RESETTABLE =
      List.of(CREATING, AVAILABLE, DELETING, ERROR, ERROR_DELETING, "migrating", "migrating_to");

  private ShareStatus() {}
}
