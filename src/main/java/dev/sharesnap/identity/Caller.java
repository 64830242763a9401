package dev.sharesnap.identity;

import java.util.Set;

/**
 * Who is calling: user, project and roles, as Manila's RequestContext has them. {@code admin} is
 * Manila's {@code context.is_admin}: the result of the {@code context_is_admin} policy rule (by
 * default the admin role), set by the API edge once the policy is known. {@code isAdminProject} is
 * Keystone's {@code is_admin_project} (null when the token does not say, or without Keystone).
 */
public record Caller(
    String userId, String projectId, Set<String> roles, boolean admin, Boolean isAdminProject) {

  public Caller(String userId, String projectId, Set<String> roles) {
    this(userId, projectId, roles, roles.contains("admin"), null);
  }

  public boolean isAdmin() {
    return admin;
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  public Caller withAdmin(boolean isAdmin) {
    return new Caller(userId, projectId, roles, isAdmin, isAdminProject);
  }
}
