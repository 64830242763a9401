package dev.sharesnap.api.v2;

import dev.sharesnap.api.microversion.Versions;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.identity.RequestContext;
import dev.sharesnap.service.ShareManageService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Share unmanage under its name before 2.7, {@code /os-share-unmanage/{id}/unmanage}; from 2.7 it
 * is the share's {@code unmanage} action ({@link ShareResource}) and this route answers 404.
 */
@Tag(name = "shares")
@Path("/v2/os-share-unmanage/{id}/unmanage")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class OsShareUnmanageResource {

  private final ShareManageService service;
  private final RequestContext ctx;

  public OsShareUnmanageResource(ShareManageService service, RequestContext ctx) {
    this.service = service;
    this.ctx = ctx;
  }

  @Operation(
      summary = "Unmanage a share, before 2.7",
      description =
          "Microversions 2.0-2.6 (404 from 2.7); admins. As the unmanage action: the share is"
              + " forgotten, its data stays on the backend.")
  @APIResponse(responseCode = "202", description = "Accepted: the share is unmanage_starting")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @POST
  public Uni<Response> unmanage(@PathParam("id") String id) {
    if (ctx.version().atLeast(Versions.SHARE_MANAGE)) {
      throw ApiException.notFound();
    }
    return service
        .unmanage(ctx.caller(), id, ctx.requestId())
        .map(x -> Response.accepted().build());
  }
}
