package dev.sharesnap.api.ext;

import dev.sharesnap.api.microversion.ApiVersion;
import dev.sharesnap.api.view.JsonBody;
import dev.sharesnap.api.view.Links;
import dev.sharesnap.api.view.SnapshotChangeView;
import dev.sharesnap.api.view.SnapshotView;
import dev.sharesnap.domain.SnapshotChange;
import dev.sharesnap.identity.Caller;
import dev.sharesnap.identity.RequestContext;
import dev.sharesnap.service.RetentionService;
import dev.sharesnap.service.SnapshotEventService;
import dev.sharesnap.service.SnapshotSyncService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Extension routes on snapshots, under {@code /v2/sharesnap} so they never shadow a Manila route
 * (docs/extensions.md).
 */
@Tag(
    name = "sharesnap extensions",
    description = "sharesnap extension routes, not part of Manila (docs/extensions.md)")
@Path("/v2/sharesnap/snapshots")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class SharesnapSnapshotResource {

  private final SnapshotSyncService sync;
  private final SnapshotEventService events;
  private final RetentionService retention;
  private final RequestContext ctx;

  public SharesnapSnapshotResource(
      SnapshotSyncService sync,
      SnapshotEventService events,
      RetentionService retention,
      RequestContext ctx) {
    this.sync = sync;
    this.events = events;
    this.retention = retention;
    this.ctx = ctx;
  }

  /**
   * Snapshots whose kept_until has passed, in the detail view with the extension fields (this is an
   * extension route, so no opt-in header is needed).
   */
  @Operation(
      summary = "List snapshots whose retention has passed",
      description =
          "sharesnap extension (not a Manila route): served under /v2/sharesnap without the "
              + "X-Sharesnap-Extensions header, which only Manila's own routes need. Microversions "
              + "2.0-2.73, the same answer at each. Snapshots whose kept_until has passed, oldest "
              + "first, at most 1000, as detail views with the extension fields; all_tenants for "
              + "admins.",
      extensions = @Extension(name = "x-sharesnap-extension", value = "true", parseValue = true))
  @APIResponse(responseCode = "200", description = "{\"snapshots\": [...]}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @GET
  @Path("expired")
  public Uni<JsonBody> expired(@QueryParam("all_tenants") String allTenants) {
    Caller caller = ctx.caller();
    ApiVersion v = ctx.version();
    Links links = Links.of(ctx);
    boolean all =
        allTenants != null
            && !allTenants.isEmpty()
            && !"0".equals(allTenants)
            && !"false".equalsIgnoreCase(allTenants);
    return retention
        .expired(caller, all)
        .map(list -> SnapshotView.list(list, true, v, caller.isAdmin(), true, links, null));
  }

  /**
   * Server-sent events of the caller's project: first a {@code subscribed} event once the stream
   * listens, then one {@code status} event per snapshot status change.
   */
  @Operation(
      summary = "Stream the project's snapshot status changes",
      description =
          "sharesnap extension (not a Manila route): served under /v2/sharesnap without the "
              + "X-Sharesnap-Extensions header, which only Manila's own routes need. Microversions "
              + "2.0-2.73, the same answer at each. Server-sent events: subscribed once the stream "
              + "listens, then one status event {\"id\", \"project_id\", \"status\", "
              + "\"updated_at\"} per change.",
      extensions = @Extension(name = "x-sharesnap-extension", value = "true", parseValue = true))
  @APIResponse(responseCode = "200", description = "text/event-stream")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @GET
  @Path("events")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public Multi<OutboundSseEvent> projectEvents(@Context Sse sse) {
    Multi<OutboundSseEvent> changes = events.forProject(ctx.caller()).map(c -> status(sse, c));
    OutboundSseEvent subscribed =
        sse.newEventBuilder()
            .name("subscribed")
            .mediaType(MediaType.APPLICATION_JSON_TYPE)
            .data(Map.of("project_id", ctx.caller().projectId()))
            .build();
    // the live stream is subscribed first, so "subscribed" means no later change is missed
    return withHeartbeat(
        sse, Multi.createBy().merging().streams(changes, Multi.createFrom().item(subscribed)));
  }

  /** Server-sent events of one snapshot: its current status, then each change. */
  @Operation(
      summary = "Stream one snapshot's status",
      description =
          "sharesnap extension (not a Manila route): served under /v2/sharesnap without the "
              + "X-Sharesnap-Extensions header, which only Manila's own routes need. Microversions "
              + "2.0-2.73, the same answer at each. Server-sent events: the current status, then "
              + "one status event per change; deleted when the snapshot goes. Authorized as GET "
              + "/v2/snapshots/{id} before the stream starts.",
      extensions = @Extension(name = "x-sharesnap-extension", value = "true", parseValue = true))
  @APIResponse(responseCode = "200", description = "text/event-stream")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @GET
  @Path("{id}/events")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public Multi<OutboundSseEvent> snapshotEvents(@PathParam("id") String id, @Context Sse sse) {
    return withHeartbeat(sse, events.forSnapshot(ctx.caller(), id).map(c -> status(sse, c)));
  }

  /**
   * Adds a heartbeat comment ({@code : heartbeat}) every {@code
   * sharesnap.events.heartbeat-interval} to a stream: a client that has gone is found when a
   * heartbeat cannot be written, and the cancelled stream frees its subscription; a stream that
   * fails (a slow client) ends the merge.
   */
  private Multi<OutboundSseEvent> withHeartbeat(Sse sse, Multi<OutboundSseEvent> stream) {
    Multi<OutboundSseEvent> beats =
        events.heartbeats().map(t -> sse.newEventBuilder().comment("heartbeat").build());
    return Multi.createBy().merging().streams(stream, beats);
  }

  private static OutboundSseEvent status(Sse sse, SnapshotChange c) {
    return sse.newEventBuilder()
        .name("status")
        .mediaType(MediaType.APPLICATION_JSON_TYPE)
        .data(SnapshotChangeView.of(c))
        .build();
  }

  /** Re-read the snapshot from its backend and reconcile; 202, the outcome shows in the view. */
  @Operation(
      summary = "Re-read a snapshot from its backend",
      description =
          "sharesnap extension (not a Manila route): served under /v2/sharesnap without the "
              + "X-Sharesnap-Extensions header, which only Manila's own routes need. Microversions "
              + "2.0-2.73, the same answer at each. Queues a snapshot.sync task that reconciles "
              + "size, location and existence; the snapshot must be available.",
      extensions = @Extension(name = "x-sharesnap-extension", value = "true", parseValue = true))
  @APIResponse(responseCode = "202", description = "Accepted")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "403", ref = "forbidden")
  @APIResponse(responseCode = "404", ref = "itemNotFound")
  @POST
  @Path("{id}/pull")
  public Uni<Response> pull(@PathParam("id") String id) {
    return sync.pull(ctx.caller(), id, ctx.requestId()).map(x -> Response.accepted().build());
  }
}
