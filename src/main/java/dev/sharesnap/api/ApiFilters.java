package dev.sharesnap.api;

import dev.sharesnap.api.microversion.ApiVersion;
import dev.sharesnap.api.microversion.Versions;
import dev.sharesnap.config.ServiceConfig;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.identity.Caller;
import dev.sharesnap.identity.KeystoneAuthenticator;
import dev.sharesnap.identity.RequestContext;
import dev.sharesnap.policy.PolicyEnforcer;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * The HTTP edge shared by every route, in Manila's order: request id, microversion, identity
 * (noauth, or a Keystone token validated without blocking), and the optional {@code
 * /v2/{project_id}} segment. The project segment is checked against the token and removed before
 * routing, so each resource declares its paths once; the response filter adds the request-id and
 * version headers to every answer, faults included.
 */
public class ApiFilters {

  static final String VERSION_HEADER = "X-OpenStack-Manila-API-Version";

  /** MDC key of the request id, the same key task lines use (TaskTelemetry.REQUEST_ID). */
  static final String REQUEST_ID = "requestId";

  /**
   * The one opt-in to sharesnap's extensions (docs/extensions.md). Manila clients never send it, so
   * their key-set comparisons see Manila's views; extension routes live under /v2/sharesnap.
   */
  public static final String EXTENSIONS_HEADER = "X-Sharesnap-Extensions";

  public static final String EXPERIMENTAL_HEADER = "X-OpenStack-Manila-API-Experimental";

  private static final Pattern PROJECT_ID = Pattern.compile("[0-9a-f\\-]+");

  private final RequestContext ctx;
  private final ServiceConfig config;
  private final PolicyEnforcer policy;
  private final KeystoneAuthenticator keystone;

  public ApiFilters(
      RequestContext ctx,
      ServiceConfig config,
      PolicyEnforcer policy,
      KeystoneAuthenticator keystone) {
    this.ctx = ctx;
    this.config = config;
    this.policy = policy;
    this.keystone = keystone;
  }

  @ServerRequestFilter(preMatching = true)
  public Uni<Void> onRequest(ContainerRequestContext request) {
    String requestId = "req-" + UUID.randomUUID();
    ctx.requestId(requestId);
    // each request runs on its own duplicated Vert.x context, where Quarkus keeps the MDC: every
    // line logged for this request carries the id (the JSON log prints it as mdc.requestId)
    MDC.put(REQUEST_ID, requestId);
    URI uri = request.getUriInfo().getRequestUri();
    String path = uri.getRawPath();
    ctx.baseUrl(baseUrl(request, uri));
    if (!path.equals("/v2") && !path.startsWith("/v2/")) {
      return Uni.createFrom().voidItem();
    }
    ApiVersion version = version(request.getHeaderString(VERSION_HEADER));
    ctx.version(version); // set before the checks below so their faults carry the version headers
    ctx.extensions("true".equalsIgnoreCase(trimmed(request.getHeaderString(EXTENSIONS_HEADER))));
    ctx.experimental(isTrue(request.getHeaderString(EXPERIMENTAL_HEADER)));
    return identify(request, path)
        .invoke(caller -> route(request, uri, path, version, caller))
        .replaceWithVoid();
  }

  /**
   * The caller: from Keystone in keystone mode, else noauth's token or the trusted identity
   * headers.
   */
  private Uni<Caller> identify(ContainerRequestContext request, String path) {
    String token = request.getHeaderString("X-Auth-Token");
    if (keystone.enabled()) {
      // the version document needs no identity, as in noauth mode
      boolean anonymous = (token == null || token.isBlank()) && isVersionDocument(path);
      return anonymous ? Uni.createFrom().nullItem() : keystone.authenticate(token);
    }
    if (token != null && !token.isBlank()) {
      return Uni.createFrom().item(noauthCaller(token.trim(), request.getHeaderString("X-Roles")));
    }
    return Uni.createFrom().item(trustedHeadersCaller(request));
  }

  private void route(
      ContainerRequestContext request, URI uri, String path, ApiVersion version, Caller caller) {
    // Manila's context.is_admin comes from the context_is_admin rule, which a policy file may
    // change
    ctx.caller(caller == null ? null : caller.withAdmin(policy.isAdmin(caller)));
    String[] segments = path.substring(1).split("/", -1);
    // Every collection name has a letter beyond f, so a hex segment here is a project id (Manila's
    // project_id_regex); anything else is left to routing, where an unknown name is a 404.
    if (segments.length >= 3 && PROJECT_ID.matcher(segments[1]).matches()) {
      stripProject(request, uri, segments);
    }
    if (ctx.caller() == null
        && !isVersionDocument(request.getUriInfo().getRequestUri().getRawPath())) {
      throw new ApiException(401, "Authentication required");
    }
  }

