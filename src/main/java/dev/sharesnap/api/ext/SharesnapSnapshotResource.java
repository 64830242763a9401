package dev.sharesnap.api.ext;

import dev.sharesnap.identity.RequestContext;
import dev.sharesnap.service.SnapshotSyncService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Extension routes on snapshots, under {@code /v2/sharesnap} so they never shadow a Manila route
 * (docs/extensions.md).
 */
@Path("/v2/sharesnap/snapshots")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class SharesnapSnapshotResource {

  private final SnapshotSyncService sync;
  private final RequestContext ctx;

  public SharesnapSnapshotResource(SnapshotSyncService sync, RequestContext ctx) {
    this.sync = sync;
    this.ctx = ctx;
  }

  /** Re-read the snapshot from its backend and reconcile; 202, the outcome shows in the view. */
  @POST
  @Path("{id}/pull")
  public Uni<Response> pull(@PathParam("id") String id) {
    return sync.pull(ctx.caller(), id, ctx.requestId()).map(x -> Response.accepted().build());
  }
}
