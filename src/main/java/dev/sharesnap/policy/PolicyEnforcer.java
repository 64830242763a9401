package dev.sharesnap.policy;

import dev.sharesnap.config.PolicyConfig;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.identity.Caller;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Decides whether a caller may apply a rule to a target project by evaluating the rule's
 * oslo.policy check string: Manila's default (admin may do everything; a member may write and read
 * in its own project; a reader may only read there) unless the operator's policy file replaces it.
 * The file is read at start ({@link Startup}), so a bad one stops the service before it serves
 * anything. Roles imply one another as Keystone's default role tree does (admin ⊃ member ⊃ reader),
 * so a noauth caller sending only {@code member} reads like a Keystone token carrying the implied
 * roles.
 */
@Startup
@ApplicationScoped
public class PolicyEnforcer {

  private static final Logger LOG = Logger.getLogger(PolicyEnforcer.class);

  private final PolicyRules rules;

  @Inject
  public PolicyEnforcer(PolicyConfig config) {
    this(load(config));
  }

  public PolicyEnforcer(PolicyRules rules) {
    this.rules = rules;
    rules
        .dangling()
        .forEach(d -> LOG.warnf("policy: %s names no rule; that check always fails", d));
  }

  private static PolicyRules load(PolicyConfig config) {
    if (config.file().isEmpty()) {
      return PolicyRules.defaults();
    }
    Map<String, String> overrides = PolicyFile.read(config.file().get());
    PolicyRules rules;
    try {
      rules = PolicyRules.withOverrides(overrides);
    } catch (PolicyFileException e) {
      throw new PolicyFileException(
          "policy file " + config.file().get() + ": " + e.getMessage(), e);
    }
    LOG.infof(
        "policy: %d rule(s) from %s override Manila's defaults",
        overrides.size(), config.file().get());
    overrides.keySet().stream()
        .filter(name -> !PolicyRules.BASE.containsKey(name) && !isEnforced(name))
        .forEach(
            name ->
                LOG.warnf(
                    "policy: %s is not a rule sharesnap enforces; usable only as rule:%s",
                    name, name));
    return rules;
  }

  private static boolean isEnforced(String name) {
    for (Rule r : Rule.values()) {
      if (r.policyName().equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** Manila's context.is_admin: the {@code context_is_admin} rule for this caller. */
  public boolean isAdmin(Caller caller) {
    PolicyCheck.Credentials creds = credentials(caller, false);
    return rules.check("context_is_admin", creds, target(caller, caller.projectId()));
  }

  public boolean allows(Caller caller, Rule rule, String targetProject) {
    String project = targetProject == null ? caller.projectId() : targetProject;
    return rules.check(
        rule.policyName(), credentials(caller, caller.isAdmin()), target(caller, project));
  }

  /**
   * Raises Manila's 403 for the rule's style when the caller may not apply it to the target
   * project.
   */
  public void authorize(Caller caller, Rule rule, String targetProject) {
    if (!allows(caller, rule, targetProject)) {
      throw rule.decorator()
          ? ApiException.accessDenied()
          : ApiException.forbidden(
              "Policy doesn't allow " + rule.policyName() + " to be performed.");
    }
  }

  /** The check Manila runs before a lookup, with the caller's own project as target. */
  public void authorize(Caller caller, Rule rule) {
    authorize(caller, rule, caller.projectId());
  }

  /**
   * Manila's default target: the object's project, and the caller's own user id (services pass only
   * the project, so {@code user_id:%(user_id)s} matches any caller).
   */
  private static Map<String, String> target(Caller caller, String project) {
    return Map.of("project_id", project, "user_id", caller.userId());
  }

  private static PolicyCheck.Credentials credentials(Caller caller, boolean isAdmin) {
    Set<String> roles = new LinkedHashSet<>();
    for (String role : caller.roles()) {
      roles.add(role.toLowerCase(Locale.ROOT));
    }
    if (roles.contains("admin")) {
      roles.add("member");
    }
    if (roles.contains("member")) {
      roles.add("reader");
    }
    return new PolicyCheck.Credentials(
        caller.userId(), caller.projectId(), roles, isAdmin, caller.isAdminProject());
  }
}
