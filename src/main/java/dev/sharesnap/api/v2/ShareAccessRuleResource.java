package dev.sharesnap.api.v2;

import dev.sharesnap.api.microversion.ApiVersion;
import dev.sharesnap.api.microversion.Versions;
import dev.sharesnap.api.view.AccessRuleView;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.identity.RequestContext;
import dev.sharesnap.policy.Rule;
import dev.sharesnap.service.AccessService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /v2/share-access-rules} (2.45+): what {@code manila access-list} reads from 2.45 on, in
 * place of the share's access_list action.
 */
@Tag(name = "share access rules", description = "Share access rules (2.45+)")
@Path("/v2/share-access-rules")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class ShareAccessRuleResource {

  private final AccessService service;
  private final RequestContext ctx;

  public ShareAccessRuleResource(AccessService service, RequestContext ctx) {
    this.service = service;
    this.ctx = ctx;
  }

  @Operation(
      summary = "List a share's access rules",
      description =
          "Microversions 2.45-2.73 (404 below 2.45). share_id is required. Rules carry metadata.")
  @APIResponse(responseCode = "200", description = "{\"access_list\": [...]}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @GET
  public Uni<Map<String, Object>> list(@QueryParam("share_id") String shareId) {
    ApiVersion v = requireRoute();
    if (shareId == null || shareId.isEmpty()) {
      throw ApiException.badRequest("Share ID must be specified.");
    }
    return service
        .listShare(ctx.caller(), shareId, Rule.SHARE_ACCESS_RULE_INDEX)
        .map(all -> AccessRuleView.list(all, v));
  }

  @Operation(
      summary = "Show a share access rule",
      description = "Microversions 2.45-2.73 (404 below 2.45). A snapshot's rule is a 404 here.")
  @APIResponse(responseCode = "200", description = "{\"access\": {...}}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @GET
  @Path("{id}")
  public Uni<Map<String, Object>> show(@PathParam("id") String id) {
    ApiVersion v = requireRoute();
    return service.showShareRule(ctx.caller(), id).map(r -> AccessRuleView.detail(r, v));
  }

  private ApiVersion requireRoute() {
    ApiVersion v = ctx.version();
    if (!v.atLeast(Versions.SHARE_ACCESS_RULES_ROUTE)) {
      throw ApiException.notFound();
    }
    return v;
  }
}
