package dev.sharesnap.api.v2;

import dev.sharesnap.api.microversion.ApiVersion;
import dev.sharesnap.api.microversion.Versions;
import dev.sharesnap.api.view.QuotaSetView;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.domain.QuotaResource;
import dev.sharesnap.identity.RequestContext;
import dev.sharesnap.service.QuotaService;
import dev.sharesnap.service.ShareTypeService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
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
 * {@code /v2/quota-sets/{project_id}} (from 2.7; {@link OsQuotaSetResource} serves the older name
 * {@code /v2/os-quota-sets/{project_id}} for 2.0–2.6); the wrong name for the version is a 404, as
 * in Manila's router. {@code ?user_id=} reads and sets one user's limits, {@code ?share_type=}
 * (2.39+, a type name or id) one share type's; both default to the project's.
 */
@Tag(name = "quota sets", description = "Project quotas (Manila's quota_sets API)")
@Path("/v2/quota-sets/{project}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class QuotaSetResource {

  private final QuotaService service;
  private final ShareTypeService types;
  private final RequestContext ctx;

  public QuotaSetResource(QuotaService service, ShareTypeService types, RequestContext ctx) {
    this.service = service;
    this.types = types;
    this.ctx = ctx;
  }

  @Operation(
      summary = "Show a project's quotas",
      description =
          "Microversions 2.7-2.73 as /v2/quota-sets/{project}; 2.0-2.6 as "
              + "/v2/os-quota-sets/{project}; each name is a 404 outside its range. ?user_id= "
              + "(one user) or ?share_type= (2.39+, one share type; not both). Keys: shares, gigabytes, snapshots, "
              + "snapshot_gigabytes, share_networks; share_groups and share_group_snapshots from "
              + "2.40, share_replicas and replica_gigabytes from 2.53, per_share_gigabytes from "
              + "2.62.")
  @APIResponse(responseCode = "200", description = "{\"quota_set\": {...}}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @GET
  public Uni<Map<String, Object>> show(
      @PathParam("project") String project,
      @QueryParam("user_id") String userId,
      @QueryParam("share_type") String shareType) {
    ApiVersion v = gate();
    return scope(v, userId, shareType)
        .chain(
            scope ->
                service
                    .show(ctx.caller(), project, scope)
                    .map(set -> QuotaSetView.limits(set, v, scope.shareTypeId() != null)));
  }

  @Operation(
      summary = "Show a project's quotas with usage",
      description =
          "Microversions 2.25-2.73, as /v2/quota-sets/{project}/detail only (the os-quota-sets "
              + "name ends at 2.6, so there it is always a 404). Each key {\"in_use\", \"limit\", "
              + "\"reserved\": 0}.")
  @APIResponse(responseCode = "200", description = "{\"quota_set\": {...}}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @GET
  @Path("detail")
  public Uni<Map<String, Object>> detail(
      @PathParam("project") String project,
      @QueryParam("user_id") String userId,
      @QueryParam("share_type") String shareType) {
    ApiVersion v = gate();
    if (!v.atLeast(Versions.QUOTA_SETS_DETAIL)) {
      throw ApiException.notFound();
    }
    return scope(v, userId, shareType)
        .chain(
            scope ->
                service
                    .show(ctx.caller(), project, scope)
                    .map(set -> QuotaSetView.detail(set, v, scope.shareTypeId() != null)));
  }

  @Operation(
      summary = "Show the default quotas",
      description =
          "Microversions 2.7-2.73 as /v2/quota-sets/{project}; 2.0-2.6 as "
              + "/v2/os-quota-sets/{project}; each name is a 404 outside its range. The configured "
              + "defaults.")
  @APIResponse(responseCode = "200", description = "{\"quota_set\": {...}}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @GET
  @Path("defaults")
  public Map<String, Object> defaults(@PathParam("project") String project) {
    ApiVersion v = gate();
    return QuotaSetView.limits(service.defaults(ctx.caller(), project), v);
  }

  @Operation(
      summary = "Set a project's quotas",
      description =
          "Microversions 2.7-2.73 as /v2/quota-sets/{project}; 2.0-2.6 as "
              + "/v2/os-quota-sets/{project}; each name is a 404 outside its range. Admins. Body "
              + "{\"quota_set\": {key: limit, \"force\"}}; a key newer than the microversion is a "
              + "400. Keys: shares, gigabytes, snapshots, snapshot_gigabytes, share_networks; "
              + "share_groups and share_group_snapshots from 2.40, share_replicas and "
              + "replica_gigabytes from 2.53, per_share_gigabytes from 2.62.")
  @APIResponse(responseCode = "200", description = "{\"quota_set\": {...}} with the new limits")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @PUT
  public Uni<Map<String, Object>> update(
      @PathParam("project") String project,
      @QueryParam("user_id") String userId,
      @QueryParam("share_type") String shareType,
      @HeaderParam("Content-Type") String contentType,
      String body) {
    ApiVersion v = gate();
    return scope(v, userId, shareType)
        .chain(
            scope -> {
              QuotaSetRequest req = QuotaSetRequest.from(JsonBodies.require(contentType, body), v);
              Map<QuotaResource, Integer> limits = req.update().limits();
              if (scope.shareTypeId() != null) {
                if (nonZero(limits.get(QuotaResource.SHARE_GROUPS))
                    || nonZero(limits.get(QuotaResource.SHARE_GROUP_SNAPSHOTS))) {
                  throw ApiException.badRequest(
                      "Share type quotas cannot constrain share groups and share group snapshots.");
                }
                if (limits.containsKey(QuotaResource.SHARE_NETWORKS)) {
                  throw ApiException.badRequest(
                      "'share_networks' quota cannot be set for share type. It can be set only for"
                          + " project or user.");
                }
              }
              return service
                  .update(ctx.caller(), project, scope, req.update())
                  .map(set -> QuotaSetView.limits(set, v, scope.shareTypeId() != null));
            });
  }

  @Operation(
      summary = "Reset a project's quotas to the defaults",
      description =
          "Microversions 2.7-2.73 as /v2/quota-sets/{project}; 2.0-2.6 as "
              + "/v2/os-quota-sets/{project}; each name is a 404 outside its range. Admins.")
  @APIResponse(responseCode = "202", description = "Accepted")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @DELETE
  public Uni<Response> delete(
      @PathParam("project") String project,
      @QueryParam("user_id") String userId,
      @QueryParam("share_type") String shareType) {
    ApiVersion v = gate();
    return scope(v, userId, shareType)
        .chain(scope -> service.delete(ctx.caller(), project, scope))
        .map(x -> Response.accepted().build());
  }

  /** Whether this is the pre-2.7 {@code os-quota-sets} route. */
  protected boolean legacyRoute() {
    return false;
  }

  private ApiVersion gate() {
    ApiVersion v = ctx.version();
    if (v.atLeast(Versions.QUOTA_SETS_ROUTE) == legacyRoute()) {
      throw ApiException.notFound();
    }
    return v;
  }

  /** Whose quotas the call is about, with Manila's checks and messages (blank means absent). */
  private Uni<QuotaService.Scope> scope(ApiVersion v, String userId, String shareType) {
    String user = userId == null || userId.isEmpty() ? null : userId;
    String type = shareType == null || shareType.isEmpty() ? null : shareType;
    if (type != null && !v.atLeast(Versions.QUOTA_SHARE_TYPES)) {
      throw ApiException.badRequest(
          "'share_type' key is not supported by this microversion. Use 2.39 or greater"
              + " microversion to be able to use 'share_type' quotas.");
    }
    if (user != null && type != null) {
      throw ApiException.badRequest("'user_id' and 'share_type' values are mutually exclusive");
    }
    if (user != null) {
      return Uni.createFrom().item(QuotaService.Scope.user(user));
    }
    if (type == null) {
      return Uni.createFrom().item(QuotaService.Scope.PROJECT);
    }
    return types
        .byNameOrId(
            type, ApiException.notFound("Share type with name or id '" + type + "' not found."))
        .map(t -> QuotaService.Scope.shareType(t.id()));
  }

  private static boolean nonZero(Integer value) {
    return value != null && value != 0;
  }
}
