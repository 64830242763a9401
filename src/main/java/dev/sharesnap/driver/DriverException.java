package dev.sharesnap.driver;

/**
 * A backend failure. Transient ones (a timeout, a busy backend) are retried with backoff by the
 * task pipeline; permanent ones end the operation in an error status with {@link #getMessage()}
 * kept as reason.
 */
public class DriverException extends RuntimeException {

  private final boolean transientFailure;

  public DriverException(String message, boolean transientFailure, Throwable cause) {
    super(message, cause);
    this.transientFailure = transientFailure;
  }

  public static DriverException permanent(String message) {
    return new DriverException(message, false, null);
  }

  public static DriverException transientFailure(String message, Throwable cause) {
    return new DriverException(message, true, cause);
  }

  public boolean isTransient() {
    return transientFailure;
  }
}
