package dev.sharesnap.service;

import dev.sharesnap.domain.ApiException;
import dev.sharesnap.domain.ShareGroupType;
import dev.sharesnap.domain.ShareType;
import dev.sharesnap.identity.Caller;
import dev.sharesnap.persistence.Clock;
import dev.sharesnap.persistence.ShareGroupTypeRepository;
import dev.sharesnap.policy.PolicyEnforcer;
import dev.sharesnap.policy.Rule;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Share group types (admin-managed): which share types a group may hold, group specs, and which
 * projects may use a private type. No state on a backend, so no tasks.
 */
@ApplicationScoped
public class ShareGroupTypeService {

  private static final Logger LOG = Logger.getLogger(ShareGroupTypeService.class);

  private final Pool pool;
  private final ShareGroupTypeRepository types;
  private final ShareTypeService shareTypes;
  private final PolicyEnforcer policy;

  public ShareGroupTypeService(
      Pool pool,
      ShareGroupTypeRepository types,
      ShareTypeService shareTypes,
      PolicyEnforcer policy) {
    this.pool = pool;
    this.types = types;
    this.shareTypes = shareTypes;
    this.policy = policy;
  }

  /** A create request as the edge validated it; share types by name or id. */
  public record NewGroupType(
      String name, List<String> shareTypes, Map<String, String> groupSpecs, boolean isPublic) {}

  /** Which types a list shows: Manila's is_public filter (admins only; others see "public"). */
  public enum Visibility {
    PUBLIC,
    PRIVATE,
    ALL
  }

  public Uni<List<ShareGroupType>> list(Caller caller, Visibility requested) {
    policy.authorize(caller, Rule.SHARE_GROUP_TYPE_INDEX);
    Visibility v = caller.isAdmin() ? requested : Visibility.PUBLIC;
    // public: the public types plus the private ones the caller's project was given
    String project = v == Visibility.PUBLIC ? caller.projectId() : null;
    return types.list(pool, project, v == Visibility.PRIVATE ? Boolean.FALSE : null);
  }

  public Uni<ShareGroupType> show(Caller caller, String id) {
    policy.authorize(caller, Rule.SHARE_GROUP_TYPE_SHOW);
    return visible(caller, id, "Share group type with id " + id + " not found.");
  }

  /** sharesnap configures no default share group type, as Manila without one. */
  public Uni<ShareGroupType> defaultType(Caller caller) {
    policy.authorize(caller, Rule.SHARE_GROUP_TYPE_DEFAULT);
    return Uni.createFrom().failure(ApiException.notFound("Default share group type not found."));
  }

  /**
   * The type {@code id} if the caller may use it (public, admin, or its project has access); else a
   * 404 with {@code message}.
   */
  public Uni<ShareGroupType> visible(Caller caller, String id, String message) {
    ApiException notFound = ApiException.notFound(message);
    UUID uuid = Ids.parse(id, notFound);
    return types
        .findById(pool, uuid)
        .onItem()
        .ifNull()
        .failWith(notFound)
        .call(
            t ->
                t.isPublic() || caller.isAdmin()
                    ? Uni.createFrom().voidItem()
                    : types
                        .hasAccess(pool, t.id(), caller.projectId())
                        .invoke(
                            ok -> {
                              if (!ok) {
                                throw notFound;
                              }
                            }));
  }

  public Uni<ShareGroupType> create(Caller caller, Supplier<NewGroupType> request) {
    policy.authorize(caller, Rule.SHARE_GROUP_TYPE_CREATE);
    NewGroupType req = request.get();
    return Multi.createFrom()
        .iterable(req.shareTypes())
        .onItem()
        .transformToUniAndConcatenate(name -> shareTypes.resolve(caller, name))
        .map(ShareType::id)
        .collect()
        .asList()
        .map(ids -> newType(req, ids))
        .call(this::insertUnique)
        .invoke(t -> LOG.infof("share group type %s (%s) created", t.id(), t.name()));
  }

  private static ShareGroupType newType(NewGroupType req, List<UUID> ids) {
    return new ShareGroupType(
        UUID.randomUUID(),
        req.name(),
        req.isPublic(),
        req.groupSpecs(),
        ids.stream().distinct().toList(),
        Clock.now());
  }

  private Uni<Void> insertUnique(ShareGroupType t) {
    return pool.withTransaction(
        tx ->
            types
                .findByName(tx, t.name())
                .invoke(
                    existing -> {
                      if (existing != null) {
                        throw ApiException.conflict(
                            "Share group type " + t.name() + " already exists.");
                      }
                    })
                .chain(() -> types.insert(tx, t)));
  }

