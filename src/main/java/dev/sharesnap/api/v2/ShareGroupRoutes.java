package dev.sharesnap.api.v2;

import dev.sharesnap.api.microversion.Versions;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.domain.ShareGroupStatus;
import dev.sharesnap.identity.RequestContext;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.Response;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The route gate of every share group API: from 2.55 for everyone; from 2.31 to 2.54 only for
 * requests marked experimental, as Manila declares them. Elsewhere the route does not exist (404).
 */
final class ShareGroupRoutes {

  /** What each operation's OpenAPI description says of its range. */
  static final String RANGE =
      "Microversions 2.31-2.73 (2.31-2.54 only with X-OpenStack-Manila-API-Experimental: true). ";

  private ShareGroupRoutes() {}

  /**
   * The admin actions groups and group snapshots share: {@code reset_status} (the status checked
   * when the service asks for it, after its policy check) and {@code force_delete}; 202 each.
   */
  static Uni<Response> adminAction(
      ActionRequest action,
      Function<Supplier<String>, Uni<Void>> resetStatus,
      Supplier<Uni<Void>> forceDelete) {
    Uni<Void> done =
        switch (action.name()) {
          case "reset_status" ->
              resetStatus.apply(
                  () ->
                      ResetStatusRequest.from(action.value(), ShareGroupStatus.RESETTABLE)
                          .status());
          case "force_delete" -> forceDelete.get();
          default -> throw ApiException.badRequest("There is no such action: " + action.name());
        };
    return done.map(x -> Response.accepted().build());
  }

  static void require(RequestContext ctx) {
    boolean graduated = ctx.version().atLeast(Versions.SHARE_GROUPS_GRADUATED);
    boolean experimental = ctx.version().atLeast(Versions.SHARE_GROUPS) && ctx.experimental();
    if (!graduated && !experimental) {
      throw ApiException.notFound();
    }
  }
}
