package dev.sharesnap.api.v2;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharesnap.api.microversion.ApiVersion;
import dev.sharesnap.api.microversion.Versions;
import dev.sharesnap.api.view.AccessRuleView;
import dev.sharesnap.api.view.JsonBody;
import dev.sharesnap.api.view.Links;
import dev.sharesnap.api.view.SnapshotView;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.domain.SnapshotStatus;
import dev.sharesnap.identity.Caller;
import dev.sharesnap.identity.RequestContext;
import dev.sharesnap.persistence.SnapshotQuery;
import dev.sharesnap.service.SnapshotAccessService;
import dev.sharesnap.service.SnapshotService;
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
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /v2/snapshots} (the project-prefixed form is folded in by the request filter). Each method
 * reads its input, calls one service method and renders a view; route gates by microversion sit at
 * the top.
 */
@Path("/v2/snapshots")
@Tag(name = "snapshots", description = "Share snapshots (Manila's share_snapshot API)")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class SnapshotResource {

  private static final String CT = "Content-Type";
  private static final String OVERRIDE_RETENTION = "X-Sharesnap-Override-Retention";

  private final SnapshotService service;
  private final SnapshotAccessService access;
  private final RequestContext ctx;

  public SnapshotResource(
      SnapshotService service, SnapshotAccessService access, RequestContext ctx) {
    this.service = service;
    this.access = access;
    this.ctx = ctx;
  }

  @Operation(
      summary = "List snapshots (id, name, links)",
      description =
          "Microversions 2.0-2.73. Filters share_id, name, status, project_id, "
              + "all_tenants (admins), limit, offset, sort_key, sort_dir; name~, description~ "
              + "and description from 2.36; metadata from 2.73. With X-Sharesnap-Extensions: true "
              + "(sharesnap extension) the summary is unchanged.")
  @APIResponse(responseCode = "200", description = "{\"snapshots\": [...]}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @GET
  public Uni<JsonBody> list(@Context UriInfo uri) {
    return list(uri, false);
  }

  @Operation(
      summary = "List snapshots with details",
      description =
          "Microversions 2.0-2.73; filters as the list. Fields: provider_location for "
              + "admins from 2.12, user_id and project_id from 2.17, metadata from 2.73. With "
              + "X-Sharesnap-Extensions: true (sharesnap extension) each snapshot adds progress, "
              + "error_reason, updated_at and kept_until.")
  @APIResponse(responseCode = "200", description = "{\"snapshots\": [...]}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @Parameter(
      name = "X-Sharesnap-Extensions",
      in = ParameterIn.HEADER,
      description =
          "sharesnap extension opt-in: true adds the extension fields (docs/extensions.md)")
  @GET
  @Path("detail")
  public Uni<JsonBody> detail(@Context UriInfo uri) {
    return list(uri, true);
  }

  private Uni<JsonBody> list(UriInfo uri, boolean detail) {
    Caller caller = ctx.caller();
    ApiVersion v = ctx.version();
    Links links = Links.of(ctx);
    boolean ext = ctx.extensions();
    SnapshotQuery query = SnapshotListRequest.from(uri.getQueryParameters(), v, caller);
    if (query == null || Integer.valueOf(0).equals(query.limit())) {
      return Uni.createFrom()
          .item(SnapshotView.list(List.of(), detail, v, caller.isAdmin(), ext, links, null));
    }
    return service
        .list(caller, query)
        .map(
            all -> {
              boolean full = query.limit() != null && all.size() == query.limit() && !all.isEmpty();
              Map<String, Object> next =
                  full
                      ? links.next(
                          "snapshots",
                          uri.getRequestUri().getRawQuery(),
                          all.get(all.size() - 1).id())
                      : null;
              return SnapshotView.list(all, detail, v, caller.isAdmin(), ext, links, next);
            });
  }

  @Operation(
      summary = "Show a snapshot",
      description =
          "Microversions 2.0-2.73. Fields: provider_location for admins from 2.12, user_id and "
              + "project_id from 2.17, metadata from 2.73. With X-Sharesnap-Extensions: true "
              + "(sharesnap extension) each snapshot adds progress, error_reason, updated_at and "
              + "kept_until.")
  @APIResponse(responseCode = "200", description = "{\"snapshot\": {...}}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @Parameter(
      name = "X-Sharesnap-Extensions",
      in = ParameterIn.HEADER,
      description =
          "sharesnap extension opt-in: true adds the extension fields (docs/extensions.md)")
  @GET
  @Path("{id}")
  public Uni<JsonBody> show(@PathParam("id") String id) {
    Caller caller = ctx.caller();
    ApiVersion v = ctx.version();
    Links links = Links.of(ctx);
    boolean ext = ctx.extensions();
    return service.show(caller, id).map(s -> SnapshotView.one(s, v, caller.isAdmin(), ext, links));
  }

  @Operation(
      summary = "Create a snapshot of a share",
      description =
          "Microversions 2.0-2.73. The snapshot turns available (or error) when the "
              + "backend is done. Body {\"snapshot\": {\"share_id\", \"name\", \"description\", "
              + "\"force\"}}, plus metadata from 2.73. The share must be available and support "
              + "snapshots. With X-Sharesnap-Extensions: true (sharesnap extension) the body may "
              + "set kept_until.")
  @APIResponse(responseCode = "202", description = "{\"snapshot\": {...}} in status creating")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @APIResponse(responseCode = "409", ref = "conflict")
  @APIResponse(responseCode = "413", ref = "overLimit")
  @APIResponse(responseCode = "422", ref = "unprocessableEntity")
  @Parameter(
      name = "X-Sharesnap-Extensions",
      in = ParameterIn.HEADER,
      description =
          "sharesnap extension opt-in: true adds the extension fields (docs/extensions.md)")
  @POST
  public Uni<Response> create(@HeaderParam(CT) String contentType, String body) {
    Caller caller = ctx.caller();
    ApiVersion v = ctx.version();
    Links links = Links.of(ctx);
    boolean ext = ctx.extensions();
    CreateSnapshotRequest req =
        CreateSnapshotRequest.from(JsonBodies.require(contentType, body), v, ext);
    return service
        .create(
            caller,
            new SnapshotService.NewSnapshot(
                req.shareId(), req.name(), req.description(), req.metadata(), req.keptUntil()),
            ctx.requestId())
        .map(s -> Response.accepted(SnapshotView.one(s, v, caller.isAdmin(), ext, links)).build());
  }

  @Operation(
      summary = "Rename or re-describe a snapshot",
      description =
          "Microversions 2.0-2.73. Body {\"snapshot\": {\"display_name\" or \"name\", "
              + "\"display_description\" or \"description\"}}. With X-Sharesnap-Extensions: true "
              + "(sharesnap extension) the body may set or (admins) shorten or remove kept_until.")
  @APIResponse(responseCode = "200", description = "{\"snapshot\": {...}}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @APIResponse(responseCode = "409", ref = "conflict")
  @APIResponse(responseCode = "422", ref = "unprocessableEntity")
  @Parameter(
      name = "X-Sharesnap-Extensions",
      in = ParameterIn.HEADER,
      description =
          "sharesnap extension opt-in: true adds the extension fields (docs/extensions.md)")
  @PUT
  @Path("{id}")
  public Uni<JsonBody> update(
      @PathParam("id") String id, @HeaderParam(CT) String contentType, String body) {
    Caller caller = ctx.caller();
    ApiVersion v = ctx.version();
    Links links = Links.of(ctx);
    boolean ext = ctx.extensions();
    UpdateSnapshotRequest req =
        UpdateSnapshotRequest.from(JsonBodies.optional(contentType, body), ext);
    return service
        .update(
            caller,
            id,
            req.changes(),
            req.setsKeptUntil() ? new SnapshotService.KeptUntilChange(req.keptUntil()) : null)
        .map(s -> SnapshotView.one(s, v, caller.isAdmin(), ext, links));
  }

  @Operation(
      summary = "Delete a snapshot",
      description =
          "Microversions 2.0-2.73. The snapshot goes to deleting and disappears (or turns "
              + "error_deleting) when the backend is done. sharesnap extension rule (no opt-in "
              + "needed): 409 before the snapshot's kept_until unless an admin sends "
              + "X-Sharesnap-Override-Retention: true.")
  @APIResponse(responseCode = "202", description = "Accepted: the snapshot is deleting")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @APIResponse(responseCode = "409", ref = "conflict")
  @DELETE
  @Path("{id}")
  public Uni<Response> delete(
      @PathParam("id") String id, @HeaderParam(OVERRIDE_RETENTION) String override) {
    return service
        .delete(ctx.caller(), id, ctx.requestId(), retentionOverride(override))
        .map(x -> Response.accepted().build());
  }

  @Operation(
      summary = "Manage (adopt) an existing backend snapshot",
      description =
          "Microversions 2.12-2.73 (404 below 2.12); admins. Body {\"snapshot\": {\"share_id\", "
              + "\"provider_location\", \"name\", \"description\", \"driver_options\"}}, plus "
              + "metadata from 2.73.")
  @APIResponse(
      responseCode = "202",
      description = "{\"snapshot\": {...}} in status manage_starting")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @APIResponse(responseCode = "409", ref = "conflict")
  @APIResponse(responseCode = "422", ref = "unprocessableEntity")
  @POST
  @Path("manage")
  public Uni<Response> manage(@HeaderParam(CT) String contentType, String body) {
    ApiVersion v = ctx.version();
    if (!v.atLeast(Versions.SNAPSHOT_MANAGE)) {
      throw ApiException.notFound();
    }
    Caller caller = ctx.caller();
    Links links = Links.of(ctx);
    boolean ext = ctx.extensions();
    return service
        .manage(caller, () -> managed(JsonBodies.optional(contentType, body), v), ctx.requestId())
        .map(s -> Response.accepted(SnapshotView.one(s, v, caller.isAdmin(), ext, links)).build());
  }

  private static SnapshotService.ManagedSnapshot managed(JsonNode body, ApiVersion v) {
    ManageSnapshotRequest r = ManageSnapshotRequest.from(body, v);
    return new SnapshotService.ManagedSnapshot(
        r.shareId(), r.providerLocation(), r.name(), r.description(), r.metadata());
  }

  /** Manila dispatches on the single top-level key; names are gated by microversion (else 404). */
  @Operation(
      summary = "Snapshot actions",
      description =
          "Microversions 2.0-2.73, one action key per body: os-reset_status and os-"
              + "force_delete below 2.7, reset_status and force_delete from 2.7 (admins); "
              + "unmanage from 2.12; allow_access and deny_access from 2.32 (mountable "
              + "snapshots). A name outside its range is a 404. sharesnap extension rule (no opt-in"
              + " needed): force_delete before kept_until is a 409 unless an admin sends"
              + " X-Sharesnap-Override-Retention: true.")
  @APIResponse(responseCode = "202", description = "Accepted")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @APIResponse(responseCode = "409", ref = "conflict")
  @POST
  @Path("{id}/action")
  public Uni<Response> action(
      @PathParam("id") String id,
      @HeaderParam(CT) String contentType,
      @HeaderParam(OVERRIDE_RETENTION) String override,
      String body) {
    ActionRequest action = ActionRequest.from(JsonBodies.optional(contentType, body));
    ApiVersion v = ctx.version();
    Caller caller = ctx.caller();
    String rid = ctx.requestId();
    boolean renamed = v.atLeast(Versions.ADMIN_ACTIONS_WITHOUT_PREFIX);
    if (action.name().equals("allow_access")) {
      action.requireGate(v.atLeast(Versions.MOUNTABLE_SNAPSHOTS));
      // 202 with the rule, unlike the share action's 200 (Manila's snapshot controller)
      return access
          .allowSnapshot(caller, id, () -> AccessRequest.snapshot(action.value(), v), rid)
          .map(
              r ->
                  Response.accepted(Map.of("snapshot_access", AccessRuleView.snapshotRule(r)))
                      .build());
    }
    Uni<Void> done =
        switch (action.name()) {
          case "reset_status", "os-reset_status" -> {
            action.requireGate(renamed == action.name().equals("reset_status"));
            yield service.resetStatus(
                caller,
                id,
                () -> ResetStatusRequest.from(action.value(), SnapshotStatus.RESETTABLE).status());
          }
          case "force_delete", "os-force_delete" -> {
            action.requireGate(renamed == action.name().equals("force_delete"));
            yield service.forceDelete(caller, id, rid, retentionOverride(override));
          }
          case "unmanage" -> {
            action.requireGate(v.atLeast(Versions.SNAPSHOT_MANAGE));
            yield service.unmanage(caller, id, rid);
          }
          case "deny_access" -> {
            action.requireGate(v.atLeast(Versions.MOUNTABLE_SNAPSHOTS));
            yield access.denySnapshot(
                caller, id, () -> AccessRequest.accessId(action.value()), rid);
          }
          default -> throw ApiException.badRequest("There is no such action: " + action.name());
        };
    return done.map(x -> Response.accepted().build());
  }

  /**
   * Extension: an administrator deletes a snapshot before its kept_until by sending {@code
   * X-Sharesnap-Override-Retention: true}; the header means nothing from anyone else.
   */
  private boolean retentionOverride(String header) {
    return ctx.caller().isAdmin() && header != null && "true".equalsIgnoreCase(header.trim());
  }

  private void requireVersion(ApiVersion min) {
    if (!ctx.version().atLeast(min)) {
      throw ApiException.notFound();
    }
  }
}
