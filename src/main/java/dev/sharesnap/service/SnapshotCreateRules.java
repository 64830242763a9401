package dev.sharesnap.service;

import dev.sharesnap.domain.ApiException;
import dev.sharesnap.domain.Share;
import dev.sharesnap.domain.ShareStatus;
import dev.sharesnap.domain.Snapshot;
import dev.sharesnap.domain.SnapshotStatus;
import dev.sharesnap.identity.Caller;
import dev.sharesnap.persistence.Clock;
import dev.sharesnap.policy.PolicyEnforcer;
import dev.sharesnap.policy.Rule;
import dev.sharesnap.service.SnapshotService.NewSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * What a snapshot create checks on its locked share, in Manila's order (visibility, capability,
 * policy, share status), and the row it inserts: shared by the single create and the batch.
 */
@ApplicationScoped
public class SnapshotCreateRules {

  private final PolicyEnforcer policy;

  public SnapshotCreateRules(PolicyEnforcer policy) {
    this.policy = policy;
  }

  Share checkSnapshottable(Caller caller, Share share) {
    if (share == null || !canSee(caller, share.projectId()) && !share.isPublic()) {
      throw ApiException.notFound("NotFound: Resource could not be found.");
    }
    if (!share.snapshotSupport()) {
      throw ApiException.unprocessable(
          "Snapshots cannot be created for share '"
              + share.id()
              + "' since it does not have that capability.");
    }
    policy.authorize(caller, Rule.SNAPSHOT_CREATE, share.projectId());
    if (!ShareStatus.AVAILABLE.equals(share.status())) {
      throw ApiException.badRequest("Invalid share: Source share status must be available.");
    }
    return share;
  }

  static Snapshot newSnapshot(Caller caller, Share share, NewSnapshot req) {
    return new Snapshot(
        UUID.randomUUID(),
        share.projectId(),
        caller.userId(),
        share.id(),
        share.size(),
        share.size(),
        req.name(),
        req.description(),
        share.shareProto(),
        SnapshotStatus.CREATING,
        "0%",
        null,
        req.metadata(),
        null,
        Clock.now(),
        null,
        req.keptUntil(),
        null);
  }

  private static boolean canSee(Caller caller, String projectId) {
    return caller.isAdmin() || caller.projectId().equals(projectId);
  }
}
