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

/**
 * Version discovery. {@code GET /} answers 300 with the version list (python-manilaclient picks the
 * CURRENT entry); {@code GET /v2/} answers 200 with exactly one entry (gophercloud fails on more).
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class VersionResource {

  private final RequestContext ctx;

  public VersionResource(RequestContext ctx) {
    this.ctx = ctx;
  }

  @GET
  public Response root() {
    return Response.status(300).entity(Map.of("versions", List.of(v2()))).build();
  }

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
