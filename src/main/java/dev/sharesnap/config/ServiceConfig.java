package dev.sharesnap.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/** Service-wide settings: identity of this service and the authentication strategy. */
@ConfigMapping(prefix = "sharesnap")
public interface ServiceConfig {

  /** Host part of Manila's {@code host@backend#pool} strings shown to admins. */
  @WithDefault("sharesnap")
  String host();

  /**
   * Backend of new shares whose share type names none in its {@code share_backend_name} extra spec,
   * when it exports the share's protocol (else the first enabled backend that does).
   */
  @WithDefault("nfs")
  String defaultBackend();

  /** Authentication settings. */
  Auth auth();

  /** Authentication settings. */
  interface Auth {
    /**
     * {@code noauth} (development and tests: the token is {@code user:project}) or {@code keystone}
     * (tokens validated by Keystone, see {@link KeystoneConfig}).
     */
    @WithDefault("noauth")
    Strategy strategy();

    /** How callers are identified. */
    enum Strategy {
      NOAUTH,
      KEYSTONE
    }

    /**
     * Roles of a noauth caller that sends no {@code X-Roles} header. Manila's noauth makes every
     * caller admin; so does this default. Send {@code X-Roles: member,reader} to act as a project
     * member.
     */
    @WithDefault("admin,member,reader")
    List<String> noauthDefaultRoles();
  }
}
