package dev.sharesnap.api.v2;

import dev.sharesnap.api.microversion.Versions;
import dev.sharesnap.identity.RequestContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Version discovery. {@code GET /} answers 300 with the version list (python-manilaclient picks the
 * CURRENT entry); {@code GET /v2/} answers 200 with exactly one entry (gophercloud fails on more).
 */
@Tag(name = "versions", description = "Version discovery")
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class VersionResource {

  private final RequestContext ctx;

  public VersionResource(RequestContext ctx) {
    this.ctx = ctx;
  }

  @Operation(
      summary = "List API versions",
      description =
          "Unversioned: outside /v2 no microversion applies. Lists the one v2.0 API (CURRENT, "
              + "microversions 2.0 to 2.73); no identity needed.")
  @APIResponse(responseCode = "300", description = "{\"versions\": [...]}")
  @GET
  public Response root() {
    return Response.status(300).entity(Map.of("versions", List.of(v2()))).build();
  }

  @Operation(
      summary = "Show the v2 API version",
      description =
          "Microversions 2.0-2.73; the same document at each. No identity needed (a Keystone "
              + "token, if sent, must be valid).")
  @APIResponse(responseCode = "200", description = "{\"versions\": [one entry]}")
  @APIResponse(responseCode = "400", ref = "badRequest")
  @APIResponse(responseCode = "401", ref = "unauthorized")
  @APIResponse(responseCode = "406", ref = "notAcceptable")
  @GET
  @Path("v2")
  public Map<String, Object> v2Document() {
    return Map.of("versions", List.of(v2()));
  }

  private Map<String, Object> v2() {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", "v2.0");
    v.put("status", "CURRENT");
    v.put("version", Versions.MAX.toString());
    v.put("min_version", Versions.MIN.toString());
    v.put("updated", "2015-08-27T11:33:21Z");
    Map<String, Object> described = new LinkedHashMap<>();
    described.put("rel", "describedby");
    described.put("type", "text/html");
    described.put("href", "http://docs.openstack.org/");
    Map<String, Object> self = new LinkedHashMap<>();
    self.put("rel", "self");
    self.put("href", ctx.baseUrl() + "/v2/");
    v.put("links", List.of(described, self));
    Map<String, Object> media = new LinkedHashMap<>();
    media.put("base", "application/json");
    media.put("type", "application/vnd.openstack.share+json;version=1");
    v.put("media-types", List.of(media));
    return v;
  }
}
