package dev.sharesnap.policy;

/**
 * A policy file or check string that cannot be used; thrown at start, so the service does not come
 * up.
 */
public class PolicyFileException extends RuntimeException {

  public PolicyFileException(String message) {
    super(message);
  }

  public PolicyFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
