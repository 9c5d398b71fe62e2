package io.safehold.catalog;

import java.time.Instant;
import java.util.UUID;

/** A key that reports backup events for one asset only; the catalog keeps its hash, not the key. */
public record IngestKeyRow(
    UUID id, UUID assetId, String name, Instant createdAt, Instant revokedAt) {}
