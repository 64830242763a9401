package dev.sharesnap.persistence;

import dev.sharesnap.domain.ShareType;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** Share types are read-mostly admin data; plain Panache CRUD fits them. */
@Entity
@Table(name = "share_types")
public class ShareTypeEntity extends PanacheEntityBase {

  @Id public UUID id;

  @Column(nullable = false, unique = true)
  public String name;

  public String description;

  @Column(name = "is_public", nullable = false)
  public boolean isPublic;

  @Column(name = "is_default", nullable = false)
  public boolean isDefault;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "extra_specs", nullable = false)
  public Map<String, String> extraSpecs = new LinkedHashMap<>();

  @Column(name = "created_at", nullable = false)
  public LocalDateTime createdAt;

  public ShareType toDomain() {
    return new ShareType(
        id, name, description, isPublic, isDefault, new LinkedHashMap<>(extraSpecs));
  }
}
