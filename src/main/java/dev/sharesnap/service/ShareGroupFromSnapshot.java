package dev.sharesnap.service;

import dev.sharesnap.domain.ApiException;
import dev.sharesnap.domain.Share;
import dev.sharesnap.domain.ShareGroup;
import dev.sharesnap.domain.ShareGroupSnapshot;
import dev.sharesnap.domain.ShareGroupStatus;
import dev.sharesnap.domain.ShareStatus;
import dev.sharesnap.domain.Snapshot;
import dev.sharesnap.identity.Caller;
import dev.sharesnap.persistence.Clock;
import dev.sharesnap.persistence.ShareGroupRepository;
import dev.sharesnap.persistence.ShareGroupSnapshotRepository;
import dev.sharesnap.persistence.ShareRepository;
import dev.sharesnap.persistence.SnapshotRepository;
import dev.sharesnap.task.TaskKind;
import dev.sharesnap.task.TaskQueue;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Manila's share group created from a share group snapshot ({@code
 * source_share_group_snapshot_id}): the new group lives on the source group's host with its share
 * types, and gets one share per member, created from that member's snapshot ({@code
 * source_share_group_snapshot_member_id}). The group, its shares and their quota charges commit
 * together with one task, which copies every member and makes the group available once all its
 * shares are (see ShareGroupTaskHandler).
 */
@ApplicationScoped
class ShareGroupFromSnapshot {

  private final Pool pool;
  private final ShareGroupSnapshotRepository groupSnapshots;
  private final ShareGroupRepository groups;
  private final SnapshotRepository snapshots;
  private final ShareRepository shares;
  private final QuotaService quotas;
  private final TaskQueue tasks;

  ShareGroupFromSnapshot(
      Pool pool,
      ShareGroupSnapshotRepository groupSnapshots,
      ShareGroupRepository groups,
      SnapshotRepository snapshots,
      ShareRepository shares,
      QuotaService quotas,
      TaskQueue tasks) {
    this.pool = pool;
    this.groupSnapshots = groupSnapshots;
    this.groups = groups;
    this.snapshots = snapshots;
    this.shares = shares;
    this.quotas = quotas;
    this.tasks = tasks;
  }

  /** The source and what the new group copies: its group, its members and their shares. */
  private record Source(ShareGroupSnapshot snapshot, ShareGroup group, List<Member> members) {}

  private record Member(Snapshot snapshot, Share share) {}

  Uni<ShareGroup> create(
      Caller caller, ShareGroupService.NewGroup req, UUID sourceId, String requestId) {
    return source(caller, sourceId)
        .chain(
            src -> {
              ShareGroup g = newGroup(caller, req, src);
              List<Share> copies = src.members().stream().map(m -> newShare(caller, g, m)).toList();
              return pool.withTransaction(tx -> insert(tx, g, copies, requestId));
            });
  }

  private Uni<Source> source(Caller caller, UUID sourceId) {
    return groupSnapshots
        .findById(pool, sourceId)
        .map(
            gs -> {
              if (gs == null || !AccessService.canSee(caller, gs.projectId())) {
                // Manila answers an unknown source with 400, not 404
                throw ApiException.badRequest(
                    "Share group snapshot " + sourceId + " could not be found.");
              }
              if (!ShareGroupStatus.AVAILABLE.equals(gs.status())) {
                throw ApiException.badRequest(
                    "Invalid share group snapshot: Share group snapshot status must be"
                        + " available.");
              }
              return gs;
            })
        .chain(
            gs ->
                groups
                    .findById(pool, gs.shareGroupId())
                    .chain(
                        group ->
                            members(gs)
                                .map(
                                    members -> {
                                      if (group == null) {
                                        throw ApiException.badRequest(
                                            "Invalid share group snapshot: its share group is"
                                                + " gone.");
                                      }
                                      return new Source(gs, group, members);
                                    })));
  }

  private Uni<List<Member>> members(ShareGroupSnapshot gs) {
    return snapshots
        .members(pool, gs.id())
        .chain(
            list ->
                list.isEmpty()
                    ? Uni.createFrom().item(List.<Member>of())
                    : Multi.createFrom()
                        .iterable(list)
                        .onItem()
                        .transformToUniAndConcatenate(
                            m -> shares.findById(pool, m.shareId()).map(s -> new Member(m, s)))
                        .collect()
                        .asList());
  }

  private static ShareGroup newGroup(Caller caller, ShareGroupService.NewGroup req, Source src) {
    ShareGroup from = src.group();
    return new ShareGroup(
        UUID.randomUUID(),
        caller.projectId(),
        caller.userId(),
        req.name(),
        req.description(),
        ShareGroupStatus.CREATING,
        from.host(),
        req.shareGroupTypeId() != null ? req.shareGroupTypeId() : from.shareGroupTypeId(),
        from.shareTypes(),
        src.snapshot().id(),
        from.consistentSnapshotSupport(),
        Clock.now(),
        null);
  }

  /** A share of the new group from one member, as its source share was (type, protocol, size). */
  private static Share newShare(Caller caller, ShareGroup g, Member m) {
    Share from = m.share();
    if (from == null) {
      throw ApiException.badRequest(
          "Invalid share group snapshot: the share of member " + m.snapshot().id() + " is gone.");
    }
    Snapshot snap = m.snapshot();
    return new Share(
        UUID.randomUUID(),
        caller.projectId(),
        caller.userId(),
        null,
        null,
        snap.size() == null ? snap.shareSize() : snap.size(),
        from.shareProto(),
        from.shareTypeId(),
        from.shareTypeName(),
        ShareStatus.CREATING,
        g.host(),
        snap.id(),
        false,
        from.snapshotSupport(),
        from.createShareFromSnapshotSupport(),
        from.revertToSnapshotSupport(),
        from.mountSnapshotSupport(),
        null,
        Map.of(),
        Clock.now(),
        null,
        null,
        g.id(),
        snap.id());
  }

  private Uni<ShareGroup> insert(SqlClient tx, ShareGroup g, List<Share> copies, String requestId) {
    Uni<Void> chain =
        groups.insert(tx, g).chain(() -> quotas.chargeShareGroup(tx, g.projectId(), g.id()));
    for (Share s : copies) {
      chain = chain.chain(() -> shares.insert(tx, s)).chain(() -> quotas.chargeShare(tx, s));
    }
    return chain
        .chain(() -> tasks.enqueue(tx, TaskKind.SHARE_GROUP_CREATE, g.id(), requestId))
        .replaceWith(g);
  }
}
