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

/** Share types: the built-in default one, lookups by name or id, and admin creation. */
@ApplicationScoped
public class ShareTypeService {

  private final ShareTypeRepository repository;
  private final PolicyEnforcer policy;

  public ShareTypeService(ShareTypeRepository repository, PolicyEnforcer policy) {
    this.repository = repository;
    this.policy = policy;
  }

  public Uni<List<ShareType>> list(Caller caller) {
    policy.authorize(caller, Rule.SHARE_TYPE_INDEX);
    return Panache.withSession(() -> repository.listOrdered())
        .map(all -> all.stream().map(ShareTypeEntity::toDomain).toList());
  }

  /** {@code GET /types/{id}}: an id, or the word {@code default}, as Manila routes it. */
  public Uni<ShareType> show(Caller caller, String id) {
    policy.authorize(caller, Rule.SHARE_TYPE_INDEX);
    if ("default".equals(id)) {
      return Panache.withSession(repository::findDefault)
          .onItem().ifNull().failWith(() -> ApiException.notFound("Default share type not found."))
          .map(ShareTypeEntity::toDomain);
    }
    return byId(Ids.parse(id, notFound(id)));
  }

  /** Extra specs by type id only; a name (even "default") is a 404 here, as in Manila. */
  public Uni<Map<String, String>> extraSpecs(Caller caller, String id) {
    policy.authorize(caller, Rule.SHARE_TYPE_INDEX);
    return byId(Ids.parse(id, notFound(id))).map(ShareType::extraSpecs);
  }

  public Uni<ShareType> byId(UUID id) {
    return Panache.withSession(() -> repository.findById(id))
        .onItem().ifNull().failWith(() -> notFound(id.toString()))
        .map(ShareTypeEntity::toDomain);
  }

  /** The type a share create names (id or name), or the default type when it names none. */
  public Uni<ShareType> resolve(String idOrName) {
    if (idOrName == null) {
      return Panache.withSession(repository::findDefault)
          .onItem().ifNull().failWith(() -> ApiException.badRequest(
              "Invalid input received: Share type could not be determined: no default share type."))
          .map(ShareTypeEntity::toDomain);
    }
    ApiException unknown = ApiException.notFound("ShareTypeNotFoundByName: Share type with name " + idOrName + " could not be found.");
    return Panache.withSession(() -> repository.findByName(idOrName)
            .chain(byName -> byName != null ? Uni.createFrom().item(byName) : findByIdOrNull(idOrName)))
        .onItem().ifNull().failWith(unknown)
        .map(ShareTypeEntity::toDomain);
  }

  private Uni<ShareTypeEntity> findByIdOrNull(String raw) {
    try {
      return repository.findById(UUID.fromString(raw));
    } catch (IllegalArgumentException e) {
      return Uni.createFrom().nullItem();
    }
  }

  public Uni<ShareType> create(
      Caller caller, String name, String description, boolean isPublic, Map<String, String> extraSpecs) {
    policy.authorize(caller, Rule.SHARE_TYPE_CREATE);
    ShareTypeEntity e = new ShareTypeEntity();
    e.id = UUID.randomUUID();
    e.name = name;
    e.description = description;
    e.isPublic = isPublic;
    e.isDefault = false;
    e.extraSpecs = new LinkedHashMap<>(extraSpecs);
    e.extraSpecs.putIfAbsent("driver_handles_share_servers", "False");
    e.createdAt = Clock.now();
    return Panache.withTransaction(() -> repository.findByName(name).chain(existing -> {
          if (existing != null) {
            throw ApiException.conflict("Share Type " + name + " already exists.");
          }
          return repository.persist(e);
        }))
        .map(ShareTypeEntity::toDomain);
  }

  private static ApiException notFound(String id) {
    return ApiException.notFound("ShareTypeNotFound: Share type " + id + " could not be found.");
  }
}
