package dev.sharesnap.driver.cephfs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sharesnap.config.CephfsConfig;
import dev.sharesnap.driver.BlockingExecutor;
import dev.sharesnap.driver.DriverException;
import io.smallrye.mutiny.Uni;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The CephFS backend's one command choke point. Each command runs on a bounded worker pool
 * (librados calls block), with a timeout (which also covers waiting for a worker and a first
 * connect), is logged with its duration, and its errno becomes a reply (for the codes the caller
 * expects, such as ENOENT on a delete) or a {@link DriverException} (see {@link CephErrors}).
 */
final class CephCommandChannel implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(CephCommandChannel.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RadosConnection rados;
  private final BlockingExecutor blocking;
  private final Duration slowTimeout;

  CephCommandChannel(CephfsConfig config) {
    this.rados = new RadosConnection(config);
    this.blocking =
        new BlockingExecutor("cephfs-driver", config.workerThreads(), config.commandTimeout());
    this.slowTimeout = config.slowCommandTimeout();
  }

  /**
   * Sends {@code command} to the active manager; errnos in {@code accepted} are replies, not
   * failures.
   */
  Uni<CephReply> mgr(CephCommand command, int... accepted) {
    return send(command, true, null, accepted);
  }

  /**
   * As {@link #mgr}, for a command that waits for the manager's own background work, with the
   * longer {@code slow-command-timeout}.
   */
  Uni<CephReply> mgrSlow(CephCommand command, int... accepted) {
    return send(command, true, slowTimeout, accepted);
  }

  /** Sends {@code command} to the monitors. */
  Uni<CephReply> mon(CephCommand command, int... accepted) {
    return send(command, false, null, accepted);
  }

  /** The reply's output as JSON; an empty output is an empty object. */
  static JsonNode json(CephReply reply) {
    try {
      return reply.out().isBlank() ? JSON.createObjectNode() : JSON.readTree(reply.out());
    } catch (IOException e) {
      throw DriverException.permanent("Ceph answered with output that is not JSON: " + reply.out());
    }
  }

  /**
   * A command whose caller gave up (timed out) while it still waited for a worker is dropped, not
   * sent late: a thread may be held by a call to an unreachable manager until it comes back.
   */
  private Uni<CephReply> send(CephCommand command, boolean mgr, Duration timeout, int... accepted) {
    String what = "ceph " + command.prefix();
    AtomicBoolean abandoned = new AtomicBoolean();
    Supplier<CephReply> work =
        () -> {
          if (abandoned.get()) {
            throw DriverException.transientFailure(
                what + " was not sent: its caller gave up", null);
          }
          return call(command, mgr, what, accepted);
        };
    return (timeout == null ? blocking.run(what, work) : blocking.run(what, timeout, work))
        .onFailure()
        .invoke(() -> abandoned.set(true))
        .onCancellation()
        .invoke(() -> abandoned.set(true));
  }

  private CephReply call(CephCommand command, boolean mgr, String what, int[] accepted) {
    long start = System.nanoTime();
    CephReply reply;
    try {
      reply = mgr ? rados.mgrCommand(command.toJson()) : rados.monCommand(command.toJson());
    } catch (RadosConnection.CephConnectException e) {
      LOG.debugf("%s: not sent: %s", what, e.getMessage());
      throw CephErrors.failure(what + " (" + e.getMessage() + ")", -e.rc, null);
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    LOG.debugf(
        "%s %s: %s in %d ms",
        what, command.args(), reply.ok() ? "ok" : CephErrors.name(reply.errno()), ms);
    if (reply.ok() || Arrays.stream(accepted).anyMatch(e -> e == reply.errno())) {
      return reply;
    }
    throw CephErrors.failure(what, reply.errno(), reply.status());
  }

  @Override
  public void close() {
    blocking.close();
    rados.close();
  }
}