  public Uni<Void> delete(Caller caller, String id) {
    policy.authorize(caller, Rule.SHARE_GROUP_TYPE_DELETE);
    return visible(caller, id, "Share group type " + id + " could not be found.")
        .chain(t -> types.deleteUnused(pool, t.id()))
        .invoke(
            deleted -> {
              if (!deleted) {
                throw ApiException.badRequest(
                    "Target share group type with id " + id + " is still in use.");
              }
            })
        .replaceWithVoid();
  }

  public Uni<List<String>> accessList(Caller caller, String id) {
    policy.authorize(caller, Rule.SHARE_GROUP_TYPE_LIST_ACCESS);
    return visible(caller, id, "Share group type " + id + " not found.")
        .invoke(
            t -> {
              if (t.isPublic()) {
                throw ApiException.notFound(
                    "Access list not available for public share group types.");
              }
            })
        .chain(t -> types.projects(pool, t.id()));
  }

  /** addProjectAccess ({@code add}) or removeProjectAccess. */
  public Uni<Void> changeAccess(Caller caller, String id, Supplier<String> project, boolean add) {
    policy.authorize(
        caller, add ? Rule.SHARE_GROUP_TYPE_ADD_ACCESS : Rule.SHARE_GROUP_TYPE_REMOVE_ACCESS);
    String projectId = project.get();
    return visible(caller, id, "Share group type " + id + " could not be found.")
        .invoke(
            t -> {
              if (t.isPublic()) {
                throw ApiException.conflict(
                    "Type access modification is not applicable to public share group type.");
              }
            })
        .chain(
            t ->
                add
                    ? types.addProject(pool, t.id(), projectId)
                    : types.removeProject(pool, t.id(), projectId))
        .invoke(
            changed -> {
              if (!changed) {
                throw accessFault(id, projectId, add);
              }
            })
        .replaceWithVoid();
  }

  private static ApiException accessFault(String id, String project, boolean add) {
    String combination = id + " / " + project + " combination";
    return add
        ? ApiException.conflict("Share group type access for " + combination + " already exists.")
        : ApiException.notFound("Share group type access not found for " + combination + ".");
  }

  public Uni<Map<String, String>> groupSpecs(Caller caller, String id) {
    policy.authorize(caller, Rule.SHARE_GROUP_TYPE_SPEC_INDEX);
    return visible(caller, id, "Share group type " + id + " could not be found.")
        .map(ShareGroupType::groupSpecs);
  }

  /** One group spec ({@code GET .../group-specs/{key}}). */
  public Uni<String> groupSpec(Caller caller, String id, String key) {
    policy.authorize(caller, Rule.SHARE_GROUP_TYPE_SPEC_SHOW);
    return visible(caller, id, "Share group type " + id + " could not be found.")
        .map(
            t -> {
              if (!t.groupSpecs().containsKey(key)) {
                throw noSpec(id, key);
              }
              return t.groupSpecs().get(key);
            });
  }

  private static ApiException noSpec(String id, String key) {
    return ApiException.notFound(
        "Share group type " + id + " has no group specs with key " + key + ".");
  }

  /** Adds or replaces the given specs; answers what was sent, as Manila does. */
  public Uni<Map<String, String>> setGroupSpecs(
      Caller caller, String id, Supplier<Map<String, String>> request) {
    policy.authorize(caller, Rule.SHARE_GROUP_TYPE_SPEC_CREATE);
    Map<String, String> sent = request.get();
    return visible(caller, id, "Share group type " + id + " could not be found.")
        .chain(
            t -> {
              Map<String, String> merged = new LinkedHashMap<>(t.groupSpecs());
              merged.putAll(sent);
              return types.setGroupSpecs(pool, t.id(), merged);
            })
        .replaceWith(sent);
  }

  public Uni<Void> deleteGroupSpec(Caller caller, String id, String key) {
    policy.authorize(caller, Rule.SHARE_GROUP_TYPE_SPEC_DELETE);
    return visible(caller, id, "Share group type " + id + " could not be found.")
        .chain(
            t -> {
              if (!t.groupSpecs().containsKey(key)) {
                throw noSpec(id, key);
              }
              Map<String, String> rest = new LinkedHashMap<>(t.groupSpecs());
              rest.remove(key);
              return types.setGroupSpecs(pool, t.id(), rest);
            });
  }
}
