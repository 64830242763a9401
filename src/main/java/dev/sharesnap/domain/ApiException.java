package dev.sharesnap.domain;

/**
 * The one base of every fault the API reports. It carries the HTTP status and Manila's message; the
 * fault name ({@code badRequest}, {@code itemNotFound}, ...) follows from the status, as in
 * Manila's wsgi.Fault.
 */
public class ApiException extends RuntimeException {

  private final int status;

  public ApiException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }

  public static ApiException badRequest(String message) {
    return new ApiException(400, message);
  }

  public static ApiException forbidden(String message) {
    return new ApiException(403, message);
  }

  /** Webob's default 403 text, used by Manila's decorator-style policy checks. */
  public static ApiException accessDenied() {
    return new ApiException(403, "Access was denied to this resource.");
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, message);
  }

  /** Webob's default 404 text. */
  public static ApiException notFound() {
    return new ApiException(404, "The resource could not be found.");
  }

  public static ApiException conflict(String message) {
    return new ApiException(409, message);
  }

  public static ApiException unprocessable(String message) {
    return new ApiException(422, message);
  }

  /** Webob's default 422 text, Manila's answer to a body without its entity key. */
  public static ApiException unprocessable() {
    return new ApiException(422, "Unable to process the contained instructions");
  }

  /** Manila's {@code Invalid*} family: "Invalid input received: ..." and friends. */
  public static ApiException invalidInput(String detail) {
    return new ApiException(400, "Invalid input received: " + detail);
  }
}
