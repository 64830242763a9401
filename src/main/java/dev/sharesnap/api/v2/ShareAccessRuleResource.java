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

/**
 * {@code /v2/share-access-rules} (2.45+): what {@code manila access-list} reads from 2.45 on, in
 * place of the share's access_list action.
 */
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
