package io.safehold.api.auth;

import io.safehold.catalog.IngestKeyDao;
import io.safehold.catalog.IngestKeyRow;
import java.util.Optional;
import java.util.UUID;

/**
 * Ingest keys: like API keys ({@value ApiKeys#PREFIX}, shown once, stored as SHA-256) but bound to
 * one asset and good only for reporting its backup events.
 */
public final class IngestKeys {

  private IngestKeys() {}

  /** A newly created ingest key; {@code key} is the plaintext, which nothing else keeps. */
  public record CreatedIngestKey(UUID id, UUID assetId, String name, String key) {}

  public static CreatedIngestKey create(IngestKeyDao dao, UUID assetId, String name) {
    String key = ApiKeys.newKey();
    UUID id = UUID.randomUUID();
    dao.insert(id, assetId, name, ApiKeys.hash(key));
    return new CreatedIngestKey(id, assetId, name, key);
  }

  /** The active ingest key presented as {@code X-API-Key} or bearer token, if it is one. */
  public static Optional<IngestKeyRow> authenticate(
      IngestKeyDao dao, String apiKeyHeader, String authorizationHeader) {
    String key = ApiKeyFilter.presentedKey(apiKeyHeader, authorizationHeader);
    if (key == null || key.length() > 200) {
      return Optional.empty();
    }
    return dao.findActiveByHash(ApiKeys.hash(key));
  }
}
