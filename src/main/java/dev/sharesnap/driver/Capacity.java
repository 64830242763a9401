package dev.sharesnap.driver;

/** A backend's size in GiB; null when it cannot tell (Manila then reports "unknown"). */
public record Capacity(Long totalGiB, Long freeGiB) {

  public static Capacity unknown() {
    return new Capacity(null, null);
  }
}
