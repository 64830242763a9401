package dev.sharesnap.identity;

import java.util.Set;

/** Who is calling: user, project and roles, as Manila's RequestContext has them. */
public record Caller(String userId, String projectId, Set<String> roles) {

  public boolean isAdmin() {
    return roles.contains("admin");
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }
}
