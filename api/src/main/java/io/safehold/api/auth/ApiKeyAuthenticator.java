package io.safehold.api.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.safehold.catalog.ApiKeyDao;
import java.time.Duration;
import java.util.Optional;

/**
 * Resolves a presented key to its {@link Caller}. Lookups, including misses, are cached briefly so
 * every request does not cost a catalog query; revoking through this process clears the cache.
 */
public final class ApiKeyAuthenticator {

  private final ApiKeyDao keys;
  private final Cache<String, Optional<Caller>> cache;

  public ApiKeyAuthenticator(ApiKeyDao keys, Duration ttl) {
    this.keys = keys;
    this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(10_000).build();
  }

  public Optional<Caller> authenticate(String presentedKey) {
    if (presentedKey == null || presentedKey.isBlank() || presentedKey.length() > 200) {
      return Optional.empty();
    }
    return cache.get(ApiKeys.hash(presentedKey.trim()), this::lookup);
  }

  /** Forgets every cached lookup, e.g. after a key was revoked. */
  public void forgetAll() {
    cache.invalidateAll();
  }

  private Optional<Caller> lookup(String hash) {
    return keys.findActiveByHash(hash)
        .flatMap(
            row -> Role.fromId(row.role()).map(role -> new Caller(row.id(), row.name(), role)));
  }
}
