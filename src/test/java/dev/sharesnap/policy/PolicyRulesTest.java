package dev.sharesnap.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharesnap.config.PolicyConfig;
import dev.sharesnap.domain.ApiException;
import dev.sharesnap.identity.Caller;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Manila's default rules, operator overrides, the policy file and the enforcer's two denial styles.
 */
class PolicyRulesTest {

  private static final Caller ADMIN = new Caller("a", "p1", Set.of("admin"));
  private static final Caller MEMBER = new Caller("m", "p1", Set.of("member"));
  private static final Caller READER = new Caller("r", "p1", Set.of("reader"));
  private static final Caller NOBODY = new Caller("n", "p1", Set.of());

  @TempDir Path dir;

  private static Caller who(String name) {
    return switch (name) {
      case "admin" -> ADMIN;
      case "member" -> MEMBER;
      case "reader" -> READER;
      default -> NOBODY;
    };
  }

  @ParameterizedTest(name = "default {0}: {1} on own project → {2}, on another → {3}")
  @CsvSource({
    "SNAPSHOT_GET, reader, true, false",
    "SNAPSHOT_GET, member, true, false",
    "SNAPSHOT_GET, none, false, false",
    "SNAPSHOT_CREATE, member, true, false",
    "SNAPSHOT_CREATE, reader, false, false",
    "SNAPSHOT_FORCE_DELETE, member, false, false",
    "SNAPSHOT_FORCE_DELETE, admin, true, true",
    "SNAPSHOT_GET_ALL, admin, true, true",
    "QUOTA_SET_SHOW, reader, true, false",
    "QUOTA_SET_UPDATE, member, false, false"
  })
  void defaults_matchManilaPersonas(Rule rule, String caller, boolean own, boolean other) {
    PolicyEnforcer enforcer = new PolicyEnforcer(PolicyRules.defaults());
    Caller c = who(caller).withAdmin(enforcer.isAdmin(who(caller)));
    assertEquals(own, enforcer.allows(c, rule, "p1"));
    assertEquals(other, enforcer.allows(c, rule, "p2"));
  }

  @Test
  void override_letsMembersForceDelete_andForbidsReadersListing() {
    PolicyEnforcer enforcer =
        new PolicyEnforcer(
            PolicyRules.withOverrides(
                Map.of(
                    "share_snapshot:force_delete",
                        "rule:admin_api or (role:member and project_id:%(project_id)s)",
                    "share_snapshot:get_all_snapshots",
                        "rule:context_is_admin or (role:member and project_id:%(project_id)s)")));
    assertTrue(enforcer.allows(MEMBER, Rule.SNAPSHOT_FORCE_DELETE, "p1"));
    assertFalse(enforcer.allows(MEMBER, Rule.SNAPSHOT_FORCE_DELETE, "p2"));
    assertFalse(enforcer.allows(READER, Rule.SNAPSHOT_GET_ALL, "p1"));
    assertTrue(enforcer.allows(READER, Rule.SNAPSHOT_GET, "p1"));
  }

  @Test
  void override_contextIsAdmin_changesWhoIsAdmin() {
    PolicyEnforcer enforcer =
        new PolicyEnforcer(
            PolicyRules.withOverrides(Map.of("context_is_admin", "role:cloud-admin")));
    assertFalse(enforcer.isAdmin(ADMIN));
    Caller cloudAdmin = new Caller("c", "p1", Set.of("cloud-admin"));
    assertTrue(enforcer.isAdmin(cloudAdmin));
    assertTrue(enforcer.allows(cloudAdmin.withAdmin(true), Rule.SNAPSHOT_RESET_STATUS, "p2"));
  }

  @Test
  void override_customAliasRule_isUsableThroughRule() {
    PolicyRules rules =
        PolicyRules.withOverrides(
            Map.of(
                "owner", "project_id:%(project_id)s",
                "share:create_snapshot", "rule:owner and not role:auditor"));
    PolicyEnforcer enforcer = new PolicyEnforcer(rules);
    assertTrue(enforcer.allows(NOBODY, Rule.SNAPSHOT_CREATE, "p1"));
    assertFalse(
        enforcer.allows(new Caller("x", "p1", Set.of("auditor")), Rule.SNAPSHOT_CREATE, "p1"));
  }

