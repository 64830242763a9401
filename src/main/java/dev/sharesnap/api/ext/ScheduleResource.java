package dev.sharesnap.api.ext;

import dev.sharesnap.api.v2.JsonBodies;
import dev.sharesnap.api.view.ScheduleView;
import dev.sharesnap.identity.RequestContext;
import dev.sharesnap.service.ScheduleService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Extension: a share's snapshot schedules, under {@code /v2/sharesnap} (docs/extensions.md). */
@Tag(
    name = "sharesnap extensions",
    description = "sharesnap extension routes, not part of Manila (docs/extensions.md)")
@Path("/v2/sharesnap/shares/{shareId}/snapshot-schedules")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class ScheduleResource {

  private final ScheduleService service;
  private final RequestContext ctx;

  public ScheduleResource(ScheduleService service, RequestContext ctx) {
    this.service = service;
    this.ctx = ctx;
  }

  @Operation(
      summary = "List a share's snapshot schedules",
      description =
          "sharesnap extension (not a Manila route): served under /v2/sharesnap without the "
              + "X-Sharesnap-Extensions header, which only Manila's own routes need. Microversions "
              + "2.0-2.73, the same answer at each.",
      extensions = @Extension(name = "x-sharesnap-extension", value = "true", parseValue = true))
  @APIResponse(responseCode = "200", description = "{\"snapshot_schedules\": [...]}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @GET
  public Uni<Map<String, Object>> list(@PathParam("shareId") String shareId) {
    return service.list(ctx.caller(), shareId).map(ScheduleView::list);
  }

  @Operation(
      summary = "Create a snapshot schedule",
      description =
          "sharesnap extension (not a Manila route): served under /v2/sharesnap without the "
              + "X-Sharesnap-Extensions header, which only Manila's own routes need. Microversions "
              + "2.0-2.73, the same answer at each. Body {\"snapshot_schedule\": {\"name\", "
              + "\"interval\" (seconds) or \"cron\" (5-field Unix cron) with an optional "
              + "\"time_zone\" (IANA name, default UTC), \"retention_count\", \"max_age\"}}. "
              + "An interval schedule takes its first snapshot at once, a cron one at its first "
              + "time.",
      extensions = @Extension(name = "x-sharesnap-extension", value = "true", parseValue = true))
  @APIResponse(responseCode = "200", description = "{\"snapshot_schedule\": {...}}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @APIResponse(responseCode = "422", ref = "unprocessableEntity")
  @POST
  public Uni<Map<String, Object>> create(
      @PathParam("shareId") String shareId,
      @HeaderParam("Content-Type") String contentType,
      String body) {
    ScheduleService.NewSchedule req = ScheduleRequest.from(JsonBodies.require(contentType, body));
    return service.create(ctx.caller(), shareId, req).map(ScheduleView::one);
  }

  @Operation(
      summary = "Delete a snapshot schedule",
      description =
          "sharesnap extension (not a Manila route): served under /v2/sharesnap without the "
              + "X-Sharesnap-Extensions header, which only Manila's own routes need. Microversions "
              + "2.0-2.73, the same answer at each. Its snapshots stay.",
      extensions = @Extension(name = "x-sharesnap-extension", value = "true", parseValue = true))
  @APIResponse(responseCode = "202", description = "Accepted")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @DELETE
  @Path("{id}")
  public Uni<Response> delete(@PathParam("shareId") String shareId, @PathParam("id") String id) {
    return service.delete(ctx.caller(), shareId, id).map(x -> Response.accepted().build());
  }
}
