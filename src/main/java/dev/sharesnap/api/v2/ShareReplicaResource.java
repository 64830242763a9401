package dev.sharesnap.api.v2;

import dev.sharesnap.api.microversion.Versions;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.identity.RequestContext;
import dev.sharesnap.service.ShareReplicaService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /v2/share-replicas} (2.11+): no replication, so empty lists (with or without {@code
 * ?share_id=}) and 404 for any replica. The experimental header Manila wants before 2.56 is not
 * required.
 */
@Tag(name = "share replicas", description = "Share replicas (none: sharesnap does not replicate)")
@Path("/v2/share-replicas")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class ShareReplicaResource {

  private final ShareReplicaService service;
  private final RequestContext ctx;

  public ShareReplicaResource(ShareReplicaService service, RequestContext ctx) {
    this.service = service;
    this.ctx = ctx;
  }

  @Operation(
      summary = "List share replicas",
      description =
          "Microversions 2.11-2.73 (404 below 2.11). Always empty; filter share_id accepted.")
  @APIResponse(responseCode = "200", description = "{\"share_replicas\": []}")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @GET
  public Uni<Map<String, Object>> list() {
    requireVersion();
    return Uni.createFrom().item(Map.of("share_replicas", service.list(ctx.caller())));
  }

  @Operation(
      summary = "List share replicas with details",
      description =
          "Microversions 2.11-2.73 (404 below 2.11). Always empty; filter share_id accepted.")
  @APIResponse(responseCode = "200", description = "{\"share_replicas\": []}")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @GET
  @Path("detail")
  public Uni<Map<String, Object>> detail() {
    return list();
  }

  @Operation(
      summary = "Show a share replica",
      description = "Microversions 2.11-2.73 (404 below 2.11). Always 404: there are none.")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @GET
  @Path("{id}")
  public Uni<Map<String, Object>> show(@PathParam("id") String id) {
    requireVersion();
    return Uni.createFrom().item(service.show(ctx.caller(), id));
  }

  private void requireVersion() {
    if (!ctx.version().atLeast(Versions.SHARE_REPLICAS)) {
      throw ApiException.notFound();
    }
  }
}
