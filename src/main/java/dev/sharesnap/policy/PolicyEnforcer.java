package dev.sharesnap.policy;

import dev.sharesnap.domain.ApiException;
import dev.sharesnap.identity.Caller;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Decides whether a caller may apply a rule to a target project, with Manila's defaults: admin may do
 * everything; a member may write and read in its own project; a reader may only read there. Roles imply one
 * another as Keystone's default role tree does (admin ⊃ member ⊃ reader).
 */
@ApplicationScoped
public class PolicyEnforcer {

  public boolean allows(Caller caller, Rule rule, String targetProject) {
    if (caller.isAdmin()) {
      return true;
    }
    boolean ownProject = targetProject == null || targetProject.equals(caller.projectId());
    return switch (rule.persona()) {
      case ADMIN -> false;
      case MEMBER -> ownProject && caller.hasRole("member");
      case READER -> ownProject && (caller.hasRole("reader") || caller.hasRole("member"));
    };
  }

  /** Raises Manila's 403 for the rule's style when the caller may not apply it to the target project. */
  public void authorize(Caller caller, Rule rule, String targetProject) {
    if (!allows(caller, rule, targetProject)) {
      throw rule.decorator()
          ? ApiException.accessDenied()
          : ApiException.forbidden("Policy doesn't allow " + rule.policyName() + " to be performed.");
    }
  }

  /** The check Manila runs before a lookup, with the caller's own project as target. */
  public void authorize(Caller caller, Rule rule) {
    authorize(caller, rule, caller.projectId());
  }
}
