package io.safehold.catalog;

import java.time.Instant;
import java.util.UUID;

public record RunEventRow(long id, UUID runId, Instant at, String type, String message) {}
