package dev.sharesnap.driver.cephfs;

import static dev.sharesnap.driver.cephfs.CephErrors.EINVAL;
import static dev.sharesnap.driver.cephfs.CephErrors.ENOENT;
import static dev.sharesnap.driver.cephfs.CephErrors.ENOTSUP;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharesnap.config.CephfsConfig;
import dev.sharesnap.driver.DriverException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.UUID;

/**
 * Subvolume clones (shares made from snapshots). Ceph copies a clone in the background after {@code
 * fs subvolume snapshot clone} returns; {@link #awaitComplete} polls {@code fs clone status} until
 * it is complete, failed or canceled, pausing between polls on a timer (no thread waits), up to the
 * clone timeout. Running out of time is transient: the retried task finds the same clone and keeps
 * polling.
 */
final class CephfsClones {

  private final CephfsConfig config;
  private final CephCommandChannel ceph;

  CephfsClones(CephfsConfig config, CephCommandChannel ceph) {
    this.config = config;
    this.ceph = ceph;
  }

  Uni<Void> awaitComplete(UUID clone) {
    return poll(clone, System.nanoTime() + config.cloneTimeout().toNanos());
  }

  private Uni<Void> poll(UUID clone, long deadline) {
    return ceph.mgr(command("fs clone status", clone))
        .chain(
            reply -> {
              JsonNode status = CephCommandChannel.json(reply).path("status");
              String state = status.path("state").asText("");
              return switch (state) {
                case "complete" -> Uni.createFrom().voidItem();
                case "failed", "canceled" ->
                    Uni.createFrom().failure(failed(clone, state, status.path("failure")));
                default ->
                    System.nanoTime() > deadline
                        ? Uni.createFrom()
                            .failure(
                                DriverException.transientFailure(
                                    "clone "
                                        + clone
                                        + " is still "
                                        + state
                                        + " after "
                                        + config.cloneTimeout().toSeconds()
                                        + " s",
                                    null))
                        : pause().chain(() -> poll(clone, deadline));
              };
            });
  }

  /** Stops a clone that is still copying; one that is done or gone needs nothing. */
  Uni<Void> cancel(UUID clone) {
    return ceph.mgrSlow(command("fs clone cancel", clone), EINVAL, ENOENT, ENOTSUP)
        .replaceWithVoid();
  }

  private DriverException failed(UUID clone, String state, JsonNode failure) {
    String why =
        failure.isMissingNode() ? "" : ": " + failure.path("error_msg").asText(failure.toString());
    return DriverException.permanent(
        "Creating share " + clone + " from a CephFS snapshot ended " + state + why);
  }

  /** Waits one poll interval, then continues on the caller's Vert.x context (the task worker's). */
  private Uni<Void> pause() {
    Context caller = Vertx.currentContext();
    Uni<Void> timer = Uni.createFrom().voidItem().onItem().delayIt().by(config.clonePollInterval());
    return caller == null ? timer : timer.emitOn(r -> caller.runOnContext(v -> r.run()));
  }

  private CephCommand command(String prefix, UUID clone) {
    return CephCommand.of(prefix)
        .with("vol_name", config.volumeName())
        .with("clone_name", clone.toString())
        .with("group_name", config.subvolumeGroup());
  }
}
