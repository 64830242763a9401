package dev.sharesnap.identity;

import dev.sharesnap.config.KeystoneConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.concurrent.TimeoutException;

/**
 * The two Keystone v3 calls keystonemiddleware makes: a project-scoped token for the service itself
 * (password authentication), and the validation of a caller's token with it ({@code GET
 * /v3/auth/tokens}, {@code X-Subject-Token}, {@code ?nocatalog}). Non-blocking (Vert.x HTTP client,
 * answers on the caller's context) and bounded by the configured timeout; a Keystone that does not
 * answer fails the Uni.
 */
@ApplicationScoped
public class KeystoneClient {

  /** A token and when it expires. */
  public record IssuedToken(String token, Instant expiresAt) {}

  /** Keystone's answer to a validation: the HTTP status and, on 200, the token document. */
  public record Validation(int status, JsonObject token) {}

  private final KeystoneConfig config;
  private final HttpClient http;

  public KeystoneClient(KeystoneConfig config, Vertx vertx) {
    this.config = config;
    int timeoutMs = (int) config.timeout().toMillis();
    this.http =
        vertx.createHttpClient(
            new HttpClientOptions().setConnectTimeout(timeoutMs).setIdleTimeout(0));
  }

  /**
   * The service's own token; fails with {@link KeystoneRefused} when Keystone rejects the
   * credentials.
   */
  public Uni<IssuedToken> issueServiceToken() {
    JsonObject user =
        new JsonObject()
            .put("name", config.username().orElse(""))
            .put("domain", new JsonObject().put("id", config.userDomainId()))
            .put("password", config.password().orElse(""));
    JsonObject auth =
        new JsonObject()
            .put(
                "auth",
                new JsonObject()
                    .put(
                        "identity",
                        new JsonObject()
                            .put("methods", new JsonArray().add("password"))
                            .put("password", new JsonObject().put("user", user)))
                    .put(
                        "scope",
                        new JsonObject()
                            .put(
                                "project",
                                new JsonObject()
                                    .put("name", config.projectName())
                                    .put(
                                        "domain",
                                        new JsonObject().put("id", config.projectDomainId())))));
    RequestOptions req =
        request(HttpMethod.POST, "/auth/tokens").putHeader("Content-Type", "application/json");
    return send(req, Buffer.buffer(auth.encode()))
        .map(
            r -> {
              if (r.status() != 201 || r.subjectToken() == null) {
                throw new KeystoneRefused(
                    "Keystone refused the service credentials of "
                        + config.username().orElse("(none)")
                        + " (HTTP "
                        + r.status()
                        + ")");
              }
              return new IssuedToken(r.subjectToken(), expiresAt(r.body().getJsonObject("token")));
            });
  }

  /**
   * Validates {@code subject} with the service token; any HTTP status is an answer, not a failure.
   */
  public Uni<Validation> validate(String serviceToken, String subject) {
    RequestOptions req =
        request(HttpMethod.GET, "/auth/tokens?nocatalog")
            .putHeader("X-Auth-Token", serviceToken)
            .putHeader("X-Subject-Token", subject);
    return send(req, null)
        .map(
            r ->
                new Validation(
                    r.status(), r.status() == 200 ? r.body().getJsonObject("token") : null));
  }

  static Instant expiresAt(JsonObject token) {
    return Instant.parse(token.getString("expires_at"));
  }

  private record Answer(int status, String subjectToken, JsonObject body) {}

  private Uni<Answer> send(RequestOptions options, Buffer body) {
    return http.request(options)
        .chain(req -> body == null ? req.send() : req.send(body))
        .chain(resp -> resp.body().map(b -> answer(resp, b)))
        .ifNoItem()
        .after(config.timeout())
        .failWith(() -> new TimeoutException("Keystone did not answer within " + config.timeout()));
  }

  private static Answer answer(HttpClientResponse resp, Buffer b) {
    JsonObject json = null;
    String text = b.toString();
    if (resp.statusCode() < 300 && !text.isBlank()) {
      json = new JsonObject(text);
    }
    return new Answer(resp.statusCode(), resp.getHeader("X-Subject-Token"), json);
  }

  private RequestOptions request(HttpMethod method, String path) {
    String root = config.url().orElseThrow().replaceAll("/+$", "");
    return new RequestOptions()
        .setMethod(method)
        .setAbsoluteURI(root + path)
        .setConnectTimeout(config.timeout().toMillis())
        .putHeader("Accept", "application/json");
  }

  /** Keystone answered, but refused the service's own credentials or rights. */
  public static class KeystoneRefused extends RuntimeException {
    public KeystoneRefused(String message) {
      super(message, null, false, false);
    }
  }
}
