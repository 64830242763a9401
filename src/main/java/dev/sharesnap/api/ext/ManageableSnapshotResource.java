package dev.sharesnap.api.ext;

import dev.sharesnap.api.view.ManageableSnapshotView;
import dev.sharesnap.identity.RequestContext;
import dev.sharesnap.service.ManageableSnapshotService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Extension: snapshots the backends hold that sharesnap could manage (Cinder's manageable
 * snapshots), under {@code /v2/sharesnap} (docs/extensions.md).
 */
@Tag(
    name = "sharesnap extensions",
    description = "sharesnap extension routes, not part of Manila (docs/extensions.md)")
@Path("/v2/sharesnap/manageable_snapshots")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class ManageableSnapshotResource {

  private static final String DESCRIPTION =
      "sharesnap extension (not a Manila route): served under /v2/sharesnap without the "
          + "X-Sharesnap-Extensions header, which only Manila's own routes need. Microversions "
          + "2.0-2.73, the same answer at each. Admin only (sharesnap:list_manageable_snapshots). "
          + "Query: host (host@backend[#pool]), sort_keys (reference, size), sort_dirs (asc, "
          + "desc), limit, offset, marker (a reference).";

  private final ManageableSnapshotService service;
  private final RequestContext ctx;

  public ManageableSnapshotResource(ManageableSnapshotService service, RequestContext ctx) {
    this.service = service;
    this.ctx = ctx;
  }

  @Operation(
      summary = "List backend snapshots that could be managed",
      description = DESCRIPTION,
      extensions = @Extension(name = "x-sharesnap-extension", value = "true", parseValue = true))
  @APIResponse(responseCode = "200", description = "{\"manageable_snapshots\": [...]}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @GET
  public Uni<Map<String, Object>> list(@Context UriInfo uri) {
    return list(uri, false);
  }

  @Operation(
      summary = "List backend snapshots that could be managed, with details",
      description = DESCRIPTION + " Adds reason_not_safe, snapshot_id and extra_info.",
      extensions = @Extension(name = "x-sharesnap-extension", value = "true", parseValue = true))
  @APIResponse(responseCode = "200", description = "{\"manageable_snapshots\": [...]}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @GET
  @Path("detail")
  public Uni<Map<String, Object>> detail(@Context UriInfo uri) {
    return list(uri, true);
  }

  private Uni<Map<String, Object>> list(UriInfo uri, boolean detail) {
    ManageableSnapshotService.Query query =
        ManageableSnapshotRequest.from(uri.getQueryParameters());
    return service.list(ctx.caller(), query).map(all -> ManageableSnapshotView.list(all, detail));
  }
}
