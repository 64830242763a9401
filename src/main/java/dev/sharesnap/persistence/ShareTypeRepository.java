package dev.sharesnap.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Share types through Hibernate Reactive Panache. Callers open the session (service layer). */
@ApplicationScoped
public class ShareTypeRepository implements PanacheRepositoryBase<ShareTypeEntity, UUID> {

  public Uni<ShareTypeEntity> findByName(String name) {
    return find("name", name).firstResult();
  }

  public Uni<ShareTypeEntity> findDefault() {
    return find("isDefault", true).firstResult();
  }

  public Uni<List<ShareTypeEntity>> listOrdered() {
    return list("order by name");
  }
}
