package dev.sharesnap.driver.cephfs;

import static dev.sharesnap.driver.cephfs.CephErrors.EAGAIN;
import static dev.sharesnap.driver.cephfs.CephErrors.ENOENT;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharesnap.config.CephfsConfig;
import dev.sharesnap.driver.BackendSnapshot;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists every subvolume snapshot in the configured volume and group, for the manageable-snapshots
 * listing: {@code fs subvolume ls}, then per subvolume {@code fs subvolume snapshot ls} and per
 * snapshot {@code fs subvolume snapshot info}, one command at a time through the channel (the
 * listing is rare and must not crowd out the pipeline's commands). A subvolume or snapshot that
 * goes away meanwhile (ENOENT), or a clone still being copied (EAGAIN), is left out. Sizes: the
 * snapshot's own when Ceph reports one; Pacific does not, and then the subvolume's bytes used, as
 * manage measures it.
 */
final class CephfsSnapshotList {

  private static final long GIB = 1L << 30;

  private final CephfsConfig config;
  private final CephCommandChannel ceph;

  CephfsSnapshotList(CephfsConfig config, CephCommandChannel ceph) {
    this.config = config;
    this.ceph = ceph;
  }

  Uni<List<BackendSnapshot>> list() {
    CephCommand ls =
        CephCommand.of("fs subvolume ls")
            .with("vol_name", config.volumeName())
            .with("group_name", config.subvolumeGroup());
    // ENOENT: the group does not exist yet (no share was ever created)
    return ceph.mgr(ls, ENOENT)
        .map(reply -> reply.ok() ? names(CephCommandChannel.json(reply)) : List.<String>of())
        .onItem()
        .transformToMulti(subs -> Multi.createFrom().iterable(subs))
        .onItem()
        .transformToUniAndConcatenate(this::ofSubvolume)
        .collect()
        .asList()
        .map(lists -> lists.stream().flatMap(List::stream).toList());
  }

  private Uni<List<BackendSnapshot>> ofSubvolume(String sub) {
    CephCommand ls = CephCommand.subvolume("fs subvolume snapshot ls", config, sub);
    Uni<Long> used = bytesUsed(sub).memoize().indefinitely();
    return ceph.mgr(ls, ENOENT, EAGAIN)
        .map(reply -> reply.ok() ? names(CephCommandChannel.json(reply)) : List.<String>of())
        .onItem()
        .transformToMulti(snaps -> Multi.createFrom().iterable(snaps))
        .onItem()
        .transformToUniAndConcatenate(snap -> snapshot(sub, snap, used))
        .filter(s -> s != null)
        .collect()
        .asList();
  }

  private Uni<BackendSnapshot> snapshot(String sub, String snap, Uni<Long> used) {
    CephCommand info =
        CephCommand.subvolume("fs subvolume snapshot info", config, sub).with("snap_name", snap);
    return ceph.mgr(info, ENOENT, EAGAIN)
        .chain(
            reply -> {
              if (!reply.ok()) {
                return Uni.createFrom().nullItem();
              }
              JsonNode json = CephCommandChannel.json(reply);
              Uni<Long> bytes =
                  json.has("size") ? Uni.createFrom().item(json.get("size").asLong()) : used;
              String created = json.path("created_at").asText(null);
              return bytes.map(b -> new BackendSnapshot(snap, sub, gib(b), null, created));
            });
  }

  private Uni<Long> bytesUsed(String sub) {
    return ceph.mgr(CephCommand.subvolume("fs subvolume info", config, sub), ENOENT, EAGAIN)
        .map(r -> r.ok() ? CephCommandChannel.json(r).path("bytes_used").asLong(0) : 0L);
  }

  private static int gib(long bytes) {
    return (int) Math.max(1, (bytes + GIB - 1) / GIB);
  }

  /** The names in Ceph's {@code [{"name": ...}, ...]} answers. */
  private static List<String> names(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.path("name").asText()));
    return out;
  }
}
