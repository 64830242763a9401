package dev.sharesnap.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class RetentionTest {

  private static final LocalDateTime NOW = LocalDateTime.of(2030, 1, 1, 12, 0);
  private static final LocalDateTime LATER = NOW.plusDays(1);
  private static final LocalDateTime MUCH_LATER = NOW.plusDays(30);

  @Test
  void checkChange_toThePastOrNow_isBadRequest_evenForAnAdmin() {
    assertEquals(400, assertThrows(ApiException.class, () -> check(null, NOW, true)).status());
    assertEquals(
        400,
        assertThrows(ApiException.class, () -> check(null, NOW.minusSeconds(1), true)).status());
  }

  @Test
  void checkChange_settingOrExtending_isAllowedToAMember() {
    check(null, LATER, false);
    check(LATER, MUCH_LATER, false);
    check(LATER, LATER, false);
  }

  @Test
  void checkChange_shorteningOrRemoving_isForbiddenToAMember_andAllowedToAnAdmin() {
    assertEquals(
        403, assertThrows(ApiException.class, () -> check(MUCH_LATER, LATER, false)).status());
    assertEquals(403, assertThrows(ApiException.class, () -> check(LATER, null, false)).status());
    check(MUCH_LATER, LATER, true);
    check(LATER, null, true);
  }

  @Test
  void checkChange_ofARetentionThatAlreadyPassed_isNotShortening() {
    check(NOW.minusDays(1), null, false);
    check(NOW.minusDays(1), LATER, false);
  }

  @Test
  void holds_onlyBeforeKeptUntil() {
    assertTrue(Retention.holds(LATER, NOW));
    assertFalse(Retention.holds(NOW, NOW));
    assertFalse(Retention.holds(null, NOW));
  }

  private static void check(LocalDateTime current, LocalDateTime wanted, boolean admin) {
    Retention.checkChange(current, wanted, admin, NOW);
  }
}
