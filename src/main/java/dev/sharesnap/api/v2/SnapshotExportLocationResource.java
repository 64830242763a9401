package dev.sharesnap.api.v2;

import dev.sharesnap.api.microversion.ApiVersion;
import dev.sharesnap.api.microversion.Versions;
import dev.sharesnap.api.view.Links;
import dev.sharesnap.api.view.SnapshotView;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.identity.Caller;
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

/** {@code /v2/snapshots/{id}/export-locations}: where a mountable snapshot is served (2.32+). */
@Path("/v2/snapshots/{id}/export-locations")
@Tag(name = "snapshots", description = "Share snapshots (Manila's share_snapshot API)")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class SnapshotExportLocationResource {

  private final SnapshotAccessService access;
  private final RequestContext ctx;

  public SnapshotExportLocationResource(SnapshotAccessService access, RequestContext ctx) {
    this.access = access;
    this.ctx = ctx;
  }

  /** Served by Ganesha for snapshots of shares with mount_snapshot_support; else none. */
  @Operation(
      summary = "List a snapshot's export locations",
      description =
          "Microversions 2.32-2.73 (404 below 2.32). One host:/snapshots/<id> location for an "
              + "available snapshot of a mountable share with Ganesha, else none.")
  @APIResponse(responseCode = "200", description = "{\"share_snapshot_export_locations\": [...]}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @GET
  public Uni<Map<String, Object>> exportLocations(@PathParam("id") String id) {
    requireVersion(Versions.MOUNTABLE_SNAPSHOTS);
    Caller caller = ctx.caller();
    Links links = Links.of(ctx);
    return access
        .snapshotExport(caller, id)
        .map(e -> SnapshotView.exportLocationList(e.snapshot(), e.path(), caller.isAdmin(), links));
  }

  @Operation(
      summary = "Show a snapshot export location",
      description = "Microversions 2.32-2.73 (404 below 2.32).")
  @APIResponse(responseCode = "200", description = "{\"share_snapshot_export_location\": {...}}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @GET
  @Path("{locationId}")
  public Uni<Map<String, Object>> exportLocation(
      @PathParam("id") String id, @PathParam("locationId") String locationId) {
    requireVersion(Versions.MOUNTABLE_SNAPSHOTS);
    Caller caller = ctx.caller();
    Links links = Links.of(ctx);
    return access
        .snapshotExport(caller, id)
        .map(
            e ->
                SnapshotView.exportLocationShown(
                    e.snapshot(), e.path(), locationId, caller.isAdmin(), links));
  }

  private void requireVersion(ApiVersion min) {
    if (!ctx.version().atLeast(min)) {
      throw ApiException.notFound();
    }
  }
}
