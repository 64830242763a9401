package dev.sharesnap.api.v2;

import dev.sharesnap.api.microversion.ApiVersion;
import dev.sharesnap.api.microversion.Versions;
import dev.sharesnap.api.view.QuotaSetView;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.identity.RequestContext;
import dev.sharesnap.service.QuotaService;
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

/**
 * {@code /v2/quota-sets/{project_id}} (from 2.7; {@link OsQuotaSetResource} serves the older name
 * {@code /v2/os-quota-sets/{project_id}} for 2.0–2.6); the wrong name for the version is a 404, as
 * in Manila's router. Per-user and per-share-type quotas ({@code ?user_id=}, {@code ?share_type=})
 * are not kept: they are refused rather than silently applied to the whole project.
 */
@Path("/v2/quota-sets/{project}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class QuotaSetResource {

  private final QuotaService service;
  private final RequestContext ctx;

  public QuotaSetResource(QuotaService service, RequestContext ctx) {
    this.service = service;
    this.ctx = ctx;
  }

  @GET
  public Uni<Map<String, Object>> show(
      @PathParam("project") String project,
      @QueryParam("user_id") String userId,
      @QueryParam("share_type") String shareType) {
    ApiVersion v = gate(userId, shareType);
    return service.show(ctx.caller(), project).map(set -> QuotaSetView.limits(set, v));
  }

  @GET
  @Path("detail")
  public Uni<Map<String, Object>> detail(
      @PathParam("project") String project,
      @QueryParam("user_id") String userId,
      @QueryParam("share_type") String shareType) {
    ApiVersion v = gate(userId, shareType);
    if (!v.atLeast(Versions.QUOTA_SETS_DETAIL)) {
      throw ApiException.notFound();
    }
    return service.show(ctx.caller(), project).map(set -> QuotaSetView.detail(set, v));
  }

  @GET
  @Path("defaults")
  public Map<String, Object> defaults(@PathParam("project") String project) {
    ApiVersion v = gate(null, null);
    return QuotaSetView.limits(service.defaults(ctx.caller(), project), v);
  }

  @PUT
  public Uni<Map<String, Object>> update(
      @PathParam("project") String project,
      @QueryParam("user_id") String userId,
      @QueryParam("share_type") String shareType,
      @HeaderParam("Content-Type") String contentType,
      String body) {
    ApiVersion v = gate(userId, shareType);
    QuotaSetRequest req = QuotaSetRequest.from(JsonBodies.require(contentType, body), v);
    return service
        .update(ctx.caller(), project, req.update())
        .map(set -> QuotaSetView.limits(set, v));
  }

  @DELETE
  public Uni<Response> delete(
      @PathParam("project") String project,
      @QueryParam("user_id") String userId,
      @QueryParam("share_type") String shareType) {
    gate(userId, shareType);
    return service.delete(ctx.caller(), project).map(x -> Response.accepted().build());
  }

  /** Whether this is the pre-2.7 {@code os-quota-sets} route. */
  protected boolean legacyRoute() {
    return false;
  }

  private ApiVersion gate(String userId, String shareType) {
    ApiVersion v = ctx.version();
    if (v.atLeast(Versions.QUOTA_SETS_ROUTE) == legacyRoute()) {
      throw ApiException.notFound();
    }
    if (userId != null || shareType != null) {
      throw ApiException.badRequest(
          "Quotas per user or per share type are not supported; set the project's quotas.");
    }
    return v;
  }
}
