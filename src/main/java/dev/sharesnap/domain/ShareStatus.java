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

  /** Share delete is accepted from these, as in Manila. */
  public static final List<String> DELETABLE = List.of(AVAILABLE, ERROR, ERROR_DELETING);

  /** What share reset_status accepts (Manila's generic admin-action set). */
  public static final List<String> RESETTABLE =
      List.of(CREATING, AVAILABLE, DELETING, ERROR, ERROR_DELETING, "migrating", "migrating_to");

  private ShareStatus() {}
}
