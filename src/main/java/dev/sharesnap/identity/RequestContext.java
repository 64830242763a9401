package dev.sharesnap.identity;

import dev.sharesnap.api.microversion.ApiVersion;
import dev.sharesnap.api.microversion.Versions;
import jakarta.enterprise.context.RequestScoped;

/**
 * Per-request facts set by the API filters before a resource runs: request id, caller, microversion
 * and the URL shape (whether the project id was in the path, the base URL) that links are built
 * from.
 */
@RequestScoped
public class RequestContext {

  private String requestId;
  private Caller caller;
  private ApiVersion version = Versions.MIN;
  private boolean versioned;
  private String baseUrl = "";
  private boolean projectInUrl;
  private boolean extensions;

  private boolean experimental;

  public String requestId() {
    return requestId;
  }

  public void requestId(String requestId) {
    this.requestId = requestId;
  }

  public Caller caller() {
    return caller;
  }

  public void caller(Caller caller) {
    this.caller = caller;
  }

  public ApiVersion version() {
    return version;
  }

  public void version(ApiVersion version) {
    this.version = version;
    this.versioned = true;
  }

  /** Whether the response carries the version headers (every /v2 request whose version parsed). */
  public boolean versioned() {
    return versioned;
  }

  public String baseUrl() {
    return baseUrl;
  }

  public void baseUrl(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** Whether the request was marked {@code X-OpenStack-Manila-API-Experimental: true}. */
  public boolean experimental() {
    return experimental;
  }

  public void experimental(boolean experimental) {
    this.experimental = experimental;
  }

  public boolean projectInUrl() {
    return projectInUrl;
  }

  public void projectInUrl(boolean projectInUrl) {
    this.projectInUrl = projectInUrl;
  }

  /**
   * Whether the caller opted in to sharesnap's extensions ({@code X-Sharesnap-Extensions: true}):
   * extension fields in views and extension keys in bodies. Without it every answer is Manila's.
   */
  public boolean extensions() {
    return extensions;
  }

  public void extensions(boolean extensions) {
    this.extensions = extensions;
  }
}
