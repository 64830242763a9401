package dev.sharesnap.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The token cache: per-entry deadlines, negative entries, the size bound, no token kept in clear.
 */
class TokenCacheTest {

  private final AtomicLong now = new AtomicLong(1_000);
  private final Caller alice = new Caller("alice", "p1", Set.of("member"));

  @Test
  void entry_livesUntilItsOwnDeadline() {
    TokenCache cache = new TokenCache(10, now::get);
    cache.put("short", alice, 100);
    cache.put("long", alice, 1_000);
    now.addAndGet(100);
    assertNull(cache.get("short"));
    assertEquals(alice, cache.get("long").caller());
    now.addAndGet(900);
    assertNull(cache.get("long"));
  }

  @Test
  void invalidToken_isCachedWithoutACaller_andNonPositiveTtlKeepsNothing() {
    TokenCache cache = new TokenCache(10, now::get);
    cache.put("garbage", null, 50);
    assertNotNull(cache.get("garbage"));
    assertNull(cache.get("garbage").caller());
    cache.put("expiring", alice, 0);
    assertNull(cache.get("expiring"));
  }

  @Test
  void full_dropsExpiredFirst_thenEverything() {
    TokenCache cache = new TokenCache(2, now::get);
    cache.put("a", alice, 10);
    cache.put("b", alice, 1_000);
    now.addAndGet(20);
    cache.put("c", alice, 1_000);
    assertEquals(2, cache.size());
    assertNotNull(cache.get("b"));
    cache.put("d", alice, 1_000);
    assertEquals(1, cache.size());
    assertNotNull(cache.get("d"));
  }

  @Test
  void keys_areHashes() {
    assertEquals(64, TokenCache.hash("gAAAAAB-secret").length());
    assertEquals(TokenCache.hash("x"), TokenCache.hash("x"));
  }
}
