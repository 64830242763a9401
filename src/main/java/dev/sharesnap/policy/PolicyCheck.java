package dev.sharesnap.policy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One parsed oslo.policy check string, as a tree evaluated against the caller's credentials and the
 * target object. Only the subset Manila's policies use: {@code @}, {@code !}, {@code role:}, {@code
 * rule:}, generic {@code key:value} checks ({@code project_id:%(project_id)s}, {@code
 * is_admin:True}) and and/or/not.
 */
public sealed interface PolicyCheck {

  /**
   * @param target the object's attributes ({@code project_id}, {@code user_id}) for {@code
   *     %(name)s}
   * @param rules named rules, for {@code rule:} checks; null when no such rule exists
   */
  boolean test(Credentials creds, Map<String, String> target, Function<String, PolicyCheck> rules);

  /** Who asks, as oslo.policy sees Manila's request context. Roles are lower case. */
  record Credentials(
      String userId, String projectId, Set<String> roles, boolean isAdmin, Boolean isAdminProject) {

    /** A credential attribute by oslo's name, as the string oslo compares ({@code str(value)}). */
    String attribute(String key) {
      return switch (key) {
        case "user_id" -> userId;
        case "project_id", "tenant_id", "tenant" -> projectId;
        case "is_admin" -> isAdmin ? "True" : "False";
        // keystonemiddleware reads a token without the field as an admin project
        case "is_admin_project" -> isAdminProject == null || isAdminProject ? "True" : "False";
        default -> null;
      };
    }
  }

  /** {@code @}: always passes. An empty check string means the same in oslo.policy. */
  record Always() implements PolicyCheck {
    @Override
    public boolean test(Credentials c, Map<String, String> t, Function<String, PolicyCheck> r) {
      return true;
    }

    @Override
    public String toString() {
      return "@";
    }
  }

  /** {@code !}: never passes. */
  record Never() implements PolicyCheck {
    @Override
    public boolean test(Credentials c, Map<String, String> t, Function<String, PolicyCheck> r) {
      return false;
    }

    @Override
    public String toString() {
      return "!";
    }
  }

  /**
   * {@code role:X}: the caller holds role X (case-insensitive, as oslo compares lower-cased names).
   */
  record Role(String role) implements PolicyCheck {
    @Override
    public boolean test(Credentials c, Map<String, String> t, Function<String, PolicyCheck> r) {
      String wanted = Substitution.apply(role, t);
      return wanted != null && c.roles().contains(wanted.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
      return "role:" + role;
    }
  }

  /** {@code rule:name}: another named rule; an unknown name fails, as in oslo.policy. */
  record Rule(String name) implements PolicyCheck {
    @Override
    public boolean test(Credentials c, Map<String, String> t, Function<String, PolicyCheck> r) {
      PolicyCheck named = r.apply(name);
      return named != null && named.test(c, t, r);
    }

    @Override
    public String toString() {
      return "rule:" + name;
    }
  }

  /**
   * {@code key:value}: the caller's attribute {@code key} equals {@code value} after {@code
   * %(name)s} is replaced from the target. A quoted or True/False key is a constant compared with
   * the value instead (oslo's {@code 'True':%(is_public)s} form). A target without the named
   * attribute fails the check.
   */
  record Generic(String key, String value) implements PolicyCheck {
    @Override
    public boolean test(Credentials c, Map<String, String> t, Function<String, PolicyCheck> r) {
      String expected = Substitution.apply(value, t);
      if (expected == null) {
        return false;
      }
      String constant = constant(key);
      String actual = constant != null ? constant : c.attribute(key);
      return expected.equals(actual);
    }

    private static String constant(String key) {
      if (key.length() >= 2
          && (key.charAt(0) == '\'' || key.charAt(0) == '"')
          && key.endsWith(key.substring(0, 1))) {
        return key.substring(1, key.length() - 1);
      }
      return key.equals("True") || key.equals("False") ? key : null;
    }

    @Override
    public String toString() {
      return key + ":" + value;
    }
  }

  record Not(PolicyCheck check) implements PolicyCheck {
    @Override
    public boolean test(Credentials c, Map<String, String> t, Function<String, PolicyCheck> r) {
      return !check.test(c, t, r);
    }

    @Override
    public String toString() {
      return "not " + check;
    }
  }

  record And(List<PolicyCheck> checks) implements PolicyCheck {
    @Override
    public boolean test(Credentials c, Map<String, String> t, Function<String, PolicyCheck> r) {
      return checks.stream().allMatch(check -> check.test(c, t, r));
    }

    @Override
    public String toString() {
      return "(" + String.join(" and ", checks.stream().map(Object::toString).toList()) + ")";
    }
  }

  record Or(List<PolicyCheck> checks) implements PolicyCheck {
    @Override
    public boolean test(Credentials c, Map<String, String> t, Function<String, PolicyCheck> r) {
      return checks.stream().anyMatch(check -> check.test(c, t, r));
    }

    @Override
    public String toString() {
      return "(" + String.join(" or ", checks.stream().map(Object::toString).toList()) + ")";
    }
  }

  /**
   * Python's {@code "..." % target} for {@code %(name)s} only; null when the target lacks a name.
   */
  final class Substitution {
    private static final Pattern NAME = Pattern.compile("%\\(([^)]+)\\)s");

    private Substitution() {}

    static String apply(String template, Map<String, String> target) {
      if (template.indexOf('%') < 0) {
        return template;
      }
      Matcher m = NAME.matcher(template);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String v = target.get(m.group(1));
        if (v == null) {
          return null;
        }
        m.appendReplacement(out, Matcher.quoteReplacement(v));
      }
      m.appendTail(out);
      return out.toString();
    }
  }
}
