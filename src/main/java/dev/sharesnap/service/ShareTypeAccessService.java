package dev.sharesnap.service;

import dev.sharesnap.domain.ApiException;
import dev.sharesnap.domain.ShareType;
import dev.sharesnap.identity.Caller;
import dev.sharesnap.persistence.ShareTypeAccessRepository;
import dev.sharesnap.policy.PolicyEnforcer;
import dev.sharesnap.policy.Rule;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Access lists of private share types (Manila's share_type_access): admins grant a project the use
 * of a private type; public types have no list (404 to read it, 409 to change it).
 */
@ApplicationScoped
public class ShareTypeAccessService {

  private static final Logger LOG = Logger.getLogger(ShareTypeAccessService.class);

  private final ShareTypeService types;
  private final ShareTypeAccessRepository access;
  private final Pool pool;
  private final PolicyEnforcer policy;

  public ShareTypeAccessService(
      ShareTypeService types, ShareTypeAccessRepository access, Pool pool, PolicyEnforcer policy) {
    this.types = types;
    this.access = access;
    this.pool = pool;
    this.policy = policy;
  }

  /** The type and the projects on its list. */
  public record AccessList(ShareType type, List<String> projects) {}

  public Uni<AccessList> list(Caller caller, String typeId) {
    policy.authorize(caller, Rule.SHARE_TYPE_LIST_PROJECT_ACCESS);
    ApiException notFound = ApiException.notFound("Share type " + typeId + " not found.");
    return types
        .byId(Ids.parse(typeId, notFound))
        .onFailure(ApiException.class)
        .transform(e -> notFound)
        .invoke(
            t -> {
              if (t.isPublic()) {
                throw ApiException.notFound("Access list not available for public share types.");
              }
            })
        .chain(t -> access.projects(pool, t.id()).map(p -> new AccessList(t, p)));
  }

  /** addProjectAccess: policy, body, then the type (a public one is a 409). */
  public Uni<Void> add(Caller caller, String typeId, Supplier<String> project) {
    policy.authorize(caller, Rule.SHARE_TYPE_ADD_PROJECT_ACCESS);
    String projectId = project.get();
    return change(
        typeId,
        id -> access.add(pool, id, projectId),
        () ->
            ApiException.conflict(
                "Share type access for "
                    + typeId
                    + " / "
                    + projectId
                    + " combination already exists."),
        "granted to project " + projectId);
  }

  public Uni<Void> remove(Caller caller, String typeId, Supplier<String> project) {
    policy.authorize(caller, Rule.SHARE_TYPE_REMOVE_PROJECT_ACCESS);
    String projectId = project.get();
    return change(
        typeId,
        id -> access.remove(pool, id, projectId),
        () ->
            ApiException.notFound(
                "Share type access not found for " + typeId + " / " + projectId + " combination."),
        "of project " + projectId + " removed");
  }

  /** One access row added or removed; {@code unchanged} when there was nothing to do. */
  private Uni<Void> change(
      String typeId,
      Function<UUID, Uni<Boolean>> step,
      Supplier<ApiException> unchanged,
      String done) {
    return privateType(typeId)
        .chain(id -> step.apply(id))
        .invoke(
            changed -> {
              if (!changed) {
                throw unchanged.get();
              }
              LOG.infof("share type %s: access %s", typeId, done);
            })
        .replaceWithVoid();
  }

  private Uni<UUID> privateType(String typeId) {
    return types
        .byId(Ids.parse(typeId, ShareTypeService.notFound(typeId)))
        .map(
            t -> {
              if (t.isPublic()) {
                throw ApiException.conflict(
                    "Type access modification is not applicable to public share type.");
              }
              return t.id();
            });
  }
}
