package dev.sharesnap.domain;

import java.time.LocalDateTime;
import java.util.UUID;

/**
 * A Manila user message: the owner-visible record of why an asynchronous operation failed. {@code
 * userMessage} reads "action: detail" as Manila's does, with the backend's reason as detail.
 */
public record UserMessage(
    UUID id,
    String projectId,
    String requestId,
    String resourceType,
    UUID resourceId,
    String actionId,
    String detailId,
    String messageLevel,
    String userMessage,
    LocalDateTime createdAt,
    LocalDateTime expiresAt) {

  public static final String SHARE = "SHARE";
  public static final String SHARE_SNAPSHOT = "SHARE_SNAPSHOT";
  public static final String SHARE_GROUP = "SHARE_GROUP";

  /**
   * sharesnap's own resource type: Manila defines none for share group snapshots (its manager
   * writes no message when one fails), so their failures are filed under this name.
   */
  public static final String SHARE_GROUP_SNAPSHOT = "SHARE_GROUP_SNAPSHOT";

  /** Manila's action ids and words (manila/message/message_field.py). */
  public enum Action {
    CREATE("002", "create"),
    DELETE("007", "delete"),
    REVERT_TO_SNAPSHOT("006", "revert to snapshot"),
    MANAGE("002", "create"),
    UNMANAGE("007", "delete"),
    /** sharesnap extension: reconciliation found the snapshot gone from its backend. */
    SYNC("901", "sync");

    public final String id;
    public final String word;

    Action(String id, String word) {
      this.id = id;
      this.word = word;
    }
  }

  /** Detail id 001, Manila's "unknown error": the text is the backend's own reason. */
  public static final String DETAIL_UNKNOWN = "001";
}
