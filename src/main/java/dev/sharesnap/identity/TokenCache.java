package dev.sharesnap.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Validated tokens (the caller) and invalid ones (no caller), each until its own deadline. A small
 * bounded map rather than quarkus-cache: Caffeine's cache there has one expiry for every entry,
 * while an entry here must end with its token (or the configured TTL, whichever is sooner). Keys
 * are SHA-256 hashes, so no token stays in memory in clear, as keystonemiddleware does. When full,
 * expired entries go first, then everything: the worst case is one extra Keystone call per caller.
 */
public final class TokenCache {

  /** A cached answer: the caller, or null for a token Keystone refused. */
  public record Entry(Caller caller) {}

  private record Timed(Entry entry, long deadlineNanos) {}

  private final Map<String, Timed> entries = new ConcurrentHashMap<>();
  private final int maxSize;
  private final LongSupplier nanoClock;

  public TokenCache(int maxSize, LongSupplier nanoClock) {
    this.maxSize = maxSize;
    this.nanoClock = nanoClock;
  }

  /** The live entry for {@code token}, or null. */
  public Entry get(String token) {
    String key = hash(token);
    Timed t = entries.get(key);
    if (t == null) {
      return null;
    }
    if (t.deadlineNanos() - nanoClock.getAsLong() <= 0) {
      entries.remove(key, t);
      return null;
    }
    return t.entry();
  }

  /**
   * Keeps {@code caller} (null: invalid) for {@code ttlNanos}; a non-positive TTL keeps nothing.
   */
  public void put(String token, Caller caller, long ttlNanos) {
    if (ttlNanos <= 0) {
      return;
    }
    long now = nanoClock.getAsLong();
    if (entries.size() >= maxSize) {
      entries.values().removeIf(t -> t.deadlineNanos() - now <= 0);
      if (entries.size() >= maxSize) {
        entries.clear();
      }
    }
    entries.put(hash(token), new Timed(new Entry(caller), now + ttlNanos));
  }

  public void forget(String token) {
    entries.remove(hash(token));
  }

  public int size() {
    return entries.size();
  }

  static String hash(String token) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
