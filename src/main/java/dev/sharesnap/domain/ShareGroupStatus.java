package dev.sharesnap.domain;

import java.util.List;

/** Manila's status strings of share groups and share group snapshots, and what each accepts. */
public final class ShareGroupStatus {

  public static final String CREATING = "creating";
  public static final String AVAILABLE = "available";
  public static final String ERROR = "error";
  public static final String DELETING = "deleting";
  public static final String ERROR_DELETING = "error_deleting";

  /** Delete is accepted from these (Manila: "must be one of ('available', 'error')"). */
  public static final List<String> DELETABLE = List.of(AVAILABLE, ERROR);

  /** What reset_status accepts for groups and group snapshots (Manila's admin-action set). */
  public static final List<String> RESETTABLE =
      List.of(CREATING, AVAILABLE, DELETING, ERROR, ERROR_DELETING);

  private ShareGroupStatus() {}
}
