package dev.sharesnap.api.v2;

import dev.sharesnap.identity.RequestContext;
import dev.sharesnap.service.QuotaService;
import dev.sharesnap.service.ShareTypeService;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /v2/os-quota-sets/{project_id}}: the quota-sets routes under their name before 2.7. */
@Tag(name = "quota sets", description = "Project quotas (Manila's quota_sets API)")
@Path("/v2/os-quota-sets/{project}")
public class OsQuotaSetResource extends QuotaSetResource {

  public OsQuotaSetResource(QuotaService service, ShareTypeService types, RequestContext ctx) {
    super(service, types, ctx);
  }

  @Override
  protected boolean legacyRoute() {
    return true;
  }
}
