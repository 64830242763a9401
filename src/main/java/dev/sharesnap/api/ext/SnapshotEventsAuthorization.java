package dev.sharesnap.api.ext;

import dev.sharesnap.identity.RequestContext;
import dev.sharesnap.service.SnapshotService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authorizes a snapshot's event stream before the stream starts. RESTEasy Reactive writes the head
 * of a server-sent-events response (200) as soon as the method returns its Multi, so a 404 or 403
 * found later could only cut the connection; checked here, it is an ordinary Manila fault.
 */
public class SnapshotEventsAuthorization {

  private static final Pattern EVENTS = Pattern.compile("/v2/sharesnap/snapshots/([^/]+)/events");

  private final SnapshotService snapshots;
  private final RequestContext ctx;

  public SnapshotEventsAuthorization(SnapshotService snapshots, RequestContext ctx) {
    this.snapshots = snapshots;
    this.ctx = ctx;
  }

  @ServerRequestFilter
  public Uni<Void> authorize(ContainerRequestContext request) {
    Matcher m = EVENTS.matcher(request.getUriInfo().getRequestUri().getRawPath());
    if (!"GET".equals(request.getMethod()) || !m.matches() || ctx.caller() == null) {
      return Uni.createFrom().voidItem();
    }
    return snapshots.show(ctx.caller(), m.group(1)).replaceWithVoid();
  }
}
