package dev.sharesnap.driver.cephfs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharesnap.config.CephfsConfig;
import dev.sharesnap.driver.DriverException;
import dev.sharesnap.driver.ShareResult;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Where shares live and how clients reach them. The export location is what Manila's native CephFS
 * protocol shows: the monitors' v1 addresses and the subvolume's path, {@code
 * 10.0.0.1:6789,...:/volumes/ <group>/<share id>/<uuid>}. The monitors come from {@code mon dump}
 * once; the subvolume group is created once per process (Ceph's create is idempotent, so racing
 * first calls are harmless).
 */
final class CephfsExports {

  private final CephfsConfig config;
  private final CephCommandChannel ceph;
  private volatile boolean groupReady;
  private volatile String monitors;

  CephfsExports(CephfsConfig config, CephCommandChannel ceph) {
    this.config = config;
    this.ceph = ceph;
  }

  Uni<Void> ensureGroup() {
    if (groupReady) {
      return Uni.createFrom().voidItem();
    }
    CephCommand create =
        CephCommand.of("fs subvolumegroup create")
            .with("vol_name", config.volumeName())
            .with("group_name", config.subvolumeGroup())
            .with("mode", "755");
    return ceph.mgr(create).invoke(() -> groupReady = true).replaceWithVoid();
  }

  /** The native CEPHFS export location of an existing subvolume. */
  Uni<ShareResult> of(UUID share) {
    return monitors().chain(mons -> path(share).map(path -> new ShareResult(mons + ":" + path)));
  }

  /** The path of an existing subvolume in its volume. */
  Uni<String> path(UUID share) {
    CephCommand getpath = CephCommand.subvolume("fs subvolume getpath", config, share);
    return ceph.mgr(getpath).map(CephfsExports::path);
  }

  private static String path(CephReply reply) {
    String out = reply.out().strip();
    // the volumes module answers with the bare path; a JSON string is accepted too
    String path = out.startsWith("\"") ? CephCommandChannel.json(reply).asText() : out;
    if (!path.startsWith("/")) {
      throw DriverException.permanent("Ceph returned an unexpected subvolume path: '" + out + "'");
    }
    return path;
  }

  private Uni<String> monitors() {
    String known = monitors;
    if (known != null) {
      return Uni.createFrom().item(known);
    }
    return ceph.mon(CephCommand.of("mon dump"))
        .map(
            reply -> {
              List<String> addrs = new ArrayList<>();
              for (JsonNode mon : CephCommandChannel.json(reply).path("mons")) {
                String addr =
                    mon.path("addr").asText(""); // "127.0.0.1:6789/0": the v1 address and a nonce
                int slash = addr.indexOf('/');
                if (!addr.isEmpty()) {
                  addrs.add(slash < 0 ? addr : addr.substring(0, slash));
                }
              }
              if (addrs.isEmpty()) {
                throw DriverException.transientFailure(
                    "mon dump listed no monitor addresses", null);
              }
              monitors = String.join(",", addrs);
              return monitors;
            });
  }
}
