package io.safehold.catalog;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Per-asset ingest keys for {@code POST /api/v1/backup-events}, stored hashed like API keys. */
@RegisterConstructorMapper(IngestKeyRow.class)
public interface IngestKeyDao {

  String SELECT_KEY = "SELECT id, asset_id, name, created_at, revoked_at FROM ingest_keys";

  @SqlUpdate(
      """
      INSERT INTO ingest_keys (id, asset_id, name, key_hash)
      VALUES (:id, :assetId, :name, :keyHash)
      """)
  void insert(UUID id, UUID assetId, String name, String keyHash);

  @SqlQuery(SELECT_KEY + " WHERE key_hash = :keyHash AND revoked_at IS NULL")
  Optional<IngestKeyRow> findActiveByHash(String keyHash);

  @SqlQuery(SELECT_KEY + " WHERE id = :id")
  Optional<IngestKeyRow> find(UUID id);

  /** Every key, oldest first; {@code assetId} null for all assets. */
  @SqlQuery(
      SELECT_KEY
          + " WHERE CAST(:assetId AS uuid) IS NULL OR asset_id = CAST(:assetId AS uuid)"
          + " ORDER BY created_at, id")
  List<IngestKeyRow> list(UUID assetId);

  /** False when the key does not exist or was already revoked. */
  @SqlUpdate("UPDATE ingest_keys SET revoked_at = now() WHERE id = :id AND revoked_at IS NULL")
  boolean revoke(UUID id);
}
