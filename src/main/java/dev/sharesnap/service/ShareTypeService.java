package dev.sharesnap.service;

import dev.sharesnap.domain.ApiException;
import dev.sharesnap.domain.ShareType;
import dev.sharesnap.identity.Caller;
import dev.sharesnap.persistence.Clock;
import dev.sharesnap.persistence.ShareTypeAccessRepository;
import dev.sharesnap.persistence.ShareTypeEntity;
import dev.sharesnap.persistence.ShareTypeRepository;
import dev.sharesnap.policy.PolicyEnforcer;
import dev.sharesnap.policy.Rule;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Share types: the built-in default one, lookups by name or id, admin create, update and delete. A
 * private type exists for admins and for the projects on its access list.
 */
@ApplicationScoped
public class ShareTypeService {

  private final ShareTypeRepository repository;
  private final ShareTypeAccessRepository access;
  private final Pool pool;
  private final PolicyEnforcer policy;

  public ShareTypeService(
      ShareTypeRepository repository,
      ShareTypeAccessRepository access,
      Pool pool,
      PolicyEnforcer policy) {
    this.repository = repository;
    this.access = access;
    this.pool = pool;
    this.policy = policy;
  }

  /**
   * Types a caller may list: Manila shows public ones by default, and admins private ones too when
   * they ask with {@code is_public=all|false}. As in Manila, the default listing adds the private
   * types shared with the caller's project (admins included).
   */
  public Uni<List<ShareType>> list(Caller caller, String isPublic) {
    policy.authorize(caller, Rule.SHARE_TYPE_INDEX);
    String filter = isPublic == null ? "true" : isPublic.toLowerCase();
    if (!List.of("true", "false", "all").contains(filter)) {
      throw ApiException.badRequest("Invalid is_public filter [" + isPublic + "]");
    }
    String wanted = caller.isAdmin() ? filter : "true";
    return access
        .typesOf(pool, caller.projectId())
        .chain(
            granted ->
                Panache.withSession(() -> repository.listOrdered())
                    .map(
                        all ->
                            all.stream()
                                .filter(t -> listed(t, wanted, granted))
                                .map(ShareTypeEntity::toDomain)
                                .toList()));
  }

  private static boolean listed(ShareTypeEntity t, String filter, Set<UUID> granted) {
    return switch (filter) {
      case "all" -> true;
      case "true" -> t.isPublic || granted.contains(t.id);
      default -> !t.isPublic;
    };
  }

  /** {@code GET /types/{id}}: an id, or the word {@code default}, as Manila routes it. */
  public Uni<ShareType> show(Caller caller, String id) {
    policy.authorize(caller, Rule.SHARE_TYPE_INDEX);
    if ("default".equals(id)) {
      return Panache.withSession(repository::findDefault)
          .onItem()
          .ifNull()
          .failWith(() -> ApiException.notFound("Default share type not found."))
          .map(ShareTypeEntity::toDomain);
    }
    UUID uuid = Ids.parse(id, NOT_FOUND);
    return Panache.withSession(() -> repository.findById(uuid))
        .onItem()
        .ifNull()
        .failWith(NOT_FOUND)
        .map(ShareTypeEntity::toDomain)
        .chain(t -> visible(caller, t, NOT_FOUND));
  }

  /** A private type exists for admins and for the projects on its access list. */
  private Uni<ShareType> visible(Caller caller, ShareType t, ApiException notFound) {
    if (t.isPublic() || caller.isAdmin()) {
      return Uni.createFrom().item(t);
    }
    return access
        .allowed(pool, t.id(), caller.projectId())
        .map(
            ok -> {
              if (!ok) {
                throw notFound;
              }
              return t;
            });
  }

  /** Extra specs by type id only; a name (even "default") is a 404 here, as in Manila. */
  public Uni<ShareType> withExtraSpecs(Caller caller, String id) {
    policy.authorize(caller, Rule.SHARE_TYPE_INDEX);
    return byId(Ids.parse(id, notFound(id))).chain(t -> visible(caller, t, notFound(id)));
  }

  public Uni<ShareType> byId(UUID id) {
    return Panache.withSession(() -> repository.findById(id))
        .onItem()
        .ifNull()
        .failWith(() -> notFound(id.toString()))
        .map(ShareTypeEntity::toDomain);
  }

  /** The type a share create names (id or name), or the default type when it names none. */
  public Uni<ShareType> resolve(Caller caller, String idOrName) {
    return resolve(idOrName).chain(t -> visible(caller, t, NOT_FOUND));
  }

