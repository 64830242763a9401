package dev.sharesnap.api.v2;

import dev.sharesnap.api.view.Links;
import dev.sharesnap.api.view.ShareGroupView;
import dev.sharesnap.domain.ShareGroupSnapshot;
import dev.sharesnap.identity.RequestContext;
import dev.sharesnap.service.ShareGroupSnapshotService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /v2/share-group-snapshots}: snapshots of all shares of a group at once. */
@Tag(name = "share group snapshots", description = "Share group snapshots (2.31+)")
@Path("/v2/share-group-snapshots")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class ShareGroupSnapshotResource {

  private final ShareGroupSnapshotService service;
  private final RequestContext ctx;

  public ShareGroupSnapshotResource(ShareGroupSnapshotService service, RequestContext ctx) {
    this.service = service;
    this.ctx = ctx;
  }

  @Operation(
      summary = "List share group snapshots (id, name, links)",
      description =
          ShareGroupRoutes.RANGE
              + "Filters name, status, share_group_id, all_tenants (admins), limit, offset.")
  @APIResponse(responseCode = "200", description = "{\"share_group_snapshots\": [...]}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @GET
  public Uni<Map<String, Object>> list(@Context UriInfo uri) {
    return list(uri, false);
  }

  @Operation(
      summary = "List share group snapshots with details (members included)",
      description = ShareGroupRoutes.RANGE)
  @APIResponse(responseCode = "200", description = "{\"share_group_snapshots\": [...]}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @GET
  @Path("detail")
  public Uni<Map<String, Object>> detail(@Context UriInfo uri) {
    return list(uri, true);
  }

  private Uni<Map<String, Object>> list(UriInfo uri, boolean detail) {
    ShareGroupRoutes.require(ctx);
    MultivaluedMap<String, String> q = uri.getQueryParameters();
    String group = q.getFirst("share_group_id");
    UUID groupId = group == null ? null : ShareGroupRequest.uuidOrNull(group);
    if (group != null && groupId == null) {
      return Uni.createFrom().item(Map.of("share_group_snapshots", List.of()));
    }
    ShareGroupSnapshotService.GroupSnapshotQuery query =
        new ShareGroupSnapshotService.GroupSnapshotQuery(
            q.containsKey("all_tenants"),
            q.getFirst("name"),
            q.getFirst("status"),
            groupId,
            SnapshotListRequest.limit(q.getFirst("limit")),
            SnapshotListRequest.offset(q.getFirst("offset")));
    Links links = Links.of(ctx);
    return service
        .list(ctx.caller(), query, detail)
        .map(
            all ->
                Map.of(
                    "share_group_snapshots",
                    all.stream()
                        .map(
                            s ->
                                detail
                                    ? ShareGroupView.snapshot(s, links)
                                    : ShareGroupView.snapshotSummary(s, links))
                        .toList()));
  }

  @Operation(summary = "Show a share group snapshot", description = ShareGroupRoutes.RANGE)
  @APIResponse(responseCode = "200", description = "{\"share_group_snapshot\": {...}}")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @GET
  @Path("{id}")
  public Uni<Map<String, Object>> show(@PathParam("id") String id) {
    ShareGroupRoutes.require(ctx);
    return service.show(ctx.caller(), id).map(this::wrap);
  }

  @Operation(
      summary = "List a share group snapshot's members",
      description =
          ShareGroupRoutes.RANGE
              + "One member per share of the group; a share can be created from a member with"
              + " POST /shares and snapshot_id = the member's id.")
  @APIResponse(responseCode = "200", description = "{\"share_group_snapshot_members\": [...]}")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @GET
  @Path("{id}/members")
  public Uni<Map<String, Object>> members(@PathParam("id") String id) {
    ShareGroupRoutes.require(ctx);
    return service
        .members(ctx.caller(), id)
        .map(
            all ->
                Map.of(
                    "share_group_snapshot_members",
                    all.stream().map(ShareGroupView::member).toList()));
  }

  @Operation(
      summary = "Create a share group snapshot",
      description =
          ShareGroupRoutes.RANGE
              + "Body {\"share_group_snapshot\": {\"share_group_id\", \"name\","
              + " \"description\"}}; 202 with the group snapshot in creating and one member per"
              + " share. It becomes available when every member is, error if one fails.")
  @APIResponse(responseCode = "202", description = "{\"share_group_snapshot\": {...}}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @APIResponse(responseCode = "409", ref = "conflict")
  @APIResponse(responseCode = "413", ref = "overLimit")
  @POST
  public Uni<Response> create(@HeaderParam("Content-Type") String contentType, String body) {
    ShareGroupRoutes.require(ctx);
    return service
        .create(
            ctx.caller(),
            () -> ShareGroupSnapshotRequest.create(JsonBodies.require(contentType, body)),
            ctx.requestId())
        .map(s -> Response.accepted(wrap(s)).build());
  }

  @Operation(
      summary = "Update a share group snapshot's name or description",
      description = ShareGroupRoutes.RANGE)
  @APIResponse(responseCode = "200", description = "{\"share_group_snapshot\": {...}}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @PUT
  @Path("{id}")
  public Uni<Map<String, Object>> update(
      @PathParam("id") String id, @HeaderParam("Content-Type") String contentType, String body) {
    ShareGroupRoutes.require(ctx);
    Map<String, String> changes =
        ShareGroupRequest.update(JsonBodies.require(contentType, body), "share_group_snapshot");
    return service.update(ctx.caller(), id, changes).map(this::wrap);
  }

  @Operation(
      summary = "Delete a share group snapshot",
      description = ShareGroupRoutes.RANGE + "409 unless available or error; members go with it.")
  @APIResponse(responseCode = "202", description = "Accepted: deleting")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @APIResponse(responseCode = "409", ref = "conflict")
  @DELETE
  @Path("{id}")
  public Uni<Response> delete(@PathParam("id") String id) {
    ShareGroupRoutes.require(ctx);
    return service.delete(ctx.caller(), id, ctx.requestId()).map(x -> Response.accepted().build());
  }

  @Operation(
      summary = "Share group snapshot actions (admins)",
      description = ShareGroupRoutes.RANGE + "reset_status {\"status\"}, force_delete.")
  @APIResponse(responseCode = "202", description = "Accepted")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @POST
  @Path("{id}/action")
  public Uni<Response> action(
      @PathParam("id") String id, @HeaderParam("Content-Type") String contentType, String body) {
    ShareGroupRoutes.require(ctx);
    ActionRequest action = ActionRequest.from(JsonBodies.optional(contentType, body));
    return ShareGroupRoutes.adminAction(
        action,
        status -> service.resetStatus(ctx.caller(), id, status),
        () -> service.forceDelete(ctx.caller(), id, ctx.requestId()));
  }

  private Map<String, Object> wrap(ShareGroupSnapshot s) {
    return Map.of("share_group_snapshot", ShareGroupView.snapshot(s, Links.of(ctx)));
  }
}
