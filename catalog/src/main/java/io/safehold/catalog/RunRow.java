package io.safehold.catalog;

import java.time.Instant;
import java.util.UUID;

/** A run as the catalog stores it; {@code result} is the JSON text of the kind-specific outcome. */
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
    Instant finishedAt) {}
