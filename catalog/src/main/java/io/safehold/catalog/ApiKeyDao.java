package io.safehold.catalog;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(ApiKeyRow.class)
public interface ApiKeyDao {

  @SqlUpdate("INSERT INTO api_keys (id, name, role, key_hash) VALUES (:id, :name, :role, :keyHash)")
  void insert(UUID id, String name, String role, String keyHash);

  @SqlQuery("SELECT * FROM api_keys WHERE key_hash = :keyHash AND revoked_at IS NULL")
  Optional<ApiKeyRow> findActiveByHash(String keyHash);

  @SqlQuery("SELECT * FROM api_keys ORDER BY created_at, id")
  List<ApiKeyRow> list();

  @SqlQuery("SELECT * FROM api_keys WHERE id = :id")
  Optional<ApiKeyRow> find(UUID id);

  /** Returns false when the key does not exist or was already revoked. */
  @SqlUpdate("UPDATE api_keys SET revoked_at = now() WHERE id = :id AND revoked_at IS NULL")
  boolean revoke(UUID id);

  @SqlQuery("SELECT count(*) FROM api_keys WHERE role = 'admin' AND revoked_at IS NULL")
  int countActiveAdmins();
}
