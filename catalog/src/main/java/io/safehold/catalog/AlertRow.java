package io.safehold.catalog;

import java.time.Instant;
import java.util.UUID;

/**
 * One alert; open while {@code clearedAt} is null, and acknowledged (seen, still open) once {@code
 * ackedAt} is set.
 */
public record AlertRow(
    long id,
    String kind,
    UUID assetId,
    String subject,
    UUID runId,
    String message,
    Instant raisedAt,
    Instant clearedAt,
    String clearedBy,
    Instant ackedAt,
    String ackedBy,
    String ackComment) {}
