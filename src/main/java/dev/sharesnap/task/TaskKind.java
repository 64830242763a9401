package dev.sharesnap.task;

/** Every storage action the pipeline runs. The stored name is {@link #key()}. */
public enum TaskKind {
  SHARE_CREATE("share.create"),
  SHARE_DELETE("share.delete"),
  SHARE_REVERT("share.revert"),
  SHARE_ACCESS("share.access"),
  SNAPSHOT_CREATE("snapshot.create"),
  SNAPSHOT_DELETE("snapshot.delete"),
  SNAPSHOT_FORCE_DELETE("snapshot.force_delete"),
  SNAPSHOT_MANAGE("snapshot.manage"),
  SNAPSHOT_UNMANAGE("snapshot.unmanage"),
  SNAPSHOT_ACCESS("snapshot.access"),
  /** Extension: re-read a snapshot from its backend and reconcile the record. */
  SNAPSHOT_SYNC("snapshot.sync");

  private final String key;

  TaskKind(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }

  public static TaskKind fromKey(String key) {
    for (TaskKind k : values()) {
      if (k.key.equals(key)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown task kind " + key);
  }
}
