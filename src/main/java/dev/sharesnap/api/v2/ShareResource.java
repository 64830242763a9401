package dev.sharesnap.api.v2;

import dev.sharesnap.api.microversion.ApiVersion;
import dev.sharesnap.api.microversion.Versions;
import dev.sharesnap.api.view.AccessRuleView;
import dev.sharesnap.api.view.Links;
import dev.sharesnap.api.view.ShareInstanceView;
import dev.sharesnap.api.view.ShareView;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.domain.ShareStatus;
import dev.sharesnap.identity.Caller;
import dev.sharesnap.identity.RequestContext;
import dev.sharesnap.policy.Rule;
import dev.sharesnap.service.AccessService;
import dev.sharesnap.service.RevertService;
import dev.sharesnap.service.ShareInstanceService;
import dev.sharesnap.service.ShareManageService;
import dev.sharesnap.service.ShareService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /v2/shares}: what snapshot users need of shares. Create answers 200, as Manila does. */
@Tag(name = "shares", description = "Shares, as far as snapshot users need them")
@Path("/v2/shares")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class ShareResource {

  private final ShareService service;
  private final RevertService reverts;
  private final AccessService access;
  private final ShareInstanceService instances;
  private final ShareManageService manage;
  private final RequestContext ctx;

  public ShareResource(
      ShareService service,
      RevertService reverts,
      AccessService access,
      ShareInstanceService instances,
      ShareManageService manage,
      RequestContext ctx) {
    this.instances = instances;
    this.manage = manage;
    this.service = service;
    this.reverts = reverts;
    this.access = access;
    this.ctx = ctx;
  }

  @Operation(
      summary = "List shares (id, name, links)",
      description =
          "Microversions 2.0-2.73. Filters name, status, snapshot_id, all_tenants (admins), limit, "
              + "offset.")
  @APIResponse(responseCode = "200", description = "{\"shares\": [...]}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @GET
  public Uni<Map<String, Object>> list(@Context UriInfo uri) {
    return list(uri, false);
  }

  @Operation(
      summary = "List shares with details",
      description =
          "Microversions 2.0-2.73; filters as the list. Fields change with the microversion as in "
              + "Manila: export_location(s) inline below 2.9, snapshot_support from 2.2, "
              + "task_state from 2.5, share_type_name from 2.6, access_rules_status from 2.10, "
              + "replication fields from 2.11, user_id from 2.16, "
              + "create_share_from_snapshot_support from 2.24, revert_to_snapshot_support from "
              + "2.27, share group fields from 2.31, mount_snapshot_support from 2.32, progress "
              + "from 2.54, recycle-bin fields from 2.69.")
  @APIResponse(responseCode = "200", description = "{\"shares\": [...]}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @GET
  @Path("detail")
  public Uni<Map<String, Object>> detail(@Context UriInfo uri) {
    return list(uri, true);
  }

  private Uni<Map<String, Object>> list(UriInfo uri, boolean detail) {
    Caller caller = ctx.caller();
    ApiVersion v = ctx.version();
    Links links = Links.of(ctx);
    MultivaluedMap<String, String> q = uri.getQueryParameters();
    Integer limit = SnapshotListRequest.limit(q.getFirst("limit"));
    int offset = SnapshotListRequest.offset(q.getFirst("offset"));
    return service
        .list(
            caller,
            q.containsKey("all_tenants"),
            q.getFirst("name"),
            q.getFirst("status"),
            q.getFirst("snapshot_id"),
            v.atLeast(Versions.SHARE_GROUPS) ? q.getFirst("share_group_id") : null,
            limit,
            offset)
        .map(
            all ->
                Map.of(
                    "shares",
                    all.stream()
                        .map(
                            s ->
                                detail
                                    ? ShareView.detail(s, v, caller.isAdmin(), links)
                                    : ShareView.summary(s, links))
                        .toList()));
  }

  @Operation(
      summary = "Show a share",
      description =
          "Microversions 2.0-2.73. Fields change with the microversion as in Manila: "
              + "export_location(s) inline below 2.9, snapshot_support from 2.2, task_state from "
              + "2.5, share_type_name from 2.6, access_rules_status from 2.10, replication fields "
              + "from 2.11, user_id from 2.16, create_share_from_snapshot_support from 2.24, "
              + "revert_to_snapshot_support from 2.27, share group fields from 2.31, "
              + "mount_snapshot_support from 2.32, progress from 2.54, recycle-bin fields from "
              + "2.69.")
  @APIResponse(responseCode = "200", description = "{\"share\": {...}}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @GET
  @Path("{id}")
  public Uni<Map<String, Object>> show(@PathParam("id") String id) {
    Caller caller = ctx.caller();
    ApiVersion v = ctx.version();
    Links links = Links.of(ctx);
    return service
        .show(caller, id)
        .map(s -> Map.of("share", ShareView.detail(s, v, caller.isAdmin(), links)));
  }

  @Operation(
      summary = "Create an NFS share",
      description =
          "Microversions 2.0-2.73. Body {\"share\": {\"share_proto\": \"NFS\", \"size\", \"name\", "
              + "\"description\", \"share_type\", \"snapshot_id\", \"metadata\", \"is_public\"}}; "
              + "with snapshot_id the share is created from that snapshot. Answers 200, as Manila "
              + "does.")
  @APIResponse(responseCode = "200", description = "{\"share\": {...}} in status creating")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @APIResponse(responseCode = "413", ref = "overLimit")
  @APIResponse(responseCode = "422", ref = "unprocessableEntity")
  @POST
  public Uni<Map<String, Object>> create(
      @HeaderParam("Content-Type") String contentType, String body) {
    Caller caller = ctx.caller();
    ApiVersion v = ctx.version();
    Links links = Links.of(ctx);
    ShareService.NewShare req = CreateShareRequest.from(JsonBodies.require(contentType, body), v);
    return service
        .create(caller, req, ctx.requestId())
        .map(s -> Map.of("share", ShareView.detail(s, v, caller.isAdmin(), links)));
  }

  @Operation(
      summary = "Manage (adopt) an existing share",
      description =
          "Microversions 2.7-2.73 (404 below 2.7; before, POST /os-share-manage); admins. Body "
              + "{\"share\": {\"export_path\", \"service_host\" (host@backend#pool), "
              + "\"protocol\", \"share_type\", \"name\", \"description\", "
              + "\"driver_options\"}}, is_public from 2.8, share_server_id from 2.49. The share "
              + "is manage_starting, then available (or manage_error).")
  @APIResponse(responseCode = "200", description = "{\"share\": {...}} in status manage_starting")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @APIResponse(responseCode = "409", ref = "conflict")
  @APIResponse(responseCode = "422", ref = "unprocessableEntity")
  @POST
  @Path("manage")
  public Uni<Map<String, Object>> manage(
      @HeaderParam("Content-Type") String contentType, String body) {
    if (!ctx.version().atLeast(Versions.SHARE_MANAGE)) {
      throw ApiException.notFound();
    }
    return OsShareManageResource.manage(manage, ctx, contentType, body);
  }

  @Operation(
      summary = "Delete a share",
      description =
          "Microversions 2.0-2.73. Refused (403) while the share has snapshots or is in a "
              + "transitional status.")
  @APIResponse(responseCode = "202", description = "Accepted: the share is deleting")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @DELETE
  @Path("{id}")
  public Uni<Response> delete(@PathParam("id") String id) {
    return service.delete(ctx.caller(), id, ctx.requestId()).map(x -> Response.accepted().build());
  }

  @Operation(
      summary = "Share actions",
      description =
          "Microversions 2.0-2.73, one action key per body: os-reset_status, os-allow_access, "
              + "os-deny_access and os-access_list below 2.7; reset_status (admins), allow_access, "
              + "deny_access and access_list from 2.7; unmanage (admins) from 2.7; revert (to the share's latest snapshot) "
              + "from 2.27. Access rules are 'ip' rules (NFS) or 'cephx' rules (CephFS, access_key "
              + "from 2.21); IPv6 from 2.38, rule metadata from 2.45. "
              + "A name outside its range is a 404.")
  @APIResponse(
      responseCode = "200",
      description = "allow_access: {\"access\": {...}}; access_list: {\"access_list\": [...]}")
  @APIResponse(responseCode = "202", description = "Accepted (reset_status, deny_access, revert)")
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
    if (action.name().equals("unmanage")) {
      action.requireGate(ctx.version().atLeast(Versions.SHARE_MANAGE));
      return manage
          .unmanage(ctx.caller(), id, ctx.requestId())
          .map(x -> Response.accepted().build());
    }
    if (action.name().equals("revert")) {
      action.requireGate(ctx.version().atLeast(Versions.REVERT_TO_SNAPSHOT));
      return reverts
          .revert(ctx.caller(), id, () -> RevertRequest.snapshotId(action.value()), ctx.requestId())
          .map(x -> Response.accepted().build());
    }
    boolean renamed = ctx.version().atLeast(Versions.ADMIN_ACTIONS_WITHOUT_PREFIX);
    String base = action.name().startsWith("os-") ? action.name().substring(3) : action.name();
    if (Set.of("allow_access", "deny_access", "access_list").contains(base)) {
      // os-allow_access, os-deny_access, os-access_list before 2.7, unprefixed from 2.7
      action.requireGate(renamed == base.equals(action.name()));
      return accessAction(id, base, action);
    }
    if (!action.name().equals("reset_status") && !action.name().equals("os-reset_status")) {
      throw ApiException.badRequest("There is no such action: " + action.name());
    }
    action.requireGate(renamed == action.name().equals("reset_status"));
    return service
        .resetStatus(
            ctx.caller(),
            id,
            () -> ResetStatusRequest.from(action.value(), ShareStatus.RESETTABLE).status())
        .map(x -> Response.accepted().build());
  }

  /** allow_access answers 200 with the rule (gophercloud accepts only 200), deny 202. */
  private Uni<Response> accessAction(String id, String name, ActionRequest action) {
    ApiVersion v = ctx.version();
    return switch (name) {
      case "allow_access" ->
          access
              .allowShare(
                  ctx.caller(), id, () -> AccessRequest.share(action.value(), v), ctx.requestId())
              .map(r -> Response.ok(AccessRuleView.detail(r, v)).build());
      case "deny_access" ->
          access
              .denyShare(
                  ctx.caller(), id, () -> AccessRequest.accessId(action.value()), ctx.requestId())
              .map(x -> Response.accepted().build());
      default ->
          access
              .listShare(ctx.caller(), id, Rule.SHARE_ACCESS_GET_ALL)
              .map(all -> Response.ok(AccessRuleView.list(all, v)).build());
    };
  }

  @Operation(
      summary = "List a share's instances",
      description =
          "Microversions 2.3-2.73 (404 below 2.3); admins. One instance, with the share's id.")
  @APIResponse(responseCode = "200", description = "{\"share_instances\": [...]}")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @GET
  @Path("{id}/instances")
  public Uni<Map<String, Object>> instances(@PathParam("id") String id) {
    ApiVersion v = ctx.version();
    if (!v.atLeast(Versions.SHARE_INSTANCES)) {
      throw ApiException.notFound();
    }
    return instances.ofShare(ctx.caller(), id).map(all -> ShareInstanceView.list(all, v));
  }

  @Operation(
      summary = "List a share's export locations",
      description =
          "Microversions 2.9-2.73 (404 below 2.9; before, the share view carries them). With "
              + "Ganesha one host:/shares/<id> location.")
  @APIResponse(responseCode = "200", description = "{\"export_locations\": [...]}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @GET
  @Path("{id}/export_locations")
  public Uni<Map<String, Object>> exportLocations(@PathParam("id") String id) {
    requireExportLocationRoute();
    Caller caller = ctx.caller();
    ApiVersion v = ctx.version();
    return service
        .show(caller, id)
        .map(s -> Map.of("export_locations", ShareView.exportLocations(s, v, caller.isAdmin())));
  }

  @Operation(
      summary = "Show a share export location",
      description = "Microversions 2.9-2.73 (404 below 2.9).")
  @APIResponse(responseCode = "200", description = "{\"export_location\": {...}}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @GET
  @Path("{id}/export_locations/{locationId}")
  public Uni<Map<String, Object>> exportLocation(
      @PathParam("id") String id, @PathParam("locationId") String locationId) {
    requireExportLocationRoute();
    Caller caller = ctx.caller();
    ApiVersion v = ctx.version();
    return service
        .show(caller, id)
        .map(
            s -> {
              if (s.exportPath() == null
                  || !ShareView.exportLocationId(s).toString().equals(locationId)) {
                throw ApiException.notFound(
                    "Export location " + locationId + " could not be found.");
              }
              return Map.of(
                  "export_location", ShareView.exportLocation(s, v, caller.isAdmin(), true));
            });
  }

  private void requireExportLocationRoute() {
    if (!ctx.version().atLeast(Versions.SHARE_EXPORT_LOCATIONS_ROUTE)) {
      throw ApiException.notFound();
    }
  }
}
