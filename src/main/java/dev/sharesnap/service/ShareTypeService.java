package dev.sharesnap.service;

import dev.sharesnap.domain.ApiException;
import dev.sharesnap.domain.ShareType;
import dev.sharesnap.identity.Caller;
import dev.sharesnap.persistence.Clock;
import dev.sharesnap.persistence.ShareTypeEntity;
import dev.sharesnap.persistence.ShareTypeRepository;
import dev.sharesnap.policy.PolicyEnforcer;
import dev.sharesnap.policy.Rule;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/** Share types: the built-in default one, lookups by name or id, and admin creation. */
@ApplicationScoped
public class ShareTypeService {

  private final ShareTypeRepository repository;
  private final PolicyEnforcer policy;

  public ShareTypeService(ShareTypeRepository repository, PolicyEnforcer policy) {
    this.repository = repository;
    this.policy = policy;
  }

  /**
   * Types a caller may list: Manila shows public ones by default, and admins private ones too when
   * they ask with {@code is_public=all|false}. (Type access lists do not exist yet, so non-admins
   * see public types.)
   */
  public Uni<List<ShareType>> list(Caller caller, String isPublic) {
    policy.authorize(caller, Rule.SHARE_TYPE_INDEX);
    String filter = isPublic == null ? "true" : isPublic.toLowerCase();
    if (!List.of("true", "false", "all").contains(filter)) {
      throw ApiException.badRequest("Invalid is_public filter [" + isPublic + "]");
    }
    String wanted = caller.isAdmin() ? filter : "true";
    return Panache.withSession(() -> repository.listOrdered())
        .map(
            all ->
                all.stream()
                    .filter(t -> wanted.equals("all") || t.isPublic == wanted.equals("true"))
                    .map(ShareTypeEntity::toDomain)
                    .toList());
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
        .map(t -> visible(caller, t, NOT_FOUND));
  }

  /** Private types do not exist for non-admins (no type access lists yet). */
  private static ShareType visible(Caller caller, ShareType t, ApiException notFound) {
    if (!t.isPublic() && !caller.isAdmin()) {
      throw notFound;
    }
    return t;
  }

  /** Extra specs by type id only; a name (even "default") is a 404 here, as in Manila. */
  public Uni<ShareType> withExtraSpecs(Caller caller, String id) {
    policy.authorize(caller, Rule.SHARE_TYPE_INDEX);
    return byId(Ids.parse(id, notFound(id))).map(t -> visible(caller, t, notFound(id)));
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
    return resolve(idOrName).map(t -> visible(caller, t, NOT_FOUND));
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

  private static final ApiException NOT_FOUND = ApiException.notFound("Share type not found.");

  private static ApiException notFound(String id) {
    return ApiException.notFound("Share type " + id + " could not be found.");
  }
}
