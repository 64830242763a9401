package dev.sharesnap.driver.cephfs;

import static dev.sharesnap.driver.cephfs.CephErrors.ENOENT;
import static dev.sharesnap.driver.cephfs.CephErrors.EPERM;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharesnap.config.CephfsConfig;
import dev.sharesnap.driver.AccessGrant;
import dev.sharesnap.driver.ClientAccess;
import dev.sharesnap.driver.DriverException;
import dev.sharesnap.driver.ShareRef;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Native CephFS access by cephx id, as Manila's CephFS driver gives it: {@code fs subvolume
 * authorize} gives the id caps on the subvolume's path (mds), on its data pool namespace (osd) and
 * {@code mon 'allow r'}, creating the id if needed, and answers with its key (the rule's
 * access_key); read-only rules get level {@code r}. Every call applies the whole set, as Manila's
 * recovery mode does: ids Ceph lists for the subvolume ({@code authorized_list}) that the set no
 * longer has are deauthorized and their clients evicted, then every id of the set is authorized
 * again, which returns the same key and moves existing caps to the wanted level. Ceph records the
 * project (tenant_id) that first got an id and refuses it to any other, so one project cannot get
 * another's key; that and the service's own id are refused per rule, not for the whole set.
 */
final class CephfsAccess {

  private final CephfsConfig config;
  private final CephCommandChannel ceph;

  CephfsAccess(CephfsConfig config, CephCommandChannel ceph) {
    this.config = config;
    this.ceph = ceph;
  }

  Uni<List<ClientAccess>> update(ShareRef share, String projectId, List<AccessGrant> grants) {
    Set<String> wanted = grants.stream().map(AccessGrant::accessTo).collect(Collectors.toSet());
    return authorizedIds(share.id())
        .chain(
            ids -> revokeAll(share.id(), ids.stream().filter(id -> !wanted.contains(id)).toList()))
        .chain(
            () ->
                Multi.createFrom()
                    .iterable(grants)
                    .onItem()
                    .transformToUniAndConcatenate(g -> authorize(share.id(), projectId, g))
                    .collect()
                    .asList());
  }

  /** The ids Ceph lists for the subvolume; none once it is gone (a retried share delete). */
  private Uni<List<String>> authorizedIds(UUID share) {
    CephCommand list = CephCommand.subvolume("fs subvolume authorized_list", config, share);
    return ceph.mgr(list, ENOENT)
        .map(
            reply -> {
              List<String> ids = new ArrayList<>();
              if (reply.ok()) {
                // [{"alice": "rw"}, {"bob": "r"}]
                for (JsonNode entry : CephCommandChannel.json(reply)) {
                  entry.fieldNames().forEachRemaining(ids::add);
                }
              }
              return ids;
            });
  }

  private Uni<Void> revokeAll(UUID share, List<String> ids) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (String id : ids) {
      chain = chain.chain(() -> revoke(share, id));
    }
    return chain;
  }

  /**
   * Deauthorize, then evict the id's mounted clients (Manila's deny does both): the caps are gone
   * from the id, and clients that already hold the subvolume lose it now rather than at their next
   * reconnect. ENOENT: already deauthorized (a retry).
   */
  private Uni<Void> revoke(UUID share, String id) {
    return ceph.mgr(
            CephCommand.subvolume("fs subvolume deauthorize", config, share).with("auth_id", id),
            ENOENT)
        .chain(
            () ->
                ceph.mgr(
                    CephCommand.subvolume("fs subvolume evict", config, share).with("auth_id", id),
                    ENOENT))
        .replaceWithVoid();
  }

  private Uni<ClientAccess> authorize(UUID share, String projectId, AccessGrant grant) {
    String id = grant.accessTo();
    if (id.equals(config.clientId())) {
      // Manila checks this in its driver too: only the driver knows its own id
      return Uni.createFrom()
          .item(
              ClientAccess.refused(
                  id,
                  "Ceph authentication ID "
                      + id
                      + " must be different than the one the sharesnap service uses."));
    }
    CephCommand authorize =
        CephCommand.subvolume("fs subvolume authorize", config, share)
            .with("auth_id", id)
            .with("tenant_id", projectId)
            .with("access_level", grant.readOnly() ? "r" : "rw");
    // EPERM: an id of another project, or one Ceph's volumes module did not make
    return ceph.mgr(authorize, EPERM)
        .map(
            reply ->
                reply.ok()
                    ? ClientAccess.granted(id, key(reply))
                    : ClientAccess.refused(
                        id,
                        "Access to client " + id + " is not allowed. Reason: " + reply.status()));
  }

  private static String key(CephReply reply) {
    String out = reply.out().strip();
    // the volumes module answers with the bare key; a JSON string is accepted too
    String key = out.startsWith("\"") ? CephCommandChannel.json(reply).asText() : out;
    if (key.isEmpty()) {
      throw DriverException.permanent("Ceph returned no key for fs subvolume authorize");
    }
    return key;
  }
}
