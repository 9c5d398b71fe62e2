package io.safehold.catalog;

import java.time.Instant;
import java.util.UUID;

/**
 * Anything Safehold backs up or watches. {@code externalId} is its id in the owning {@code system}
 * (null for assets Safehold created itself); {@code backupWindowS} is how old its last good
 * backup may be before the awareness loop raises an alert (null: the global default).
 */
public record AssetRow(
    UUID id,
    String kind,
    String name,
    String system,
    String externalId,
    Long backupWindowS,
    Instant createdAt) {}
