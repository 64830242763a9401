package dev.sharesnap.driver.cephfs;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.NativeLongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The few librados C functions the CephFS backend needs, bound with JNA to Debian's librados2.
 * Manila sends the volumes commands the same way ({@code rados_mgr_command}); the Java binding on
 * Maven Central (com.ceph:rados) wraps only {@code rados_mon_command}, which the restricted client
 * may not use for them. Every call blocks: callers run them on the backend's worker pool. {@code
 * size_t} is {@code NativeLong} (both are 64 bits on the LP64 Linux that Ceph supports).
 */
interface Librados extends Library {

  int rados_create(PointerByReference cluster, String id);

  int rados_conf_read_file(Pointer cluster, String path);

  int rados_conf_set(Pointer cluster, String option, String value);

  int rados_connect(Pointer cluster);

  void rados_shutdown(Pointer cluster);

  int rados_mgr_command(
      Pointer cluster,
      String[] cmd,
      NativeLong cmdlen,
      byte[] inbuf,
      NativeLong inbuflen,
      PointerByReference outbuf,
      NativeLongByReference outbuflen,
      PointerByReference outs,
      NativeLongByReference outslen);

  int rados_mon_command(
      Pointer cluster,
      String[] cmd,
      NativeLong cmdlen,
      byte[] inbuf,
      NativeLong inbuflen,
      PointerByReference outbuf,
      NativeLongByReference outbuflen,
      PointerByReference outs,
      NativeLongByReference outslen);

  void rados_buffer_free(Pointer buf);

  /**
   * Loads the library. Debian ships only {@code librados.so.2} without the development package, so
   * the versioned name is tried when the plain one is missing.
   */
  static Librados load() {
    try {
      return Native.load("rados", Librados.class);
    } catch (UnsatisfiedLinkError e) {
      return Native.load("librados.so.2", Librados.class);
    }
  }
}