  @Test
  void override_alwaysAndNever() {
    PolicyEnforcer enforcer =
        new PolicyEnforcer(
            PolicyRules.withOverrides(
                Map.of("share_snapshot:get_snapshot", "!", "share_snapshot:reset_status", "@")));
    assertFalse(enforcer.allows(ADMIN, Rule.SNAPSHOT_GET, "p1"));
    assertTrue(enforcer.allows(NOBODY, Rule.SNAPSHOT_RESET_STATUS, "p2"));
  }

  @Test
  void withOverrides_loop_isRefusedNamingTheLoop() {
    PolicyFileException e =
        assertThrows(
            PolicyFileException.class,
            () -> PolicyRules.withOverrides(Map.of("a", "rule:b", "b", "role:x or rule:a")));
    assertTrue(e.getMessage().contains("loop"), e.getMessage());
  }

  @Test
  void withOverrides_badCheck_namesTheRule() {
    PolicyFileException e =
        assertThrows(
            PolicyFileException.class,
            () -> PolicyRules.withOverrides(Map.of("share:create_snapshot", "role:member and")));
    assertTrue(
        e.getMessage().startsWith("rule \"share:create_snapshot\": bad check string"),
        e.getMessage());
  }

  @Test
  void dangling_listsReferencesToUndefinedRules() {
    assertEquals(
        List.of("x -> rule:nope"), PolicyRules.withOverrides(Map.of("x", "rule:nope")).dangling());
    assertTrue(PolicyRules.defaults().dangling().isEmpty());
  }

  @Test
  void authorize_denials_keepManilasTwoMessages() {
    PolicyEnforcer enforcer = new PolicyEnforcer(PolicyRules.defaults());
    ApiException decorator =
        assertThrows(
            ApiException.class, () -> enforcer.authorize(MEMBER, Rule.SNAPSHOT_RESET_STATUS));
    assertEquals("Access was denied to this resource.", decorator.getMessage());
    ApiException direct =
        assertThrows(ApiException.class, () -> enforcer.authorize(READER, Rule.SNAPSHOT_CREATE));
    assertEquals(
        "Policy doesn't allow share:create_snapshot to be performed.", direct.getMessage());
    assertEquals(403, direct.status());
  }

  @Test
  void enforcer_badPolicyFile_failsAtConstructionNamingFileAndRule() throws IOException {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(file, "share:get: \"role:reader or\"\n");
    PolicyConfig config = () -> Optional.of(file);
    PolicyFileException e =
        assertThrows(PolicyFileException.class, () -> new PolicyEnforcer(config));
    assertEquals(
        "policy file "
            + file
            + ": rule \"share:get\": bad check string \"role:reader or\": a check is missing after 'or'",
        e.getMessage());
  }

  @Test
  void read_yamlWithCommentsAndEmptyValue() throws IOException {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(
        file,
        "# operator overrides\n\"share_snapshot:force_delete\": \"rule:admin_api\"\nshare:get:\n");
    assertEquals(
        Map.of("share_snapshot:force_delete", "rule:admin_api", "share:get", ""),
        PolicyFile.read(file));
  }

  @Test
  void read_json_works() throws IOException {
    Path file = dir.resolve("policy.json");
    Files.writeString(file, "{\"share:get\": \"role:reader\"}");
    assertEquals(Map.of("share:get", "role:reader"), PolicyFile.read(file));
  }

  @Test
  void read_badFiles_failWithThePath() throws IOException {
    Path list = dir.resolve("list.yaml");
    Files.writeString(list, "- role:admin\n");
    Path number = dir.resolve("number.yaml");
    Files.writeString(number, "share:get: 3\n");
    Path broken = dir.resolve("broken.yaml");
    Files.writeString(broken, "share:get: \"unclosed\n");
    for (Path p : List.of(list, number, broken, dir.resolve("missing.yaml"))) {
      PolicyFileException e = assertThrows(PolicyFileException.class, () -> PolicyFile.read(p));
      assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
    }
  }
}
