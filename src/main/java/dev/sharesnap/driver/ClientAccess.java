package dev.sharesnap.driver;

/**
 * What a backend made of one client grant of {@link ShareDriver#updateClientAccess}: the client's
 * secret ({@code accessKey}, e.g. its cephx key, shown as the rule's access_key) when it was
 * admitted, or the {@code error} that refused it (the rule ends in error with that reason; the
 * others are unaffected).
 */
public record ClientAccess(String accessTo, String accessKey, String error) {

  public static ClientAccess granted(String accessTo, String accessKey) {
    return new ClientAccess(accessTo, accessKey, null);
  }

  public static ClientAccess refused(String accessTo, String error) {
    return new ClientAccess(accessTo, null, error);
  }

  public boolean isGranted() {
    return error == null;
  }
}
