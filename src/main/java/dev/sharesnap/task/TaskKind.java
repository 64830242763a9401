package dev.sharesnap.task;

/** Every storage action the pipeline runs. The stored name is {@link #key()}. */
public enum TaskKind {
  SHARE_CREATE("share.create"),
  SHARE_DELETE("share.delete"),
  SHARE_REVERT("share.revert"),
  SHARE_ACCESS("share.access"),
  SHARE_MANAGE("share.manage"),
  SHARE_UNMANAGE("share.unmanage"),
  SNAPSHOT_CREATE("snapshot.create"),
  SNAPSHOT_DELETE("snapshot.delete"),
  SNAPSHOT_FORCE_DELETE("snapshot.force_delete"),
  SNAPSHOT_MANAGE("snapshot.manage"),
  SNAPSHOT_UNMANAGE("snapshot.unmanage"),
  SNAPSHOT_ACCESS("snapshot.access"),
  SHARE_GROUP_CREATE("share_group.create"),
  SHARE_GROUP_DELETE("share_group.delete"),
  SHARE_GROUP_SNAPSHOT_CREATE("share_group_snapshot.create"),
  SHARE_GROUP_SNAPSHOT_DELETE("share_group_snapshot.delete"),
  SHARE_GROUP_SNAPSHOT_FORCE_DELETE("share_group_snapshot.force_delete"),
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
