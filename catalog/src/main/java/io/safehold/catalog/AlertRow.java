package io.safehold.catalog;

import java.time.Instant;
import java.util.UUID;

/** One alert; open while {@code clearedAt} is null. */
public record AlertRow(
    long id,
    String kind,
    UUID assetId,
    String subject,
    UUID runId,
    String message,
    Instant raisedAt,
    Instant clearedAt,
    String clearedBy) {}
