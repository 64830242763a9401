package dev.sharesnap.api.v2;

import dev.sharesnap.api.microversion.ApiVersion;
import dev.sharesnap.api.microversion.Versions;
import dev.sharesnap.api.view.ShareInstanceView;
import dev.sharesnap.api.view.ShareView;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.domain.Share;
import dev.sharesnap.identity.RequestContext;
import dev.sharesnap.service.ShareInstanceService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /v2/share_instances} (2.3+, admin): each share's one instance (see {@link
 * ShareInstanceService}); {@code GET /shares/{id}/instances} is in {@link ShareResource}.
 */
@Tag(name = "share instances", description = "Share instances (admin)")
@Path("/v2/share_instances")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class ShareInstanceResource {

  private final ShareInstanceService service;
  private final RequestContext ctx;

  public ShareInstanceResource(ShareInstanceService service, RequestContext ctx) {
    this.service = service;
    this.ctx = ctx;
  }

  @Operation(
      summary = "List share instances",
      description =
          "Microversions 2.3-2.73 (404 below 2.3); admins. From 2.35 filters "
              + "export_location_id and export_location_path.")
  @APIResponse(responseCode = "200", description = "{\"share_instances\": [...]}")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @GET
  public Uni<Map<String, Object>> list(
      @QueryParam("export_location_id") String exportId,
      @QueryParam("export_location_path") String exportPath) {
    ApiVersion v = requireVersion();
    boolean filtered = v.atLeast(Versions.SHARE_INSTANCE_EXPORT_FILTERS);
    return service
        .list(ctx.caller())
        .map(all -> filtered ? byExportLocation(all, exportId, exportPath) : all)
        .map(all -> ShareInstanceView.list(all, v));
  }

  /** Manila's 2.35 filters: instances with an export location of that id or path. */
  private static List<Share> byExportLocation(List<Share> all, String id, String path) {
    return all.stream()
        .filter(s -> id == null || ShareView.exportLocationId(s).toString().equals(id))
        .filter(s -> path == null || path.equals(s.exportPath()))
        .filter(s -> id == null && path == null || s.exportPath() != null)
        .toList();
  }

  @Operation(
      summary = "Show a share instance",
      description =
          "Microversions 2.3-2.73 (404 below 2.3); admins. Every share has one instance, with its "
              + "id.")
  @APIResponse(responseCode = "200", description = "{\"share_instance\": {...}}")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @GET
  @Path("{id}")
  public Uni<Map<String, Object>> show(@PathParam("id") String id) {
    ApiVersion v = requireVersion();
    return service
        .show(ctx.caller(), id)
        .map(s -> Map.of("share_instance", ShareInstanceView.detail(s, v)));
  }

  @Operation(
      summary = "List a share instance's export locations",
      description = "Microversions 2.9-2.73 (404 below 2.9); admins. As the share's.")
  @APIResponse(responseCode = "200", description = "{\"export_locations\": [...]}")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @GET
  @Path("{id}/export_locations")
  public Uni<Map<String, Object>> exportLocations(@PathParam("id") String id) {
    ApiVersion v = requireVersion();
    if (!v.atLeast(Versions.SHARE_EXPORT_LOCATIONS_ROUTE)) {
      throw ApiException.notFound();
    }
    return service
        .withExportLocations(ctx.caller(), id)
        .map(s -> Map.of("export_locations", ShareView.exportLocations(s, v, true)));
  }

  private ApiVersion requireVersion() {
    ApiVersion v = ctx.version();
    if (!v.atLeast(Versions.SHARE_INSTANCES)) {
      throw ApiException.notFound();
    }
    return v;
  }
}
