package dev.sharesnap.service;

import dev.sharesnap.config.EventsConfig;
import dev.sharesnap.domain.SnapshotChange;
import dev.sharesnap.identity.Caller;
import dev.sharesnap.persistence.SnapshotChanges;
import dev.sharesnap.policy.PolicyEnforcer;
import dev.sharesnap.policy.Rule;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Extension: live snapshot status for SSE clients, authorized as show (one snapshot) and list (a
 * project). Each stream buffers at most {@link #BUFFER} changes for a slow client, then fails,
 * which closes the connection; the client reconnects and reads the current state first. Open
 * subscriptions are counted in the gauge {@code sharesnap.events.subscriptions}; a stream's
 * subscription ends when it completes, fails or is cancelled (the connection closed, or a heartbeat
 * could not be written to a client that has gone).
 */
@ApplicationScoped
public class SnapshotEventService {

  static final int BUFFER = 256;

  private final SnapshotChanges changes;
  private final SnapshotService snapshots;
  private final PolicyEnforcer policy;
  private final EventsConfig config;
  private final AtomicInteger open = new AtomicInteger();

  public SnapshotEventService(
      SnapshotChanges changes,
      SnapshotService snapshots,
      PolicyEnforcer policy,
      EventsConfig config,
      MeterRegistry registry) {
    this.changes = changes;
    this.snapshots = snapshots;
    this.policy = policy;
    this.config = config;
    Gauge.builder("sharesnap.events.subscriptions", open, AtomicInteger::get)
        .description("Open live-status (SSE) subscriptions of this replica")
        .register(registry);
  }

  /**
   * A tick every heartbeat interval, for the SSE resource to write as a comment. Ticks a slow
   * client has not taken are dropped, not buffered.
   */
  public Multi<Long> heartbeats() {
    return Multi.createFrom().ticks().every(config.heartbeatInterval()).onOverflow().drop();
  }

  /**
   * The snapshot's current status, then each change. The current state is read after the live
   * subscription starts, so no change is lost between the two (one may be repeated).
   */
  public Multi<SnapshotChange> forSnapshot(Caller caller, String id) {
    return snapshots
        .show(caller, id)
        .onItem()
        .transformToMulti(
            s ->
                Multi.createBy()
                    .merging()
                    .streams(
                        live().select().where(c -> c.id().equals(s.id())),
                        snapshots.show(caller, id).map(SnapshotEventService::current).toMulti()));
  }

  /** Every status change of the caller's project from now on (admins: their own project too). */
  public Multi<SnapshotChange> forProject(Caller caller) {
    policy.authorize(caller, Rule.SNAPSHOT_GET_ALL);
    String project = caller.projectId();
    return live().select().where(c -> c.projectId().equals(project));
  }

  private Multi<SnapshotChange> live() {
    return changes.stream()
        .onOverflow()
        .buffer(BUFFER)
        .onSubscription()
        .invoke(open::incrementAndGet)
        .onTermination()
        .invoke(open::decrementAndGet);
  }

  private static SnapshotChange current(dev.sharesnap.domain.Snapshot s) {
    return new SnapshotChange(
        s.id(), s.projectId(), s.status(), s.updatedAt() == null ? s.createdAt() : s.updatedAt());
  }
}
