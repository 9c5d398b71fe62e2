package io.safehold.catalog;

import java.time.Instant;
import java.util.UUID;

/** One stored config of a device; {@code facts} is JSON text. */
public record ConfigVersionRow(
    UUID deviceId,
    int version,
    UUID runId,
    String objectKey,
    long size,
    String sha256,
    String hostname,
    String facts,
    Instant capturedAt) {}
