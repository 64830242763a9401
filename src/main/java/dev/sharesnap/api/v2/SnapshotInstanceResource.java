package dev.sharesnap.api.v2;

import dev.sharesnap.api.microversion.ApiVersion;
import dev.sharesnap.api.microversion.Versions;
import dev.sharesnap.api.view.Links;
import dev.sharesnap.api.view.SnapshotInstanceView;
import dev.sharesnap.api.view.SnapshotView;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.domain.SnapshotStatus;
import dev.sharesnap.identity.Caller;
import dev.sharesnap.identity.RequestContext;
import dev.sharesnap.service.SnapshotAccessService;
import dev.sharesnap.service.SnapshotInstanceService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /v2/snapshot-instances} (2.19+, admin): each snapshot's one instance (see {@link
 * SnapshotInstanceService}).
 */
@Tag(name = "snapshot instances", description = "Snapshot instances (admin)")
@Path("/v2/snapshot-instances")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class SnapshotInstanceResource {

  private final SnapshotInstanceService service;
  private final SnapshotAccessService access;
  private final RequestContext ctx;

  public SnapshotInstanceResource(
      SnapshotInstanceService service, SnapshotAccessService access, RequestContext ctx) {
    this.service = service;
    this.access = access;
    this.ctx = ctx;
  }

  @Operation(
      summary = "List snapshot instances",
      description =
          "Microversions 2.19-2.73 (404 below 2.19); admins. Filter snapshot_id. Fields id, "
              + "snapshot_id, status.")
  @APIResponse(responseCode = "200", description = "{\"snapshot_instances\": [...]}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @GET
  public Uni<Map<String, Object>> list(@QueryParam("snapshot_id") String snapshotId) {
    requireVersion();
    return service.list(ctx.caller(), false, snapshotId).map(SnapshotInstanceView::summaryList);
  }

  @Operation(
      summary = "List snapshot instances with details",
      description = "Microversions 2.19-2.73 (404 below 2.19); admins. Filter snapshot_id.")
  @APIResponse(responseCode = "200", description = "{\"snapshot_instances\": [...]}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @GET
  @Path("detail")
  public Uni<Map<String, Object>> detail(@QueryParam("snapshot_id") String snapshotId) {
    requireVersion();
    return service.list(ctx.caller(), true, snapshotId).map(SnapshotInstanceView::detailList);
  }

  @Operation(
      summary = "Show a snapshot instance",
      description =
          "Microversions 2.19-2.73 (404 below 2.19); admins. Every snapshot has one instance, with "
              + "its id.")
  @APIResponse(responseCode = "200", description = "{\"snapshot_instance\": {...}}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @GET
  @Path("{id}")
  public Uni<Map<String, Object>> show(@PathParam("id") String id) {
    requireVersion();
    return service
        .show(ctx.caller(), id)
        .map(s -> Map.of("snapshot_instance", SnapshotInstanceView.detail(s)));
  }

  @Operation(
      summary = "Snapshot instance actions",
      description = "Microversions 2.19-2.73 (404 below 2.19); admins. One action: reset_status.")
  @APIResponse(responseCode = "202", description = "Accepted")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @POST
  @Path("{id}/action")
  public Uni<Response> action(
      @PathParam("id") String id, @HeaderParam("Content-Type") String contentType, String body) {
    requireVersion();
    ActionRequest action = ActionRequest.from(JsonBodies.optional(contentType, body));
    if (!action.name().equals("reset_status")) {
      throw ApiException.badRequest("There is no such action: " + action.name());
    }
    return service
        .resetStatus(
            ctx.caller(),
            id,
            () -> ResetStatusRequest.from(action.value(), SnapshotStatus.RESETTABLE).status())
        .map(x -> Response.accepted().build());
  }

  @Operation(
      summary = "List a snapshot instance's export locations",
      description =
          "Microversions 2.32-2.73 (404 below 2.32); admins (403 before any lookup). The same "
              + "location as the snapshot's, since each snapshot has one instance.")
  @APIResponse(responseCode = "200", description = "{\"share_snapshot_export_locations\": [...]}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @GET
  @Path("{id}/export-locations")
  public Uni<Map<String, Object>> exportLocations(@PathParam("id") String id) {
    requireVersion(Versions.MOUNTABLE_SNAPSHOTS);
    Caller caller = ctx.caller();
    Links links = Links.of(ctx);
    return access
        .snapshotInstanceExport(caller, id, false)
        .map(e -> SnapshotView.exportLocationList(e.snapshot(), e.path(), caller.isAdmin(), links));
  }

  @Operation(
      summary = "Show a snapshot instance export location",
      description = "Microversions 2.32-2.73 (404 below 2.32); admins (403 before any lookup).")
  @APIResponse(responseCode = "200", description = "{\"share_snapshot_export_location\": {...}}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @GET
  @Path("{id}/export-locations/{locationId}")
  public Uni<Map<String, Object>> exportLocation(
      @PathParam("id") String id, @PathParam("locationId") String locationId) {
    requireVersion(Versions.MOUNTABLE_SNAPSHOTS);
    Caller caller = ctx.caller();
    Links links = Links.of(ctx);
    return access
        .snapshotInstanceExport(caller, id, true)
        .map(
            e ->
                SnapshotView.exportLocationShown(
                    e.snapshot(), e.path(), locationId, caller.isAdmin(), links));
  }

  private void requireVersion(ApiVersion least) {
    if (!ctx.version().atLeast(least)) {
      throw ApiException.notFound();
    }
  }

  private void requireVersion() {
    requireVersion(Versions.SNAPSHOT_INSTANCES);
  }
}
