package dev.sharesnap.driver.cephfs;

import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.NativeLongByReference;
import com.sun.jna.ptr.PointerByReference;
import dev.sharesnap.config.CephfsConfig;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * One librados cluster handle for the whole service, as Manila keeps one: made and connected on the
 * first command, then shared by the worker threads (librados is thread-safe and reconnects to the
 * monitors by itself). A failed connect is forgotten, so the next command tries again. Every method
 * blocks; only the backend's worker pool calls them.
 */
final class RadosConnection implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(RadosConnection.class);
  private static final NativeLong NO_INPUT = new NativeLong(0);

  private final CephfsConfig config;
  private final AtomicInteger inFlight = new AtomicInteger();
  private Librados lib;
  private Pointer cluster;

  RadosConnection(CephfsConfig config) {
    this.config = config;
  }

  /**
   * Sends a command to the active manager (the {@code volumes} module answers {@code fs ...}
   * prefixes).
   */
  CephReply mgrCommand(String json) {
    return command(json, true);
  }

  /** Sends a command to the monitors (e.g. {@code mon dump}). */
  CephReply monCommand(String json) {
    return command(json, false);
  }

  private CephReply command(String json, boolean mgr) {
    inFlight.incrementAndGet();
    try {
      return send(connected(), json, mgr);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private CephReply send(Pointer handle, String json, boolean mgr) {
    String[] cmd = {json};
    PointerByReference outbuf = new PointerByReference();
    NativeLongByReference outlen = new NativeLongByReference();
    PointerByReference outs = new PointerByReference();
    NativeLongByReference outslen = new NativeLongByReference();
    NativeLong one = new NativeLong(1);
    int rc =
        mgr
            ? lib.rados_mgr_command(handle, cmd, one, null, NO_INPUT, outbuf, outlen, outs, outslen)
            : lib.rados_mon_command(
                handle, cmd, one, null, NO_INPUT, outbuf, outlen, outs, outslen);
    return new CephReply(rc, take(outbuf, outlen), take(outs, outslen));
  }

  /** Copies a buffer librados allocated and frees it. */
  private String take(PointerByReference buf, NativeLongByReference len) {
    Pointer p = buf.getValue();
    if (p == null) {
      return "";
    }
    try {
      long n = len.getValue().longValue();
      return n <= 0 ? "" : new String(p.getByteArray(0, (int) n), StandardCharsets.UTF_8);
    } finally {
      lib.rados_buffer_free(p);
    }
  }

  private synchronized Pointer connected() {
    if (cluster != null) {
      return cluster;
    }
    if (lib == null) {
      try {
        lib = Librados.load();
      } catch (UnsatisfiedLinkError e) {
        throw new CephConnectException(
            -CephErrors.ENOSYS, "librados is not installed: " + e.getMessage());
      }
    }
    PointerByReference ref = new PointerByReference();
    check(lib.rados_create(ref, config.clientId()), "rados_create for client." + config.clientId());
    Pointer handle = ref.getValue();
    try {
      check(lib.rados_conf_read_file(handle, config.confPath()), "reading " + config.confPath());
      if (config.keyring().isPresent()) {
        check(lib.rados_conf_set(handle, "keyring", config.keyring().get()), "setting the keyring");
      }
      // No rados_mon_op_timeout: Pacific's rados_mgr_command returns on that timeout but leaves the
      // command
      // pending, and the late reply is then written into freed buffers (the JVM crashed so in
      // tests). The
      // channel's own timeout gives up on the call instead, and the thread returns when the mgr
      // answers.
      String mountTimeout = String.valueOf(Math.max(1, config.connectTimeout().toSeconds()));
      check(
          lib.rados_conf_set(handle, "client_mount_timeout", mountTimeout),
          "setting client_mount_timeout");
      check(lib.rados_connect(handle), "connecting as client." + config.clientId());
    } catch (CephConnectException e) {
      lib.rados_shutdown(handle);
      throw e;
    }
    LOG.infof("connected to Ceph as client.%s (%s)", config.clientId(), config.confPath());
    cluster = handle;
    return cluster;
  }

  private static void check(int rc, String what) {
    if (rc < 0) {
      throw new CephConnectException(rc, what + " failed");
    }
  }

  /**
   * Disconnects. A handle still used by a command stuck in librados is left alone: shutting it down
   * under that thread would crash the JVM, and the process is on its way out anyway.
   */
  @Override
  public synchronized void close() {
    if (cluster != null && inFlight.get() == 0) {
      lib.rados_shutdown(cluster);
      cluster = null;
    }
  }

  /**
   * A failure before any command was sent: no library, no config, no cluster, or refused
   * credentials.
   */
  static final class CephConnectException extends RuntimeException {
    final int rc;

    CephConnectException(int rc, String message) {
      super(message);
      this.rc = rc;
    }
  }
}
