package io.safehold.catalog;

import java.time.Instant;
import java.util.UUID;

public record ApiKeyRow(
    UUID id, String name, String role, String keyHash, Instant createdAt, Instant revokedAt) {}
