package io.safehold.activities.cove;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how {@link CoveClient} talks to Cove.
 *
 * @param endpoint the JSON-RPC endpoint; Cove's public one is {@link #PUBLIC_ENDPOINT}
 * @param requestTimeout connect and answer timeout of one HTTP call; default 60 s
 * @param pageSize {@code RecordsCount} of each {@code EnumerateAccountStatistics} page; default 500
 */
public record CoveClientSettings(URI endpoint, Duration requestTimeout, int pageSize) {

  public static final URI PUBLIC_ENDPOINT = URI.create("https://api.backup.management/jsonapi");

  public CoveClientSettings {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive");
    }
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be at least 1");
    }
  }

  /** The defaults (60 s timeout, pages of 500) for an endpoint. */
  public static CoveClientSettings of(URI endpoint) {
    return new CoveClientSettings(endpoint, Duration.ofSeconds(60), 500);
  }

  public CoveClientSettings withRequestTimeout(Duration timeout) {
    return new CoveClientSettings(endpoint, timeout, pageSize);
  }

  public CoveClientSettings withPageSize(int size) {
    return new CoveClientSettings(endpoint, requestTimeout, size);
  }
}
