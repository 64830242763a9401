package dev.sharesnap.api.v2;

import dev.sharesnap.api.microversion.Versions;
import dev.sharesnap.api.view.Links;
import dev.sharesnap.api.view.MessageView;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.identity.RequestContext;
import dev.sharesnap.service.MessageService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /v2/messages} (2.37+): why asynchronous operations failed. The Manila CSI driver reads
 * {@code ?resource_id=<snapshot>&message_level=ERROR&limit=1&sort_key=created_at&sort_dir=desc}.
 */
@Tag(name = "messages", description = "User messages: why asynchronous operations failed")
@Path("/v2/messages")
@Produces(MediaType.APPLICATION_JSON)
public class MessageResource {

  private static final Set<String> FILTERS =
      Set.of("resource_type", "action_id", "detail_id", "message_level", "request_id");
  private static final Set<String> SORT_KEYS =
      Set.of(
          "id",
          "resource_type",
          "resource_id",
          "action_id",
          "detail_id",
          "message_level",
          "created_at");

  private final MessageService service;
  private final RequestContext ctx;

  public MessageResource(MessageService service, RequestContext ctx) {
    this.service = service;
    this.ctx = ctx;
  }

  @Operation(
      summary = "List user messages",
      description =
          "Microversions 2.37-2.73 (404 below 2.37). Filters resource_id, resource_type, "
              + "action_id, detail_id, message_level, request_id, all_tenants (admins); sort_key, "
              + "sort_dir, limit, offset.")
  @APIResponse(responseCode = "200", description = "{\"messages\": [...]}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @GET
  public Uni<Map<String, Object>> list(@Context UriInfo uri) {
    requireVersion();
    Links links = Links.of(ctx);
    MultivaluedMap<String, String> q = uri.getQueryParameters();
    Map<String, Object> filters = new LinkedHashMap<>();
    FILTERS.forEach(
        f -> {
          if (q.getFirst(f) != null) {
            filters.put(f, q.getFirst(f));
          }
        });
    if (q.getFirst("resource_id") != null) {
      var id = MessageService.uuidOrNull(q.getFirst("resource_id"));
      if (id == null) {
        return Uni.createFrom().item(MessageView.list(List.of(), links));
      }
      filters.put("resource_id", id);
    }
    String sortKey = q.getFirst("sort_key") == null ? "created_at" : q.getFirst("sort_key");
    if (!SORT_KEYS.contains(sortKey)) {
      throw ApiException.invalidInput("Invalid sort key " + sortKey + ".");
    }
    boolean ascending = "asc".equalsIgnoreCase(q.getFirst("sort_dir"));
    Integer limit = SnapshotListRequest.limit(q.getFirst("limit"));
    int offset = SnapshotListRequest.offset(q.getFirst("offset"));
    return service
        .list(
            ctx.caller(), q.containsKey("all_tenants"), filters, sortKey, ascending, limit, offset)
        .map(all -> MessageView.list(all, links));
  }

  @Operation(
      summary = "Show a user message",
      description = "Microversions 2.37-2.73 (404 below 2.37).")
  @APIResponse(responseCode = "200", description = "{\"message\": {...}}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @GET
  @Path("{id}")
  public Uni<Map<String, Object>> show(@PathParam("id") String id) {
    requireVersion();
    Links links = Links.of(ctx);
    return service.show(ctx.caller(), id).map(m -> Map.of("message", MessageView.detail(m, links)));
  }

  @Operation(
      summary = "Delete a user message",
      description = "Microversions 2.37-2.73 (404 below 2.37).")
  @APIResponse(responseCode = "204", description = "Deleted")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @DELETE
  @Path("{id}")
  public Uni<Response> delete(@PathParam("id") String id) {
    requireVersion();
    return service.delete(ctx.caller(), id).map(x -> Response.noContent().build());
  }

  private void requireVersion() {
    if (!ctx.version().atLeast(Versions.USER_MESSAGES)) {
      throw ApiException.notFound();
    }
  }
}
