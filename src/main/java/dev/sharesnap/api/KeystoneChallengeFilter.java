package dev.sharesnap.api;

import dev.sharesnap.identity.KeystoneAuthenticator;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * In keystone mode every 401 names where to get a token, as keystonemiddleware's do: {@code
 * WWW-Authenticate: Keystone uri="<keystone url>"}. Clients such as keystoneauth read it.
 */
public class KeystoneChallengeFilter {

  private final KeystoneAuthenticator keystone;

  public KeystoneChallengeFilter(KeystoneAuthenticator keystone) {
    this.keystone = keystone;
  }

  @ServerResponseFilter
  public void onResponse(ContainerResponseContext response) {
    if (response.getStatus() == 401 && keystone.enabled()) {
      response
          .getHeaders()
          .putSingle("WWW-Authenticate", "Keystone uri=\"" + keystone.challengeUri() + "\"");
    }
  }
}
