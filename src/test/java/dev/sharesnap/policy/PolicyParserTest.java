package dev.sharesnap.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sharesnap.policy.PolicyCheck.Credentials;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** oslo.policy's check language: what parses to what, how it evaluates, and what is refused. */
class PolicyParserTest {

  private static final Map<String, String> OWN = Map.of("project_id", "p1", "user_id", "u1");
  private static final Map<String, String> OTHER = Map.of("project_id", "p2", "user_id", "u2");

  private static boolean eval(String check, Credentials creds, Map<String, String> target) {
    return PolicyParser.parse(check).test(creds, target, name -> null);
  }

  private static Credentials user(String... roles) {
    return new Credentials("u1", "p1", Set.of(roles), false, null);
  }

  @ParameterizedTest(name = "\"{0}\" parses as {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "@ | @",
        "! | !",
        "role:admin | role:admin",
        "rule:context_is_admin | rule:context_is_admin",
        "project_id:%(project_id)s | project_id:%(project_id)s",
        "role:a or role:b and role:c | (role:a or (role:b and role:c))",
        "(role:a or role:b) and role:c | ((role:a or role:b) and role:c)",
        "not role:a and role:b | (not role:a and role:b)",
        "not (role:a or role:b) | not (role:a or role:b)",
        "((role:a)) | role:a",
        "role:a OR role:b AND NOT role:c | (role:a or (role:b and not role:c))",
        "rule:context_is_admin or (role:member and project_id:%(project_id)s) | (rule:context_is_admin or (role:member and project_id:%(project_id)s))"
      })
  void parse_validCheckString_buildsTreeWithOsloPrecedence(String text, String tree) {
    assertEquals(tree, PolicyParser.parse(text).toString());
  }

  @ParameterizedTest(name = "\"{0}\" is refused")
  @ValueSource(
      strings = {
        "role:a and",
        "or role:a",
        "(role:a or role:b",
        "role:a)",
        "role:a role:b",
        "admin",
        "role:",
        ":x",
        "not",
        "()",
        "http://example.org/check"
      })
  void parse_badSyntax_throwsWithTheCheckString(String text) {
    PolicyFileException e = assertThrows(PolicyFileException.class, () -> PolicyParser.parse(text));
    assertTrue(e.getMessage().contains(text), e.getMessage());
  }

  @ParameterizedTest(name = "empty \"{0}\" always passes")
  @ValueSource(strings = {"", "  "})
  void parse_emptyString_alwaysPasses(String text) {
    assertTrue(eval(text, user(), OWN));
  }

  @ParameterizedTest(name = "{0} with roles [{1}] on {2} project → {3}")
  @CsvSource({
    "role:admin, admin, own, true",
    "role:admin, member, own, false",
    "role:ADMIN, admin, own, true",
    "role:member and project_id:%(project_id)s, member, own, true",
    "role:member and project_id:%(project_id)s, member, other, false",
    "user_id:%(user_id)s, reader, own, true",
    "user_id:%(user_id)s, reader, other, false",
    "not role:reader, reader, own, false",
    "not role:reader, member, own, true",
    "@, '', other, true",
    "!, admin, own, false",
    "project_id:p1, '', other, true",
    "project_id:p2, '', other, false",
    "\"p1\":%(project_id)s, '', own, true",
    "True:%(missing)s, '', own, false",
    "is_admin:True, admin, own, false",
    "is_admin:False, admin, own, true",
    "system_scope:all, admin, own, false"
  })
  void evaluate_checkAgainstCredentialsAndTarget(
      String check, String roles, String target, boolean expected) {
    Credentials creds = user(roles.isEmpty() ? new String[0] : roles.split(" "));
    assertEquals(expected, eval(check, creds, target.equals("own") ? OWN : OTHER));
  }

  @ParameterizedTest(name = "is_admin:True for is_admin={0} → {0}")
  @ValueSource(booleans = {true, false})
  void evaluate_isAdminCheck_readsTheContextFlag(boolean isAdmin) {
    Credentials creds = new Credentials("u1", "p1", Set.of(), isAdmin, null);
    assertEquals(isAdmin, eval("is_admin:True", creds, OWN));
  }

  @ParameterizedTest(name = "is_admin_project:True with token field {0} → {1}")
  @CsvSource(
      value = {"true, true", "false, false", "null, true"},
      nullValues = "null")
  void evaluate_isAdminProject_missingFieldCountsAsTrue(Boolean field, boolean expected) {
    Credentials creds = new Credentials("u1", "p1", Set.of(), false, field);
    assertEquals(expected, eval("is_admin_project:True", creds, OWN));
  }
}
