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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /v2/limits}: the caller's project's quotas and usage (Manila checks no policy here).
 */
@Tag(name = "limits", description = "Absolute limits of the caller's project")
@Path("/v2/limits")
@Produces(MediaType.APPLICATION_JSON)
public class LimitsResource {

  private final QuotaService service;
  private final RequestContext ctx;

  public LimitsResource(QuotaService service, RequestContext ctx) {
    this.service = service;
    this.ctx = ctx;
  }

  @Operation(
      summary = "Show the caller's limits and usage",
      description =
          "Microversions 2.0-2.73. maxTotal* and total*Used; replica keys from 2.53, share group "
              + "keys from 2.58. rate is always empty.")
  @APIResponse(
      responseCode = "200",
      description = "{\"limits\": {\"rate\": [], \"absolute\": {...}}}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @GET
  public Uni<Map<String, Object>> limits() {
    ApiVersion v = ctx.version();
    return service.limits(ctx.caller()).map(set -> QuotaSetView.absoluteLimits(set, v));
  }
}