  private ApiVersion version(String header) {
    if (header == null || header.isBlank()) {
      return Versions.MIN;
    }
    ApiVersion v = ApiVersion.parse(header.trim());
    if (v.compareTo(Versions.MIN) < 0 || v.compareTo(Versions.MAX) > 0) {
      ctx.version(v); // Manila echoes the requested version on the 406
      throw new ApiException(
          406,
          "Version "
              + v
              + " is not supported by the API. Minimum is "
              + Versions.MIN
              + " and maximum is "
              + Versions.MAX
              + ".");
    }
    return v;
  }

  /**
   * {@code /v2/{project}/rest} → {@code /v2/rest}, after checking the project against the caller's.
   */
  private void stripProject(ContainerRequestContext request, URI uri, String[] segments) {
    String project = segments[1];
    if (ctx.caller() != null && !project.equals(ctx.caller().projectId())) {
      throw ApiException.badRequest("Malformed request url");
    }
    String rest = String.join("/", Arrays.copyOfRange(segments, 2, segments.length));
    request.setRequestUri(UriBuilder.fromUri(uri).replacePath("/v2/" + rest).build());
    ctx.projectInUrl(true);
  }

  private static String trimmed(String header) {
    return header == null ? null : header.trim();
  }

  private static boolean isVersionDocument(String path) {
    return path.equals("/v2") || path.equals("/v2/");
  }

  /**
   * noauth, as Manila's: the token is {@code user:project} (or one id used for both). Roles come
   * from {@code X-Roles} when sent (so member and reader behaviour is testable), else from
   * configuration, which by default makes every caller admin like Manila's noauth.
   */
  private Caller noauthCaller(String token, String rolesHeader) {
    int colon = token.indexOf(':');
    String user = colon < 0 ? token : token.substring(0, colon);
    String project = colon < 0 ? token : token.substring(colon + 1);
    Set<String> roles =
        rolesHeader == null || rolesHeader.isBlank()
            ? new LinkedHashSet<>(config.auth().noauthDefaultRoles())
            : roles(rolesHeader);
    return new Caller(user, project, roles);
  }

  /**
   * The identity headers keystonemiddleware passes on (Manila's trusted_headers pipeline):
   * X-User-Id, X-Project-Id and X-Roles, roles taken as sent. Null when either id is missing.
   */
  private static Caller trustedHeadersCaller(ContainerRequestContext request) {
    String user = request.getHeaderString("X-User-Id");
    String project = request.getHeaderString("X-Project-Id");
    if (user == null || user.isBlank() || project == null || project.isBlank()) {
      return null;
    }
    String roles = request.getHeaderString("X-Roles");
    return new Caller(user.trim(), project.trim(), roles == null ? Set.of() : roles(roles));
  }

  private static Set<String> roles(String header) {
    return Arrays.stream(header.split(","))
        .map(r -> r.trim().toLowerCase())
        .filter(r -> !r.isEmpty())
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /** oslo's bool_from_string, as Manila reads the experimental header. */
  private static boolean isTrue(String header) {
    String v = trimmed(header);
    return v != null
        && Set.of("1", "t", "true", "on", "y", "yes").contains(v.toLowerCase(Locale.ROOT));
  }

  private static String baseUrl(ContainerRequestContext request, URI uri) {
    String host = request.getHeaderString("Host");
    String authority = host != null && !host.isBlank() ? host : uri.getRawAuthority();
    return uri.getScheme() + "://" + authority;
  }

  @ServerResponseFilter
  public void onResponse(ContainerResponseContext response) {
    if (ctx.requestId() == null) {
      return;
    }
    response.getHeaders().putSingle("x-compute-request-id", ctx.requestId());
    response.getHeaders().putSingle("x-openstack-request-id", ctx.requestId());
    if (ctx.versioned()) {
      response.getHeaders().putSingle(VERSION_HEADER, ctx.version().toString());
      response.getHeaders().putSingle("Vary", VERSION_HEADER);
      if (ctx.experimental()) {
        response.getHeaders().putSingle(EXPERIMENTAL_HEADER, "True");
      }
    }
    if (ctx.extensions()) {
      // tells the caller its opt-in was understood; Manila's answers keep Manila's headers
      response.getHeaders().putSingle(EXTENSIONS_HEADER, "true");
      response.getHeaders().putSingle("Vary", VERSION_HEADER + ", " + EXTENSIONS_HEADER);
    }
  }
}
