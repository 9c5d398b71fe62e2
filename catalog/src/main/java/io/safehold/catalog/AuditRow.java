package io.safehold.catalog;

import java.time.Instant;
import java.util.UUID;

public record AuditRow(long id, Instant at, UUID keyId, String action, String target, int result) {}
