package dev.sharesnap.api.v2;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharesnap.api.microversion.ApiVersion;
import dev.sharesnap.api.microversion.Versions;
import dev.sharesnap.api.view.ShareTypeView;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.identity.RequestContext;
import dev.sharesnap.service.ShareTypeAccessService;
import dev.sharesnap.service.ShareTypeService;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /v2/types}: the lookups the manila CLI, OSC and the Manila CSI driver make; admin create,
 * update, delete and the access lists of private types. Extra specs: {@link
 * ShareTypeExtraSpecResource}.
 */
@Tag(name = "share types", description = "Share types (Manila's share_types API)")
@Path("/v2/types")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class ShareTypeResource {

  private static final ApiVersion SNAPSHOT_SUPPORT_OPTIONAL = new ApiVersion(2, 24);
  private static final ApiVersion DESCRIPTION = new ApiVersion(2, 41);

  private final ShareTypeService service;
  private final ShareTypeAccessService access;
  private final RequestContext ctx;

  public ShareTypeResource(
      ShareTypeService service, ShareTypeAccessService access, RequestContext ctx) {
    this.service = service;
    this.access = access;
    this.ctx = ctx;
  }

  @Operation(
      summary = "List share types",
      description =
          "Microversions 2.0-2.73. is_public=true|false|all for admins; members see public types. "
              + "Fields: share_type_access:is_public from 2.7 (os-share-type-access:is_public "
              + "before), tenant-visible inferred specs for members from 2.24, description from "
              + "2.41, is_default from 2.46.")
  @APIResponse(
      responseCode = "200",
      description = "{\"share_types\": [...], \"volume_types\": [...]}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @GET
  public Uni<Map<String, Object>> list(@QueryParam("is_public") String isPublic) {
    var v = ctx.version();
    boolean admin = ctx.caller().isAdmin();
    return service.list(ctx.caller(), isPublic).map(all -> ShareTypeView.list(all, v, admin));
  }

  @Operation(
      summary = "Show a share type",
      description =
          "Microversions 2.0-2.73; by id or \"default\". A private type is a 404 for members. "
              + "Fields as the list.")
  @APIResponse(
      responseCode = "200",
      description = "{\"share_type\": {...}, \"volume_type\": {...}}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @GET
  @Path("{id}")
  public Uni<Map<String, Object>> show(@PathParam("id") String id) {
    var v = ctx.version();
    boolean admin = ctx.caller().isAdmin();
    return service.show(ctx.caller(), id).map(t -> ShareTypeView.one(t, v, admin));
  }

  @Operation(
      summary = "Create a share type",
      description =
          "Microversions 2.0-2.73; admins. Body {\"share_type\": {\"name\", \"extra_specs\": "
              + "{\"driver_handles_share_servers\" (required), ...}, "
              + "\"share_type_access:is_public\"}}; description from 2.41; below 2.24 "
              + "snapshot_support defaults to True.")
  @APIResponse(
      responseCode = "200",
      description = "{\"share_type\": {...}, \"volume_type\": {...}}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "409", ref = "conflict")
  @POST
  public Uni<Map<String, Object>> create(
      @HeaderParam("Content-Type") String contentType, String body) {
    var v = ctx.version();
    return service
        .create(ctx.caller(), () -> newType(JsonBodies.require(contentType, body), v))
        .map(type -> ShareTypeView.one(type, v, true));
  }

  @Operation(
      summary = "Update a share type",
      description =
          "Microversions 2.50-2.73 (404 below); admins. Body {\"share_type\": {\"name\", "
              + "\"description\" (\"\" clears it), \"share_type_access:is_public\"}}, at least one.")
  @APIResponse(
      responseCode = "200",
      description = "{\"share_type\": {...}, \"volume_type\": {...}}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @APIResponse(responseCode = "409", ref = "conflict")
  @PUT
  @Path("{id}")
  public Uni<Map<String, Object>> update(
      @PathParam("id") String id, @HeaderParam("Content-Type") String contentType, String body) {
    var v = ctx.version();
    if (!v.atLeast(Versions.SHARE_TYPE_UPDATE)) {
      throw ApiException.notFound();
    }
    return service
        .update(
            ctx.caller(),
            id,
            () -> UpdateShareTypeRequest.from(JsonBodies.require(contentType, body)))
        .map(t -> ShareTypeView.one(t, v, true));
  }

  @Operation(
      summary = "Delete a share type",
      description =
          "Microversions 2.0-2.73; admins. 400 \"Target share type is still in use.\" while a "
              + "share uses it.")
  @APIResponse(responseCode = "202", description = "Accepted")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @DELETE
  @Path("{id}")
  public Uni<Response> delete(@PathParam("id") String id) {
    return service.delete(ctx.caller(), id).map(x -> Response.accepted().build());
  }

  /** One method for both names: {@code os-share-type-access} up to 2.6, then without os-. */
  @Operation(
      summary = "List the projects with access to a private share type",
      description =
          "Microversions 2.0-2.73: share_type_access from 2.7, os-share-type-access below (the "
              + "other name is a 404); admins. A public type has no list (404).")
  @APIResponse(
      responseCode = "200",
      description = "{\"share_type_access\": [{\"share_type_id\", \"project_id\"}]}")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @GET
  @Path("{id}/{route: share_type_access|os-share-type-access}")
  public Uni<Map<String, Object>> access(
      @PathParam("id") String id, @PathParam("route") String route) {
    boolean prefixed = route.startsWith("os-");
    if (prefixed == ctx.version().atLeast(Versions.ADMIN_ACTIONS_WITHOUT_PREFIX)) {
      throw ApiException.notFound();
    }
    return access.list(ctx.caller(), id).map(ShareTypeView::access);
  }

  @Operation(
      summary = "Share type actions",
      description =
          "Microversions 2.0-2.73; admins. addProjectAccess / removeProjectAccess "
              + "{\"project\": \"<project id>\"} on a private type (409 on a public one).")
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
    ActionRequest action = ActionRequest.from(JsonBodies.optional(contentType, body));
    Supplier<String> project = () -> ProjectAccessRequest.from(action.value()).project();
    Uni<Void> done =
        switch (action.name()) {
          case "addProjectAccess" -> access.add(ctx.caller(), id, project);
          case "removeProjectAccess" -> access.remove(ctx.caller(), id, project);
          default -> throw ApiException.badRequest("There is no such action: " + action.name());
        };
    return done.map(x -> Response.accepted().build());
  }

  private static ShareTypeService.NewType newType(JsonNode root, ApiVersion v) {
    JsonNode t = root.has("share_type") ? root.get("share_type") : root.get("volume_type");
    if (t == null || !t.isObject()) {
      throw ApiException.badRequest(JsonBodies.GENERIC_400);
    }
    String name = JsonBodies.string(t, "name");
    String description = JsonBodies.string(t, "description");
    if (name == null
        || name.isBlank()
        || name.length() > 255
        || description != null && description.length() > 255) {
      throw ApiException.badRequest("Type name or description is not valid.");
    }
    if (description != null && !v.atLeast(DESCRIPTION)) {
      throw ApiException.badRequest(
          "'description' key is not supported by this microversion. Use 2.41 or greater"
              + " microversion to be able to use 'description' in share type.");
    }
    JsonNode pub =
        t.has("share_type_access:is_public")
            ? t.get("share_type_access:is_public")
            : t.get("os-share-type-access:is_public");
    boolean isPublic = pub == null || pub.isNull() || pub.asBoolean(true);
    Map<String, String> specs = extraSpecs(t.get("extra_specs"));
    String dhss = specs.get("driver_handles_share_servers");
    if (dhss == null) {
      throw ApiException.badRequest(
          "Invalid extra_spec: Required extra specs are missing: driver_handles_share_servers.");
    }
    if (!dhss.equalsIgnoreCase("true") && !dhss.equalsIgnoreCase("false")) {
      throw ApiException.badRequest(
          "Invalid extra_spec: driver_handles_share_servers is expected to be a boolean, got "
              + dhss
              + ".");
    }
    if (!v.atLeast(SNAPSHOT_SUPPORT_OPTIONAL)) {
      // Before 2.24 snapshot_support was required and defaulted to True.
      specs.putIfAbsent("snapshot_support", "True");
    }
    return new ShareTypeService.NewType(name, description, isPublic, specs);
  }

  /**
   * Extra specs are strings in Manila; the manila CLI sends JSON booleans, which become
   * "True"/"False".
   */
  private static Map<String, String> extraSpecs(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isObject()) {
      throw ApiException.badRequest("Invalid input received: extra_specs must be a dictionary.");
    }
    node.properties()
        .forEach(
            e -> {
              JsonNode value = e.getValue();
              String s =
                  value.isBoolean() ? (value.asBoolean() ? "True" : "False") : value.asText();
              out.put(e.getKey(), s);
            });
    return out;
  }
}
