package dev.sharesnap.api.fault;

import dev.sharesnap.domain.ApiException;
import dev.sharesnap.identity.RequestContext;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place errors become Manila fault bodies: {@code {"<faultName>": {"code": N, "message":
 * "..."}}}. Framework errors (unknown route, wrong method, unparsable input) are mapped too;
 * anything unexpected is a 500 with the request id in the log and no internals in the body.
 */
public class FaultMapper {

  private static final Logger LOG = Logger.getLogger(FaultMapper.class);
  private static final String INTERNAL =
      "The server has either erred or is incapable of performing the requested operation.";

  private final RequestContext ctx;

  public FaultMapper(RequestContext ctx) {
    this.ctx = ctx;
  }

  @ServerExceptionMapper
  public Response api(ApiException e) {
    return fault(e.status(), e.getMessage());
  }

  @ServerExceptionMapper
  public Response framework(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    return switch (status) {
      // Manila's router answers 404 to unknown paths and to methods a path does not have.
      case 404, 405 -> fault(404, "The resource could not be found.");
      case 415, 400 ->
          fault(
              400,
              "The server could not comply with the request since it is either malformed or otherwise incorrect.");
      case 406 ->
          fault(406, "The server could not produce a response in a format the client accepts.");
      default -> status >= 500 ? internal(e) : fault(status, e.getMessage());
    };
  }

  @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 100)
  public Response unexpected(Throwable e) {
    if (e instanceof ApiException api) {
      return api(api);
    }
    if (e instanceof WebApplicationException web) {
      return framework(web);
    }
    return internal(e);
  }

  private Response internal(Throwable e) {
    if (databaseUnreachable(e)) {
      LOG.warnf("database unreachable (%s): %s", ctx.requestId(), e.getMessage());
      return fault(503, "The database cannot be reached; retry later.");
    }
    LOG.errorf(e, "unexpected error (%s)", ctx.requestId());
    return fault(500, INTERNAL);
  }

  /**
   * A lost or refused database connection is the service's outage, not a bug: 503, so clients
   * retry.
   */
  private static boolean databaseUnreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.net.ConnectException
          || t instanceof io.vertx.sqlclient.ClosedConnectionException
          || t instanceof io.vertx.core.impl.NoStackTraceThrowable
              && String.valueOf(t.getMessage()).contains("onnect")) {
        return true;
      }
    }
    return false;
  }

  public static String faultName(int status) {
    return switch (status) {
      case 400 -> "badRequest";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "itemNotFound";
      case 405 -> "badMethod";
      case 409 -> "conflictingRequest";
      case 413 -> "overLimit";
      case 415 -> "badMediaType";
      case 501 -> "notImplemented";
      case 503 -> "serviceUnavailable";
      default -> "computeFault";
    };
  }

  static Response fault(int status, String message) {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("code", status);
    inner.put("message", message);
    if (status == 413) {
      inner.put("retryAfter", "0");
    }
    Response.ResponseBuilder r =
        Response.status(status)
            .type(MediaType.APPLICATION_JSON)
            .entity(Map.of(faultName(status), inner));
    if (status == 413) {
      r.header("Retry-After", "0");
    }
    if (status == 401) {
      r.header("WWW-Authenticate", "Keystone uri=\"\"");
    }
    return r.build();
  }
}
