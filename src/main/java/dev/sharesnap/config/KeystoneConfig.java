package dev.sharesnap.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Keystone token validation ({@code sharesnap.auth.strategy=keystone}), as keystonemiddleware's
 * {@code [keystone_authtoken]}: the service's own credentials, with which it asks Keystone about
 * each caller's token, and the token cache. Put the password in the environment ({@code
 * SHARESNAP_AUTH_KEYSTONE_PASSWORD}) or a Secret, not in a file.
 */
@ConfigMapping(prefix = "sharesnap.auth.keystone")
public interface KeystoneConfig {

  /** Keystone's v3 root, e.g. {@code http://keystone:5000/v3} (keystonemiddleware's auth_url). */
  Optional<String> url();

  /**
   * The service user that validates tokens; needs the admin or service role (Manila's {@code
   * manila}).
   */
  Optional<String> username();

  /** The service user's password. */
  Optional<String> password();

  /** Domain id of the service user. */
  @WithDefault("default")
  String userDomainId();

  /** Project the service token is scoped to (Manila's {@code service}). */
  @WithDefault("service")
  String projectName();

  /** Domain id of that project. */
  @WithDefault("default")
  String projectDomainId();

  /** Longest a Keystone call may take (connect and answer); beyond it the request gets a 503. */
  @WithDefault("5s")
  Duration timeout();

  /**
   * A validated token is reused this long at most (keystonemiddleware's token_cache_time, 300 s).
   */
  @WithDefault("300s")
  Duration cacheTtl();

  /** ...and never later than this before it expires, so a cached token cannot outlive itself. */
  @WithDefault("30s")
  Duration expiryMargin();

  /** An invalid token is answered 401 from memory this long, sparing Keystone repeated lookups. */
  @WithDefault("10s")
  Duration negativeCacheTtl();

  /** Tokens the cache holds at most. */
  @WithDefault("10000")
  int cacheSize();

  /**
   * The URI named in 401 answers ({@code WWW-Authenticate: Keystone uri="..."}); default: {@code
   * url}.
   */
  Optional<String> wwwAuthenticateUri();
}
