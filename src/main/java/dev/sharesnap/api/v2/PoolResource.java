package dev.sharesnap.api.v2;

import dev.sharesnap.api.microversion.Versions;
import dev.sharesnap.identity.RequestContext;
import dev.sharesnap.service.PoolService;
import dev.sharesnap.service.PoolService.Pool;
import dev.sharesnap.service.PoolService.PoolFilter;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /v2/scheduler-stats/pools[/detail]} (admin): each backend's pool and its capabilities, as
 * Manila's scheduler reports them (clients and Manila's tests read the capabilities there).
 */
@Tag(name = "scheduler pools", description = "Scheduler pools and capabilities (admin)")
@Path("/v2/scheduler-stats/pools")
@Produces(MediaType.APPLICATION_JSON)
public class PoolResource {

  private final PoolService service;
  private final RequestContext ctx;

  public PoolResource(PoolService service, RequestContext ctx) {
    this.service = service;
    this.ctx = ctx;
  }

  @Operation(
      summary = "List scheduler pools",
      description =
          "Microversions 2.0-2.73; admins. host, backend and pool are regular expressions matched "
              + "at the start; share_type (name or id) from 2.23, ignored below.")
  @APIResponse(responseCode = "200", description = "{\"pools\": [...]}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @GET
  public Uni<Map<String, Object>> list(
      @QueryParam("host") String host,
      @QueryParam("backend") String backend,
      @QueryParam("pool") String pool,
      @QueryParam("share_type") String shareType) {
    return pools(false, host, backend, pool, shareType);
  }

  @Operation(
      summary = "List scheduler pools with capabilities",
      description =
          "Microversions 2.0-2.73; admins. host, backend and pool are regular expressions matched "
              + "at the start; share_type (name or id) from 2.23, ignored below.")
  @APIResponse(responseCode = "200", description = "{\"pools\": [...]} with capabilities")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @GET
  @Path("detail")
  public Uni<Map<String, Object>> detail(
      @QueryParam("host") String host,
      @QueryParam("backend") String backend,
      @QueryParam("pool") String pool,
      @QueryParam("share_type") String shareType) {
    return pools(true, host, backend, pool, shareType);
  }

  private Uni<Map<String, Object>> pools(
      boolean detail, String host, String backend, String pool, String shareType) {
    // share_type filters from 2.23; before, Manila ignores it like any unknown parameter
    String type = ctx.version().atLeast(Versions.POOLS_SHARE_TYPE_FILTER) ? shareType : null;
    return service
        .list(ctx.caller(), detail, new PoolFilter(host, backend, pool, type))
        .map(all -> Map.of("pools", all.stream().map(p -> view(p, detail)).toList()));
  }

  private static Map<String, Object> view(Pool p, boolean detail) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", p.name());
    m.put("host", p.host());
    m.put("backend", p.backend());
    m.put("pool", p.pool());
    if (detail) {
      m.put("capabilities", p.capabilities());
    }
    return m;
  }
}
