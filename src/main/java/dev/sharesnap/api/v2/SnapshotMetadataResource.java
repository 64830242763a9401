package dev.sharesnap.api.v2;

import dev.sharesnap.api.microversion.ApiVersion;
import dev.sharesnap.api.microversion.Versions;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.identity.RequestContext;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /v2/snapshots/{id}/metadata}: a snapshot's metadata, whole or by key (2.73+). */
@Path("/v2/snapshots/{id}/metadata")
@Tag(name = "snapshots", description = "Share snapshots (Manila's share_snapshot API)")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class SnapshotMetadataResource {

  private static final String CT = "Content-Type";

  private final SnapshotService service;
  private final RequestContext ctx;

  public SnapshotMetadataResource(SnapshotService service, RequestContext ctx) {
    this.service = service;
    this.ctx = ctx;
  }

  @Operation(
      summary = "Show a snapshot's metadata",
      description = "Microversions 2.73+ (404 below 2.73).")
  @APIResponse(responseCode = "200", description = "{\"metadata\": {...}}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @GET
  public Uni<Map<String, Object>> metadata(@PathParam("id") String id) {
    requireVersion(Versions.SNAPSHOT_METADATA);
    return service.metadata(ctx.caller(), id).map(m -> Map.of("metadata", m));
  }

  @Operation(
      summary = "Merge into a snapshot's metadata",
      description =
          "Microversions 2.73+ (404 below 2.73). Body {\"metadata\": {...}}; the given keys are "
              + "set, the others kept.")
  @APIResponse(responseCode = "200", description = "{\"metadata\": {...}} as requested")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @POST
  public Uni<Map<String, Object>> mergeMetadata(
      @PathParam("id") String id, @HeaderParam(CT) String contentType, String body) {
    requireVersion(Versions.SNAPSHOT_METADATA);
    return service
        .setMetadata(
            ctx.caller(),
            id,
            () -> MetadataRequest.all(JsonBodies.optional(contentType, body)),
            false)
        .map(m -> Map.of("metadata", m));
  }

  @Operation(
      summary = "Replace a snapshot's metadata",
      description =
          "Microversions 2.73+ (404 below 2.73). Body {\"metadata\": {...}}; keys not given are "
              + "removed.")
  @APIResponse(responseCode = "200", description = "{\"metadata\": {...}} as requested")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @PUT
  public Uni<Map<String, Object>> replaceMetadata(
      @PathParam("id") String id, @HeaderParam(CT) String contentType, String body) {
    requireVersion(Versions.SNAPSHOT_METADATA);
    return service
        .setMetadata(
            ctx.caller(),
            id,
            () -> MetadataRequest.all(JsonBodies.optional(contentType, body)),
            true)
        .map(m -> Map.of("metadata", m));
  }

  @Operation(
      summary = "Show one snapshot metadata item",
      description = "Microversions 2.73+ (404 below 2.73).")
  @APIResponse(responseCode = "200", description = "{\"meta\": {key: value}}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @GET
  @Path("{key}")
  public Uni<Map<String, Object>> metadataItem(
      @PathParam("id") String id, @PathParam("key") String key) {
    requireVersion(Versions.SNAPSHOT_METADATA);
    return service
        .metadata(ctx.caller(), id)
        .map(
            m -> {
              if (!m.containsKey(key)) {
                throw ApiException.notFound("MetadataItemNotFound: Metadata item is not found.");
              }
              return Map.of("meta", Map.of(key, m.get(key)));
            });
  }

  @Operation(
      summary = "Set one snapshot metadata item",
      description =
          "Microversions 2.73+ (404 below 2.73). Body {\"meta\": {key: value}}, the key matching "
              + "the URI.")
  @APIResponse(responseCode = "200", description = "{\"metadata\": {...}}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @POST
  @Path("{key}")
  public Uni<Map<String, Object>> setMetadataItem(
      @PathParam("id") String id,
      @PathParam("key") String key,
      @HeaderParam(CT) String contentType,
      String body) {
    requireVersion(Versions.SNAPSHOT_METADATA);
    return service
        .setMetadata(
            ctx.caller(),
            id,
            () -> MetadataRequest.item(JsonBodies.optional(contentType, body), key),
            false)
        .map(m -> Map.of("metadata", m));
  }

  @Operation(
      summary = "Delete one snapshot metadata item",
      description = "Microversions 2.73+ (404 below 2.73).")
  @APIResponse(responseCode = "200", description = "Deleted, empty body")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @DELETE
  @Path("{key}")
  public Uni<Response> deleteMetadataItem(
      @PathParam("id") String id, @PathParam("key") String key) {
    requireVersion(Versions.SNAPSHOT_METADATA);
    return service.deleteMetadata(ctx.caller(), id, key).map(x -> Response.ok().build());
  }

  private void requireVersion(ApiVersion min) {
    if (!ctx.version().atLeast(min)) {
      throw ApiException.notFound();
    }
  }
}
