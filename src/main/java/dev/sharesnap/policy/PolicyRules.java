package dev.sharesnap.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The named rules in force: Manila's base rules and the defaults of every {@link Rule}, overridden
 * by an operator's policy file. Parsed once; a reference loop ({@code a: rule:b}, {@code b:
 * rule:a}) is refused up front, since oslo.policy would only find it as a recursion error on some
 * request.
 */
public final class PolicyRules {

  /**
   * Manila's base rules (manila/policies/base.py). {@code is_admin} is the caller's {@code
   * context_is_admin} result, as Manila's RequestContext computes it.
   */
  public static final Map<String, String> BASE =
      Map.of(
          "context_is_admin", "role:admin",
          "admin_or_owner", "is_admin:True or project_id:%(project_id)s",
          "default", "rule:admin_or_owner",
          "admin_api", "is_admin:True");

  private final Map<String, PolicyCheck> rules;
  private final Map<String, String> sources;

  private PolicyRules(Map<String, PolicyCheck> rules, Map<String, String> sources) {
    this.rules = rules;
    this.sources = sources;
  }

  /** Manila's defaults. */
  public static PolicyRules defaults() {
    return withOverrides(Map.of());
  }

  /**
   * Manila's defaults with {@code overrides} (rule name → check string) replacing or adding rules.
   */
  public static PolicyRules withOverrides(Map<String, String> overrides) {
    Map<String, String> sources = new LinkedHashMap<>(BASE);
    for (Rule r : Rule.values()) {
      sources.put(r.policyName(), r.defaultCheck());
    }
    sources.putAll(overrides);
    Map<String, PolicyCheck> parsed = new LinkedHashMap<>();
    sources.forEach(
        (name, check) -> {
          try {
            parsed.put(name, PolicyParser.parse(check));
          } catch (PolicyFileException e) {
            throw new PolicyFileException("rule \"" + name + "\": " + e.getMessage());
          }
        });
    PolicyRules out = new PolicyRules(Map.copyOf(parsed), Map.copyOf(sources));
    out.refuseLoops();
    return out;
  }

  public boolean check(String name, PolicyCheck.Credentials creds, Map<String, String> target) {
    PolicyCheck rule = rules.get(name);
    return rule != null && rule.test(creds, target, rules::get);
  }

  /** The check string of a rule in force, or null. */
  public String source(String name) {
    return sources.get(name);
  }

  /**
   * {@code rule:} references to names that no rule defines (they always fail, as in oslo.policy).
   */
  public List<String> dangling() {
    List<String> out = new ArrayList<>();
    rules.forEach(
        (name, check) ->
            references(check).stream()
                .filter(ref -> !rules.containsKey(ref))
                .forEach(ref -> out.add(name + " -> rule:" + ref)));
    return out;
  }

  private void refuseLoops() {
    Set<String> done = new HashSet<>();
    for (String name : rules.keySet()) {
      visit(name, new ArrayList<>(), done);
    }
  }

  private void visit(String name, List<String> path, Set<String> done) {
    if (done.contains(name) || !rules.containsKey(name)) {
      return;
    }
    if (path.contains(name)) {
      List<String> loop = new ArrayList<>(path.subList(path.indexOf(name), path.size()));
      loop.add(name);
      throw new PolicyFileException(
          "rules refer to each other in a loop: " + String.join(" -> ", loop));
    }
    path.add(name);
    for (String ref : references(rules.get(name))) {
      visit(ref, path, done);
    }
    path.remove(path.size() - 1);
    done.add(name);
  }

  private static List<String> references(PolicyCheck check) {
    List<String> out = new ArrayList<>();
    collect(check, out);
    return out;
  }

  private static void collect(PolicyCheck check, List<String> out) {
    if (check instanceof PolicyCheck.Rule r) {
      out.add(r.name());
    } else if (check instanceof PolicyCheck.Not n) {
      collect(n.check(), out);
    } else if (check instanceof PolicyCheck.And a) {
      a.checks().forEach(c -> collect(c, out));
    } else if (check instanceof PolicyCheck.Or o) {
      o.checks().forEach(c -> collect(c, out));
    }
  }
}
