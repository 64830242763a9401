package dev.sharesnap.service;

import dev.sharesnap.domain.ApiException;
import dev.sharesnap.domain.ShareType;
import dev.sharesnap.identity.Caller;
import dev.sharesnap.persistence.ShareTypeRepository;
import dev.sharesnap.policy.PolicyEnforcer;
import dev.sharesnap.policy.Rule;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Admin changes to a share type's extra specs (Manila's share_types_extra_spec rules). Shares copy
 * their capabilities at creation, so a change affects only shares created after it, as in Manila.
 * Each change is one SQL statement on the type's jsonb column, so concurrent changes of different
 * keys all stay.
 */
@ApplicationScoped
public class ExtraSpecService {

  private static final Logger LOG = Logger.getLogger(ExtraSpecService.class);
  private static final String REQUIRED = "driver_handles_share_servers";
  private static final String SNAPSHOT_SUPPORT = "snapshot_support";

  private final ShareTypeService types;
  private final ShareTypeRepository repository;
  private final Pool pool;
  private final PolicyEnforcer policy;

  public ExtraSpecService(
      ShareTypeService types, ShareTypeRepository repository, Pool pool, PolicyEnforcer policy) {
    this.types = types;
    this.repository = repository;
    this.pool = pool;
    this.policy = policy;
  }

  /** {@code POST /types/{id}/extra_specs} (set or replace several). */
  public Uni<Map<String, String>> set(
      Caller caller, String typeId, Supplier<Map<String, String>> specs) {
    policy.authorize(caller, Rule.EXTRA_SPEC_CREATE);
    return merge(typeId, specs.get());
  }

  /** {@code PUT /types/{id}/extra_specs/{key}} (one key). */
  public Uni<Map<String, String>> update(
      Caller caller, String typeId, Supplier<Map<String, String>> spec) {
    policy.authorize(caller, Rule.EXTRA_SPEC_UPDATE);
    return merge(typeId, spec.get());
  }

  private Uni<Map<String, String>> merge(String typeId, Map<String, String> specs) {
    UUID id = Ids.parse(typeId, ShareTypeService.notFound(typeId));
    return repository
        .mergeSpecs(pool, id, specs)
        .invoke(found -> requireType(found, typeId))
        .invoke(x -> LOG.infof("share type %s: extra specs %s set", id, specs.keySet()))
        .replaceWith(specs);
  }

  /** {@code GET /types/{id}/extra_specs/{key}}: the one spec, or webob's bare 404. */
  public Uni<Map<String, String>> show(Caller caller, String typeId, String key) {
    policy.authorize(caller, Rule.EXTRA_SPEC_SHOW);
    return types
        .byId(Ids.parse(typeId, ShareTypeService.notFound(typeId)))
        .map(ShareType::extraSpecs)
        .map(
            specs -> {
              if (!specs.containsKey(key)) {
                throw ApiException.notFound();
              }
              return Map.of(key, specs.get(key));
            });
  }

  /**
   * {@code DELETE /types/{id}/extra_specs/{key}}: the required spec can never go, nor, before 2.24,
   * snapshot_support (Manila's 403s, after the type lookup).
   */
  public Uni<Void> delete(
      Caller caller, String typeId, String key, boolean snapshotSupportRequired) {
    policy.authorize(caller, Rule.EXTRA_SPEC_DELETE);
    UUID id = Ids.parse(typeId, ShareTypeService.notFound(typeId));
    return types
        .byId(id)
        .invoke(
            t -> {
              if (key.equals(REQUIRED) || snapshotSupportRequired && key.equals(SNAPSHOT_SUPPORT)) {
                throw ApiException.forbidden("Extra spec '" + key + "' can't be deleted.");
              }
            })
        .chain(t -> repository.removeSpec(pool, id, key))
        .invoke(
            removed -> {
              if (!removed) {
                throw ApiException.notFound(
                    "Share Type " + typeId + " has no extra specs with key " + key + ".");
              }
              LOG.infof("share type %s: extra spec %s deleted", id, key);
            })
        .replaceWithVoid();
  }

  private static void requireType(boolean found, String typeId) {
    if (!found) {
      throw ShareTypeService.notFound(typeId);
    }
  }
}
