package dev.sharesnap.api.v2;

import dev.sharesnap.api.microversion.Versions;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.identity.RequestContext;

/**
 * The route gate of every share group API: from 2.55 for everyone; from 2.31 to 2.54 only for
 * requests marked experimental, as Manila declares them. Elsewhere the route does not exist (404).
 */
final class ShareGroupRoutes {

  /** What each operation's OpenAPI description says of its range. */
  static final String RANGE =
      "Microversions 2.31-2.73 (2.31-2.54 only with X-OpenStack-Manila-API-Experimental: true). ";

  private ShareGroupRoutes() {}

  static void require(RequestContext ctx) {
    boolean graduated = ctx.version().atLeast(Versions.SHARE_GROUPS_GRADUATED);
    boolean experimental = ctx.version().atLeast(Versions.SHARE_GROUPS) && ctx.experimental();
    if (!graduated && !experimental) {
      throw ApiException.notFound();
    }
  }
}
