package dev.sharesnap.api.v2;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sharesnap.api.view.ShareTypeView;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.identity.RequestContext;
import dev.sharesnap.service.ShareTypeService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /v2/types}: the lookups the manila CLI, OSC and the Manila CSI driver make, and admin create. */
@Path("/v2/types")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class ShareTypeResource {

  private final ShareTypeService service;
  private final RequestContext ctx;

  public ShareTypeResource(ShareTypeService service, RequestContext ctx) {
    this.service = service;
    this.ctx = ctx;
  }

  @GET
  public Uni<Map<String, Object>> list() {
    var v = ctx.version();
    return service.list(ctx.caller()).map(all -> ShareTypeView.list(all, v));
  }

  @GET
  @Path("{id}")
  public Uni<Map<String, Object>> show(@PathParam("id") String id) {
    var v = ctx.version();
    return service.show(ctx.caller(), id).map(t -> ShareTypeView.one(t, v));
  }

  /** Only by id: the CSI driver first tries the type's name here and expects 404. */
  @GET
  @Path("{id}/extra_specs")
  public Uni<Map<String, Object>> extraSpecs(@PathParam("id") String id) {
    return service.extraSpecs(ctx.caller(), id).map(specs -> Map.of("extra_specs", specs));
  }

  @POST
  public Uni<Map<String, Object>> create(@HeaderParam("Content-Type") String contentType, String body) {
    var v = ctx.version();
    JsonNode root = JsonBodies.require(contentType, body);
    JsonNode t = root.has("share_type") ? JsonBodies.entity(root, "share_type") : JsonBodies.entity(root, "volume_type");
    String name = JsonBodies.text255(t, "name");
    if (name == null || name.isBlank()) {
      throw ApiException.badRequest("Share type name is not valid.");
    }
    JsonNode pub = t.has("share_type_access:is_public") ? t.get("share_type_access:is_public") : t.get("os-share-type-access:is_public");
    boolean isPublic = pub == null || pub.isNull() || pub.asBoolean(true);
    return service
        .create(ctx.caller(), name, JsonBodies.text255(t, "description"), isPublic, extraSpecs(t.get("extra_specs")))
        .map(type -> ShareTypeView.one(type, v));
  }

  /** Extra specs are strings in Manila; the manila CLI sends JSON booleans, which become "True"/"False". */
  private static Map<String, String> extraSpecs(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isObject()) {
      throw ApiException.badRequest("Invalid input received: extra_specs must be a dictionary.");
    }
    node.properties().forEach(e -> {
      JsonNode value = e.getValue();
      String s = value.isBoolean() ? (value.asBoolean() ? "True" : "False") : value.asText();
      out.put(e.getKey(), s);
    });
    return out;
  }
}
