package dev.sharesnap.api.v2;

import dev.sharesnap.api.microversion.ApiVersion;
import dev.sharesnap.api.microversion.Versions;
import dev.sharesnap.api.view.Links;
import dev.sharesnap.api.view.ShareView;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.identity.Caller;
import dev.sharesnap.identity.RequestContext;
import dev.sharesnap.service.ShareManageService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Share manage under its name before 2.7, {@code /os-share-manage}; from 2.7 it is {@code
 * /shares/manage} ({@link ShareResource}) and this route answers 404.
 */
@Tag(name = "shares")
@Path("/v2/os-share-manage")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class OsShareManageResource {

  private final ShareManageService service;
  private final RequestContext ctx;

  public OsShareManageResource(ShareManageService service, RequestContext ctx) {
    this.service = service;
    this.ctx = ctx;
  }

  @Operation(
      summary = "Manage (adopt) an existing share, before 2.7",
      description = "Microversions 2.0-2.6 (404 from 2.7); admins. As POST /shares/manage.")
  @APIResponse(responseCode = "200", description = "{\"share\": {...}} in status manage_starting")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @APIResponse(responseCode = "409", ref = "conflict")
  @APIResponse(responseCode = "422", ref = "unprocessableEntity")
  @POST
  public Uni<Map<String, Object>> manage(
      @HeaderParam("Content-Type") String contentType, String body) {
    if (ctx.version().atLeast(Versions.SHARE_MANAGE)) {
      throw ApiException.notFound();
    }
    return manage(service, ctx, contentType, body);
  }

  /** Both manage routes: parse, manage, render the share (Manila answers 200). */
  static Uni<Map<String, Object>> manage(
      ShareManageService service, RequestContext ctx, String contentType, String body) {
    Caller caller = ctx.caller();
    ApiVersion v = ctx.version();
    Links links = Links.of(ctx);
    return service
        .manage(
            caller,
            () -> ManageShareRequest.from(JsonBodies.optional(contentType, body), v),
            ctx.requestId())
        .map(s -> Map.of("share", ShareView.detail(s, v, caller.isAdmin(), links)));
  }
}
