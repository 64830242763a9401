package dev.sharesnap.api.v2;

import dev.sharesnap.api.microversion.ApiVersion;
import dev.sharesnap.api.microversion.Versions;
import dev.sharesnap.api.view.AccessRuleView;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.identity.RequestContext;
import dev.sharesnap.service.SnapshotAccessService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /v2/snapshots/{id}/access-list}: who may mount a snapshot (2.32+); access is granted and
 * denied through the snapshot's action route ({@link SnapshotResource}).
 */
@Path("/v2/snapshots/{id}/access-list")
@Tag(name = "snapshots", description = "Share snapshots (Manila's share_snapshot API)")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class SnapshotAccessListResource {

  private final SnapshotAccessService access;
  private final RequestContext ctx;

  public SnapshotAccessListResource(SnapshotAccessService access, RequestContext ctx) {
    this.access = access;
    this.ctx = ctx;
  }

  @Operation(
      summary = "List a snapshot's access rules",
      description =
          "Microversions 2.32-2.73 (404 below 2.32). 400 when the share has no "
              + "mount_snapshot_support.")
  @APIResponse(responseCode = "200", description = "{\"snapshot_access_list\": [...]}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @GET
  public Uni<Map<String, Object>> accessList(@PathParam("id") String id) {
    requireVersion(Versions.MOUNTABLE_SNAPSHOTS);
    return access.listSnapshot(ctx.caller(), id).map(AccessRuleView::snapshotList);
  }

  private void requireVersion(ApiVersion min) {
    if (!ctx.version().atLeast(min)) {
      throw ApiException.notFound();
    }
  }
}
