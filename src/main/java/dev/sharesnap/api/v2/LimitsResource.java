package dev.sharesnap.api.v2;

import dev.sharesnap.api.microversion.ApiVersion;
import dev.sharesnap.api.view.QuotaSetView;
import dev.sharesnap.identity.RequestContext;
import dev.sharesnap.service.QuotaService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * {@code GET /v2/limits}: the caller's project's quotas and usage (Manila checks no policy here).
 */
@Path("/v2/limits")
@Produces(MediaType.APPLICATION_JSON)
public class LimitsResource {

  private final QuotaService service;
  private final RequestContext ctx;

  public LimitsResource(QuotaService service, RequestContext ctx) {
    this.service = service;
    this.ctx = ctx;
  }

  @GET
  public Uni<Map<String, Object>> limits() {
    ApiVersion v = ctx.version();
    return service.limits(ctx.caller()).map(set -> QuotaSetView.absoluteLimits(set, v));
  }
}
