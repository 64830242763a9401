package dev.sharesnap.identity;

import dev.sharesnap.config.KeystoneConfig;
import dev.sharesnap.config.ServiceConfig;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.identity.KeystoneClient.IssuedToken;
import dev.sharesnap.identity.KeystoneClient.KeystoneRefused;
import dev.sharesnap.identity.KeystoneClient.Validation;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The {@code keystone} strategy: a caller is whoever Keystone says its X-Auth-Token belongs to,
 * with the token's project scope and roles, as keystonemiddleware and Manila's context middleware
 * derive them. Answers are cached ({@link TokenCache}); Keystone unreachable, or refusing the
 * service's own credentials, is the service's outage (503), while a token Keystone does not
 * recognize (404: garbage, expired, revoked) is the caller's (401). The service token is fetched on
 * first use and again shortly before it expires or when Keystone stops accepting it.
 */
@Startup
@ApplicationScoped
public class KeystoneAuthenticator {

  private static final Logger LOG = Logger.getLogger(KeystoneAuthenticator.class);

  /** keystonemiddleware's 401 text. */
  static final String UNAUTHORIZED = "The request you have made requires authentication.";

  static final String UNAVAILABLE = "The Keystone service is temporarily unavailable.";

  private final boolean enabled;
  private final KeystoneConfig config;
  private final KeystoneClient client;
  private final TokenCache cache;
  private volatile IssuedToken serviceToken;

  public KeystoneAuthenticator(
      ServiceConfig service, KeystoneConfig config, KeystoneClient client) {
    this.enabled = service.auth().strategy() == ServiceConfig.Auth.Strategy.KEYSTONE;
    this.config = config;
    this.client = client;
    this.cache = new TokenCache(config.cacheSize(), System::nanoTime);
    if (enabled) {
      // fail the start, not the first request, when keystone mode lacks what it needs
      require("url", config.url());
      require("username", config.username());
      require("password", config.password());
      LOG.infof(
          "authentication: Keystone at %s, service user %s",
          config.url().get(), config.username().get());
    }
  }

  private static void require(String key, Optional<String> value) {
    if (value.filter(v -> !v.isBlank()).isEmpty()) {
      throw new IllegalStateException(
          "sharesnap.auth.strategy=keystone needs sharesnap.auth.keystone." + key);
    }
  }

  public boolean enabled() {
    return enabled;
  }

  /** The URI for {@code WWW-Authenticate: Keystone uri="..."}. */
  public String challengeUri() {
    return config.wwwAuthenticateUri().or(config::url).orElse("");
  }

  /** The caller the token belongs to; fails with a 401 or 503 {@link ApiException}. */
  public Uni<Caller> authenticate(String token) {
    if (token == null || token.isBlank()) {
      return Uni.createFrom().failure(unauthorized());
    }
    TokenCache.Entry cached = cache.get(token.trim());
    if (cached != null) {
      return cached.caller() == null
          ? Uni.createFrom().failure(unauthorized())
          : Uni.createFrom().item(cached.caller());
    }
    return validate(token.trim(), true)
        .onFailure(e -> !(e instanceof ApiException))
        .transform(this::unavailable);
  }

  private Uni<Caller> validate(String token, boolean mayRetry) {
    return serviceToken()
        .chain(svc -> client.validate(svc.token(), token))
        .chain(
            v ->
                switch (v.status()) {
                  case 200 -> Uni.createFrom().item(accept(token, v));
                  case 404 -> Uni.createFrom().failure(reject(token));
                  case 401, 403 -> {
                    // our service token expired, was revoked or lost its role: get a new one, once
                    serviceToken = null;
                    yield mayRetry
                        ? validate(token, false)
                        : Uni.createFrom()
                            .failure(
                                new KeystoneRefused(
                                    "Keystone refused the service token (HTTP "
                                        + v.status()
                                        + ")"));
                  }
                  default ->
                      Uni.createFrom()
                          .failure(
                              new IllegalStateException("Keystone answered HTTP " + v.status()));
                });
  }

  private Uni<IssuedToken> serviceToken() {
    IssuedToken current = serviceToken;
    if (current != null
        && Instant.now().plus(config.expiryMargin()).isBefore(current.expiresAt())) {
      return Uni.createFrom().item(current);
    }
    // concurrent first requests may each fetch one; the last one stored wins, all are valid
    return client.issueServiceToken().invoke(t -> serviceToken = t);
  }

  private Caller accept(String token, Validation v) {
    JsonObject t = v.token();
    JsonObject project = t.getJsonObject("project");
    if (project == null) {
      // sharesnap's objects belong to projects; an unscoped or domain-scoped token can do nothing
      // here
      cache.put(token, null, config.negativeCacheTtl().toNanos());
      throw unauthorized();
    }
    Set<String> roles = new LinkedHashSet<>();
    JsonArray list = t.getJsonArray("roles", new JsonArray());
    for (int i = 0; i < list.size(); i++) {
      roles.add(list.getJsonObject(i).getString("name").toLowerCase(Locale.ROOT));
    }
    Caller caller =
        new Caller(
            t.getJsonObject("user").getString("id"),
            project.getString("id"),
            Set.copyOf(roles),
            roles.contains("admin"),
            t.getBoolean("is_admin_project"));
    Duration untilExpiry =
        Duration.between(Instant.now(), KeystoneClient.expiresAt(t)).minus(config.expiryMargin());
    Duration ttl = untilExpiry.compareTo(config.cacheTtl()) < 0 ? untilExpiry : config.cacheTtl();
    cache.put(token, caller, ttl.toNanos());
    return caller;
  }

  private ApiException reject(String token) {
    cache.put(token, null, config.negativeCacheTtl().toNanos());
    LOG.debug("a token Keystone does not recognize was refused");
    return unauthorized();
  }

  private ApiException unavailable(Throwable cause) {
    LOG.warnf(
        "Keystone at %s cannot validate tokens: %s", config.url().orElse(""), cause.toString());
    return new ApiException(503, UNAVAILABLE);
  }

  private static ApiException unauthorized() {
    return new ApiException(401, UNAUTHORIZED);
  }
}
