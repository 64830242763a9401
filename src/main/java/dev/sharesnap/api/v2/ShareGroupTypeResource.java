package dev.sharesnap.api.v2;

import dev.sharesnap.api.view.ShareGroupView;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.domain.ShareGroupType;
import dev.sharesnap.identity.RequestContext;
import dev.sharesnap.service.ShareGroupTypeService;
import dev.sharesnap.service.ShareGroupTypeService.Visibility;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /v2/share-group-types}: admin-managed types of share groups, their specs and access. */
@Tag(name = "share group types", description = "Share group types (2.31+)")
@Path("/v2/share-group-types")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class ShareGroupTypeResource {

  private final ShareGroupTypeService service;
  private final RequestContext ctx;

  public ShareGroupTypeResource(ShareGroupTypeService service, RequestContext ctx) {
    this.service = service;
    this.ctx = ctx;
  }

  @Operation(
      summary = "List share group types",
      description =
          ShareGroupRoutes.RANGE
              + "Admins may filter is_public=true|false|all; others see public types and the"
              + " private ones their project may use.")
  @APIResponse(responseCode = "200", description = "{\"share_group_types\": [...]}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @GET
  public Uni<Map<String, Object>> list(@QueryParam("is_public") String isPublic) {
    ShareGroupRoutes.require(ctx);
    return service
        .list(ctx.caller(), visibility(isPublic))
        .map(all -> Map.of("share_group_types", all.stream().map(this::view).toList()));
  }

  @Operation(
      summary = "List share group types (same as the list)",
      description = ShareGroupRoutes.RANGE)
  @APIResponse(responseCode = "200", description = "{\"share_group_types\": [...]}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @GET
  @Path("detail")
  public Uni<Map<String, Object>> detail(@QueryParam("is_public") String isPublic) {
    return list(isPublic);
  }

  /** Manila's parse_is_public: absent is public only, "all" is every type. */
  private static Visibility visibility(String raw) {
    if (raw == null) {
      return Visibility.PUBLIC;
    }
    return switch (raw.toLowerCase(Locale.ROOT)) {
      case "all", "none" -> Visibility.ALL;
      case "1", "t", "true", "on", "y", "yes" -> Visibility.PUBLIC;
      case "0", "f", "false", "off", "n", "no" -> Visibility.PRIVATE;
      default -> throw ApiException.badRequest("Invalid is_public filter [" + raw + "]");
    };
  }

  @Operation(
      summary = "Show the default share group type",
      description = ShareGroupRoutes.RANGE + "sharesnap configures none: always 404.")
  @APIResponse(responseCode = "200", description = "{\"share_group_type\": {...}}")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @GET
  @Path("default")
  public Uni<Map<String, Object>> defaultType() {
    ShareGroupRoutes.require(ctx);
    return service.defaultType(ctx.caller()).map(t -> Map.of("share_group_type", view(t)));
  }

  @Operation(summary = "Show a share group type", description = ShareGroupRoutes.RANGE)
  @APIResponse(responseCode = "200", description = "{\"share_group_type\": {...}}")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @GET
  @Path("{id}")
  public Uni<Map<String, Object>> show(@PathParam("id") String id) {
    ShareGroupRoutes.require(ctx);
    return service.show(ctx.caller(), id).map(t -> Map.of("share_group_type", view(t)));
  }

  @Operation(
      summary = "Create a share group type (admins)",
      description =
          ShareGroupRoutes.RANGE
              + "Body {\"share_group_type\": {\"name\", \"share_types\": [names or ids],"
              + " \"group_specs\", \"is_public\"}}. Answers 200, as Manila does.")
  @APIResponse(responseCode = "200", description = "{\"share_group_type\": {...}}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @APIResponse(responseCode = "409", ref = "conflict")
  @POST
  public Uni<Map<String, Object>> create(
      @HeaderParam("Content-Type") String contentType, String body) {
    ShareGroupRoutes.require(ctx);
    return service
        .create(
            ctx.caller(), () -> ShareGroupTypeRequest.create(JsonBodies.require(contentType, body)))
        .map(t -> Map.of("share_group_type", view(t)));
  }

  @Operation(
      summary = "Delete a share group type (admins)",
      description = ShareGroupRoutes.RANGE + "400 while a share group uses it.")
  @APIResponse(responseCode = "204", description = "Deleted")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @DELETE
  @Path("{id}")
  public Uni<Response> delete(@PathParam("id") String id) {
    ShareGroupRoutes.require(ctx);
    return service.delete(ctx.caller(), id).map(x -> Response.noContent().build());
  }

  @Operation(
      summary = "List the projects that may use a private share group type (admins)",
      description = ShareGroupRoutes.RANGE + "404 for a public type.")
  @APIResponse(responseCode = "200", description = "{\"share_group_type_access\": [...]}")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @GET
  @Path("{id}/access")
  public Uni<Map<String, Object>> access(@PathParam("id") String id) {
    ShareGroupRoutes.require(ctx);
    return service
        .accessList(ctx.caller(), id)
        .map(
            projects ->
                Map.of(
                    "share_group_type_access",
                    projects.stream()
                        .map(p -> Map.of("share_group_type_id", id, "project_id", p))
                        .toList()));
  }

  @Operation(
      summary = "Share group type actions (admins)",
      description =
          ShareGroupRoutes.RANGE
              + "addProjectAccess / removeProjectAccess {\"project\": <uuid>} on private types"
              + " (409 on a public type).")
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
    boolean add = action.name().equals("addProjectAccess");
    if (!add && !action.name().equals("removeProjectAccess")) {
      throw ApiException.badRequest("There is no such action: " + action.name());
    }
    return service
        .changeAccess(ctx.caller(), id, () -> ShareGroupTypeRequest.project(action.value()), add)
        .map(x -> Response.accepted().build());
  }

  @Operation(
      summary = "List a share group type's group specs (admins)",
      description = ShareGroupRoutes.RANGE)
  @APIResponse(responseCode = "200", description = "{\"group_specs\": {...}}")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @GET
  @Path("{id}/group-specs")
  public Uni<Map<String, Object>> groupSpecs(@PathParam("id") String id) {
    ShareGroupRoutes.require(ctx);
    return service.groupSpecs(ctx.caller(), id).map(specs -> Map.of("group_specs", specs));
  }

  @Operation(
      summary = "Set group specs (admins)",
      description = ShareGroupRoutes.RANGE + "Body {\"group_specs\": {key: value}}; merged.")
  @APIResponse(responseCode = "200", description = "{\"group_specs\": {...}} as sent")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @POST
  @Path("{id}/group-specs")
  public Uni<Map<String, Object>> setGroupSpecs(
      @PathParam("id") String id, @HeaderParam("Content-Type") String contentType, String body) {
    ShareGroupRoutes.require(ctx);
    return service
        .setGroupSpecs(
            ctx.caller(),
            id,
            () -> ShareGroupTypeRequest.groupSpecs(JsonBodies.require(contentType, body)))
        .map(specs -> Map.of("group_specs", specs));
  }

  @Operation(summary = "Show one group spec (admins)", description = ShareGroupRoutes.RANGE)
  @APIResponse(responseCode = "200", description = "{key: value}")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @GET
  @Path("{id}/group-specs/{key}")
  public Uni<Map<String, Object>> groupSpec(
      @PathParam("id") String id, @PathParam("key") String key) {
    ShareGroupRoutes.require(ctx);
    return service.groupSpec(ctx.caller(), id, key).map(value -> Map.of(key, value));
  }

  @Operation(summary = "Delete one group spec (admins)", description = ShareGroupRoutes.RANGE)
  @APIResponse(responseCode = "204", description = "Deleted")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @DELETE
  @Path("{id}/group-specs/{key}")
  public Uni<Response> deleteGroupSpec(@PathParam("id") String id, @PathParam("key") String key) {
    ShareGroupRoutes.require(ctx);
    return service.deleteGroupSpec(ctx.caller(), id, key).map(x -> Response.noContent().build());
  }

  private Map<String, Object> view(ShareGroupType t) {
    return ShareGroupView.type(t, ctx.version());
  }
}
