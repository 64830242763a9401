package dev.sharesnap.api.v2;

import dev.sharesnap.api.view.Links;
import dev.sharesnap.api.view.ShareGroupView;
import dev.sharesnap.domain.ShareGroup;
import dev.sharesnap.identity.RequestContext;
import dev.sharesnap.service.ShareGroupService;
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

/** {@code /v2/share-groups}: groups of shares snapshotted together. */
@Tag(name = "share groups", description = "Share groups (2.31+)")
@Path("/v2/share-groups")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class ShareGroupResource {

  private final ShareGroupService service;
  private final RequestContext ctx;

  public ShareGroupResource(ShareGroupService service, RequestContext ctx) {
    this.service = service;
    this.ctx = ctx;
  }

  @Operation(
      summary = "List share groups (id, name, links)",
      description =
          ShareGroupRoutes.RANGE
              + "Filters name, status, share_group_type_id (or group_type_id), all_tenants"
              + " (admins), limit, offset.")
  @APIResponse(responseCode = "200", description = "{\"share_groups\": [...]}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @GET
  public Uni<Map<String, Object>> list(@Context UriInfo uri) {
    return list(uri, false);
  }

  @Operation(summary = "List share groups with details", description = ShareGroupRoutes.RANGE)
  @APIResponse(responseCode = "200", description = "{\"share_groups\": [...]}")
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
    String type =
        q.containsKey("share_group_type_id")
            ? q.getFirst("share_group_type_id")
            : q.getFirst("group_type_id");
    UUID typeId = type == null ? null : ShareGroupRequest.uuidOrNull(type);
    if (type != null && typeId == null) {
      // no group has a type whose id is not a uuid
      return Uni.createFrom().item(Map.of("share_groups", List.of()));
    }
    ShareGroupService.GroupQuery query =
        new ShareGroupService.GroupQuery(
            q.containsKey("all_tenants"),
            q.getFirst("name"),
            q.getFirst("status"),
            typeId,
            SnapshotListRequest.limit(q.getFirst("limit")),
            SnapshotListRequest.offset(q.getFirst("offset")));
    Links links = Links.of(ctx);
    return service
        .list(ctx.caller(), query)
        .map(
            all ->
                Map.of(
                    "share_groups",
                    all.stream()
                        .map(g -> detail ? view(g) : ShareGroupView.groupSummary(g, links))
                        .toList()));
  }

  @Operation(summary = "Show a share group", description = ShareGroupRoutes.RANGE)
  @APIResponse(responseCode = "200", description = "{\"share_group\": {...}}")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @GET
  @Path("{id}")
  public Uni<Map<String, Object>> show(@PathParam("id") String id) {
    ShareGroupRoutes.require(ctx);
    return service.show(ctx.caller(), id).map(g -> Map.of("share_group", view(g)));
  }

  @Operation(
      summary = "Create a share group",
      description =
          ShareGroupRoutes.RANGE
              + "Body {\"share_group\": {\"name\", \"description\", \"share_group_type_id\","
              + " \"share_types\": [ids], \"availability_zone\"}}; answers 202 with the group in"
              + " creating. Shares join it at their create (share_group_id, 2.31+).")
  @APIResponse(responseCode = "202", description = "{\"share_group\": {...}}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @APIResponse(responseCode = "413", ref = "overLimit")
  @POST
  public Uni<Response> create(@HeaderParam("Content-Type") String contentType, String body) {
    ShareGroupRoutes.require(ctx);
    return service
        .create(
            ctx.caller(),
            () -> ShareGroupRequest.create(JsonBodies.require(contentType, body)),
            ctx.requestId())
        .map(g -> Response.accepted(Map.of("share_group", view(g))).build());
  }

  @Operation(
      summary = "Update a share group's name or description",
      description = ShareGroupRoutes.RANGE + "Body {\"share_group\": {\"name\", \"description\"}}.")
  @APIResponse(responseCode = "200", description = "{\"share_group\": {...}}")
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
        ShareGroupRequest.update(JsonBodies.require(contentType, body), "share_group");
    return service.update(ctx.caller(), id, changes).map(g -> Map.of("share_group", view(g)));
  }

  @Operation(
      summary = "Delete a share group",
      description =
          ShareGroupRoutes.RANGE
              + "409 unless available or error, and while it has group snapshots or shares.")
  @APIResponse(responseCode = "202", description = "Accepted: the group is deleting")
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
      summary = "Share group actions (admins)",
      description = ShareGroupRoutes.RANGE + "reset_status {\"status\"}, force_delete.")
  @APIResponse(responseCode = "202", description = "Accepted")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @APIResponse(responseCode = "409", ref = "conflict")
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

  private Map<String, Object> view(ShareGroup g) {
    return ShareGroupView.group(g, ctx.version(), ctx.caller().isAdmin(), Links.of(ctx));
  }
}
