package dev.sharesnap.domain;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An access rule of a share ({@code snapshotId} null) or of one of its snapshots. States are
 * Manila's: a new rule is queued_to_apply until the backend applied it (active) or gave up (error);
 * deny_access moves it to queued_to_deny, and it is gone once the backend dropped it. {@code
 * accessKey} is the secret the backend gave the client (a cephx key), null for ip rules.
 */
public record AccessRule(
    UUID id,
    UUID shareId,
    UUID snapshotId,
    String accessType,
    String accessTo,
    String accessLevel,
    String state,
    Map<String, String> metadata,
    String accessKey,
    LocalDateTime createdAt,
    LocalDateTime updatedAt) {

  public static final String QUEUED_TO_APPLY = "queued_to_apply";
  public static final String ACTIVE = "active";
  public static final String QUEUED_TO_DENY = "queued_to_deny";
  public static final String ERROR = "error";

  /** States in which the backend is (to be) admitting the client. */
  public static final List<String> GRANTED = List.of(QUEUED_TO_APPLY, ACTIVE);

  public boolean readOnly() {
    return "ro".equals(accessLevel);
  }
}
