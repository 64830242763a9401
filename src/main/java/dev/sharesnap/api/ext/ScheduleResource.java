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

/** Extension: a share's snapshot schedules, under {@code /v2/sharesnap} (docs/extensions.md). */
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

  @GET
  public Uni<Map<String, Object>> list(@PathParam("shareId") String shareId) {
    return service.list(ctx.caller(), shareId).map(ScheduleView::list);
  }

  @POST
  public Uni<Map<String, Object>> create(
      @PathParam("shareId") String shareId,
      @HeaderParam("Content-Type") String contentType,
      String body) {
    ScheduleService.NewSchedule req = ScheduleRequest.from(JsonBodies.require(contentType, body));
    return service.create(ctx.caller(), shareId, req).map(ScheduleView::one);
  }

  @DELETE
  @Path("{id}")
  public Uni<Response> delete(@PathParam("shareId") String shareId, @PathParam("id") String id) {
    return service.delete(ctx.caller(), shareId, id).map(x -> Response.accepted().build());
  }
}