  /**
   * The type named (first by name, then by id) by a quota-set's {@code share_type}, else {@code
   * unknown}.
   */
  public Uni<ShareType> byNameOrId(String idOrName, ApiException unknown) {
    return lookup(idOrName, unknown);
  }

  private Uni<ShareType> resolve(String idOrName) {
    return lookup(idOrName, NOT_FOUND);
  }

  private Uni<ShareType> lookup(String idOrName, ApiException unknown) {
    if (idOrName == null) {
      return Panache.withSession(repository::findDefault)
          .onItem()
          .ifNull()
          .failWith(
              () ->
                  ApiException.badRequest(
                      "Invalid input received: Share type could not be determined: no default share type."))
          .map(ShareTypeEntity::toDomain);
    }
    return Panache.withSession(
            () ->
                repository
                    .findByName(idOrName)
                    .chain(
                        byName ->
                            byName != null
                                ? Uni.createFrom().item(byName)
                                : findByIdOrNull(idOrName)))
        .onItem()
        .ifNull()
        .failWith(unknown)
        .map(ShareTypeEntity::toDomain);
  }

  private Uni<ShareTypeEntity> findByIdOrNull(String raw) {
    try {
      return repository.findById(UUID.fromString(raw));
    } catch (IllegalArgumentException e) {
      return Uni.createFrom().nullItem();
    }
  }

  /** A type create request as the edge validated it. */
  public record NewType(
      String name, String description, boolean isPublic, Map<String, String> extraSpecs) {}

  /** Policy first, then the body (Manila's order), then the insert. */
  public Uni<ShareType> create(Caller caller, Supplier<NewType> request) {
    policy.authorize(caller, Rule.SHARE_TYPE_CREATE);
    NewType req = request.get();
    String name = req.name();
    String description = req.description();
    boolean isPublic = req.isPublic();
    Map<String, String> extraSpecs = req.extraSpecs();
    ShareTypeEntity e = new ShareTypeEntity();
    e.id = UUID.randomUUID();
    e.name = name;
    e.description = description;
    e.isPublic = isPublic;
    e.isDefault = false;
    e.extraSpecs = new LinkedHashMap<>(extraSpecs);
    e.createdAt = Clock.now();
    return Panache.withTransaction(
            () ->
                repository
                    .findByName(name)
                    .chain(
                        existing -> {
                          if (existing != null) {
                            throw ApiException.conflict("Share Type " + name + " already exists.");
                          }
                          return repository.persist(e);
                        }))
        .map(ShareTypeEntity::toDomain);
  }

  /** A type update as the edge validated it: null fields stay as they are. */
  public record TypeUpdate(String name, String description, Boolean isPublic) {}

  /** {@code PUT /types/{id}} (2.50+): policy, body, then one UPDATE; a taken name is a 409. */
  public Uni<ShareType> update(Caller caller, String id, Supplier<TypeUpdate> request) {
    policy.authorize(caller, Rule.SHARE_TYPE_UPDATE);
    TypeUpdate req = request.get();
    UUID uuid = Ids.parse(id, notFound(id));
    return repository
        .update(pool, uuid, req.name(), req.description(), req.isPublic())
        .onFailure(ShareTypeService::uniqueViolation)
        .transform(e -> ApiException.conflict("Share Type " + req.name() + " already exists."))
        .invoke(
            found -> {
              if (!found) {
                throw notFound(id);
              }
            })
        .chain(x -> byId(uuid));
  }

  /**
   * {@code DELETE /types/{id}}: refused while a share uses the type, with Manila's 400; its access
   * list goes with it.
   */
  public Uni<Void> delete(Caller caller, String id) {
    policy.authorize(caller, Rule.SHARE_TYPE_DELETE);
    UUID uuid = Ids.parse(id, ApiException.notFound());
    return repository
        .deleteUnused(pool, uuid)
        .onFailure(e -> e instanceof PgException pg && "23503".equals(pg.getSqlState()))
        .transform(e -> IN_USE)
        .chain(deleted -> deleted ? Uni.createFrom().voidItem() : whyNotDeleted(uuid));
  }

  private Uni<Void> whyNotDeleted(UUID id) {
    return Panache.withSession(() -> repository.findById(id))
        .map(
            t -> {
              throw t == null ? ApiException.notFound() : IN_USE;
            });
  }

  private static boolean uniqueViolation(Throwable e) {
    return e instanceof PgException pg && "23505".equals(pg.getSqlState());
  }

  private static final ApiException IN_USE =
      ApiException.badRequest("Target share type is still in use.");

  private static final ApiException NOT_FOUND = ApiException.notFound("Share type not found.");

  static ApiException notFound(String id) {
    return ApiException.notFound("Share type " + id + " could not be found.");
  }
}
