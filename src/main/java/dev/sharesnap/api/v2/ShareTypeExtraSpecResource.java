package dev.sharesnap.api.v2;

import dev.sharesnap.api.microversion.Versions;
import dev.sharesnap.api.view.ShareTypeView;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.identity.RequestContext;
import dev.sharesnap.service.ExtraSpecService;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /v2/types/{id}/extra_specs}: a share type's extra specs, read and (admins) changed. */
@Tag(name = "share types", description = "Share types (Manila's share_types API)")
@Path("/v2/types/{id}/extra_specs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class ShareTypeExtraSpecResource {

  private final ShareTypeService types;
  private final ExtraSpecService service;
  private final RequestContext ctx;

  public ShareTypeExtraSpecResource(
      ShareTypeService types, ExtraSpecService service, RequestContext ctx) {
    this.types = types;
    this.service = service;
    this.ctx = ctx;
  }

  /**
   * Only by id: the CSI driver first tries the type's name here and expects 404. Manila 15.1 lets
   * only admins read this route; sharesnap lets project readers read their tenant-visible specs,
   * which is what the CSI driver needs when it runs with a member's credentials.
   */
  @Operation(
      summary = "Show a share type's extra specs",
      description =
          "Microversions 2.0-2.73; by id only (a name is a 404). Members read the tenant-visible "
              + "specs (Manila 15.1: admins only).")
  @APIResponse(responseCode = "200", description = "{\"extra_specs\": {...}}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @GET
  public Uni<Map<String, Object>> list(@PathParam("id") String id, @Context UriInfo uri) {
    if (uri.getPath().endsWith("/")) {
      // ".../extra_specs/" names an empty key, which Manila does not find (tempest checks it).
      throw ApiException.notFound();
    }
    var v = ctx.version();
    boolean admin = ctx.caller().isAdmin();
    return types
        .withExtraSpecs(ctx.caller(), id)
        .map(t -> Map.of("extra_specs", ShareTypeView.extraSpecs(t, v, admin)));
  }

  @Operation(
      summary = "Set extra specs",
      description =
          "Microversions 2.0-2.73; admins. Body {\"extra_specs\": {key: value}}; values are "
              + "strings of 1-255 characters or booleans; the boolean specs must read as booleans. "
              + "Answers the specs as stored (booleans as \"True\"/\"False\"; Manila echoes the "
              + "body).")
  @APIResponse(responseCode = "200", description = "{\"extra_specs\": {...}}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @POST
  public Uni<Map<String, Object>> set(
      @PathParam("id") String id, @HeaderParam("Content-Type") String contentType, String body) {
    return service
        .set(
            ctx.caller(),
            id,
            () -> ExtraSpecsRequest.fromBody(JsonBodies.require(contentType, body)).specs())
        .map(specs -> Map.of("extra_specs", specs));
  }

  @Operation(
      summary = "Show one extra spec",
      description = "Microversions 2.0-2.73; admins. {\"<key>\": \"<value>\"}.")
  @APIResponse(responseCode = "200", description = "{\"<key>\": \"<value>\"}")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @GET
  @Path("{key}")
  public Uni<Map<String, String>> show(@PathParam("id") String id, @PathParam("key") String key) {
    return service.show(ctx.caller(), id, key);
  }

  @Operation(
      summary = "Update one extra spec",
      description =
          "Microversions 2.0-2.73; admins. Body {\"<key>\": \"<value>\"} with the key of the URL.")
  @APIResponse(responseCode = "200", description = "{\"<key>\": \"<value>\"}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @PUT
  @Path("{key}")
  public Uni<Map<String, String>> update(
      @PathParam("id") String id,
      @PathParam("key") String key,
      @HeaderParam("Content-Type") String contentType,
      String body) {
    return service.update(
        ctx.caller(),
        id,
        () -> ExtraSpecsRequest.fromItem(JsonBodies.optional(contentType, body), key).specs());
  }

  @Operation(
      summary = "Delete one extra spec",
      description =
          "Microversions 2.0-2.73; admins. driver_handles_share_servers cannot be deleted (403), "
              + "nor snapshot_support below 2.24.")
  @APIResponse(responseCode = "202", description = "Accepted")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @DELETE
  @Path("{key}")
  public Uni<Response> delete(@PathParam("id") String id, @PathParam("key") String key) {
    boolean snapshotSupportRequired = !ctx.version().atLeast(Versions.SHARE_FROM_SNAPSHOT_SUPPORT);
    return service
        .delete(ctx.caller(), id, key, snapshotSupportRequired)
        .map(x -> Response.accepted().build());
  }
}
