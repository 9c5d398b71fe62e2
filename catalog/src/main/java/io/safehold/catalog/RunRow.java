package io.safehold.catalog;

import java.time.Instant;
import java.util.UUID;

/**
 * A run as the catalog stores it; {@code result} is the JSON text of the kind-specific outcome.
 * {@code source} is {@code workflow} for Safehold's own runs, or {@code import:cove}, {@code
 * import:bacula} or {@code event}, with {@code externalId} unique per source; {@code scope} is the
 * part of the asset the run covers ({@code ""} for the whole asset).
 */
public record RunRow(
    UUID id,
    String kind,
    UUID assetId,
    String status,
    String phase,
    Long progressDone,
    Long progressTotal,
    String workflowId,
    String temporalRunId,
    String source,
    String externalId,
    long bytes,
    String error,
    String result,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    String scope) {}
