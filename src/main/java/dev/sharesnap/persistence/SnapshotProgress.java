package dev.sharesnap.persistence;

import dev.sharesnap.domain.SnapshotStatus;

/** Manila's progress values: 0% while creating or managing, 100% once available. */
final class SnapshotProgress {

  private SnapshotProgress() {}

  static String of(String status) {
    return SnapshotStatus.AVAILABLE.equals(status) ? "100%" : null;
  }
}
